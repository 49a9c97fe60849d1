package dev.vigil.agent.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.vigil.agent.support.PidFile;
import dev.vigil.agent.support.ProcessResult;
import dev.vigil.agent.support.ProcessRunner;

/**
 * One local PostgreSQL server from an agent's parameters (datadir, port, socketdir, bindir,
 * user, dbname), and the commands agents run on it: pg_ctl and psql, as {@code user} through
 * runuser when the node runs as root.
 */
final class PostgresServer {
    final Path datadir;
    final int port;
    final Path socketdir;
    final Path bindir;
    final String user;
    final String dbname;
    private final ProcessRunner runner;

    PostgresServer(Map<String, String> p, ProcessRunner runner) {
        this.runner = runner;
        String d = p.get("datadir");
        if (d == null || d.isBlank()) {
            throw new IllegalArgumentException("parameter 'datadir' is required");
        }
        datadir = Path.of(d);
        port = port(p.getOrDefault("port", "5432"));
        socketdir = Path.of(p.getOrDefault("socketdir", "/var/run/postgresql"));
        bindir = p.containsKey("bindir") ? Path.of(p.get("bindir")) : newestBindir();
        user = p.getOrDefault("user", "postgres");
        if (!user.matches("[a-z_][a-z0-9_-]*")) {
            throw new IllegalArgumentException("user '" + user + "' is not a user name");
        }
        dbname = p.getOrDefault("dbname", "postgres");
    }

    static int port(String text) {
        int port;
        try {
            port = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + text + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        return port;
    }

    private static Path newestBindir() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString()
                            .replaceAll("\\D", "0")))).orElse(Path.of("/usr/lib/postgresql/bin"));
        } catch (IOException | NumberFormatException e) {
            return Path.of("/usr/lib/postgresql/bin");
        }
    }

    boolean installed() {
        return Files.isExecutable(bindir.resolve("pg_ctl"));
    }

    boolean initialized() {
        return Files.exists(datadir.resolve("PG_VERSION"));
    }

    /**
     * pg_ctl status: 0 running, 3 not running (4: no data directory, so not running either).
     * pg_ctl trusts kill(pid, 0), which also succeeds on a crashed postmaster not yet reaped
     * (a zombie): that one is not running either, and its lock file is stale.
     */
    boolean running() {
        ProcessResult r = asUser(List.of(bindir.resolve("pg_ctl").toString(), "-D", datadir.toString(), "status"),
                Duration.ofSeconds(10));
        return r != null && r.exitCode() == 0 && !PidFile.namesZombie(datadir.resolve("postmaster.pid"));
    }

    /** Starts the server and waits until it accepts connections; null when it did, else why not. */
    String start(Duration timeout) {
        removeStaleLockFiles();
        long seconds = Math.max(5, timeout.toSeconds() - 2);
        ProcessResult r = asUser(List.of(bindir.resolve("pg_ctl").toString(), "-D", datadir.toString(),
                "-o", "-p " + port + " -k " + socketdir, "-l", datadir.resolve("vigil-postgres.log").toString(),
                "-w", "-t", Long.toString(seconds), "start"), timeout);
        if (r == null || r.exitCode() != 0) {
            return "pg_ctl start failed: " + (r == null ? "timed out"
                    : ProcessResult.lastLine(r.stdout() + "\n" + r.stderr()));
        }
        return null;
    }

    /** Stops fast, then immediately; true once it no longer runs. */
    boolean stop(Duration timeout) {
        if (!running()) {
            return true;
        }
        for (String mode : List.of("fast", "immediate")) {
            asUser(List.of(bindir.resolve("pg_ctl").toString(), "-D", datadir.toString(), "-m", mode, "-w", "stop"),
                    timeout.dividedBy(2));
            if (!running()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The lock files (data directory and socket) of a postmaster that crashed and is not reaped
     * yet (a zombie) would make the new one refuse to start: they are stale, remove them.
     */
    private void removeStaleLockFiles() {
        for (Path lock : List.of(datadir.resolve("postmaster.pid"), socketdir.resolve(".s.PGSQL." + port + ".lock"))) {
            if (PidFile.namesZombie(lock)) {
                try {
                    Files.deleteIfExists(lock);
                } catch (IOException e) {
                    // pg_ctl start will say why it cannot start
                }
            }
        }
    }

    /** Runs SQL on the local server through its socket; the unaligned output, or empty with the error in why. */
    Optional<String> query(String sql, Duration timeout, StringBuilder why) {
        return psql(List.of("-h", socketdir.toString(), "-p", Integer.toString(port)), sql, timeout, why);
    }

    /** Runs SQL on a server at host:port over TCP (a peer). */
    Optional<String> queryAt(String host, int peerPort, String sql, Duration timeout) {
        return psql(List.of("-h", host, "-p", Integer.toString(peerPort)), sql, timeout, new StringBuilder());
    }

    private Optional<String> psql(List<String> where, String sql, Duration timeout, StringBuilder why) {
        List<String> cmd = new ArrayList<>(List.of(bindir.resolve("psql").toString()));
        cmd.addAll(where);
        cmd.addAll(List.of("-d", dbname, "-U", user, "-XAtqc", sql));
        ProcessResult r = asUser(cmd, timeout);
        if (r == null || r.exitCode() != 0) {
            why.append(r == null ? "timed out" : ProcessResult.lastLine(r.stderr()));
            return Optional.empty();
        }
        return Optional.of(r.stdout().strip());
    }

    /** Runs a command as the server's user; null if it did not finish in time. */
    ProcessResult asUser(List<String> command, Duration timeout) {
        List<String> full = new ArrayList<>();
        if (!user.equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", user, "--"));
        }
        full.addAll(command);
        return runner.finish(full, timeout, Path.of("/")).orElse(null);
    }
}
