package dev.vigil.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL for tests (root only): data directories made with initdb as the postgres
 * user, psql over TCP on 127.0.0.1, and the crash of a postmaster with all its backends.
 */
public final class PostgresFixture {
    private PostgresFixture() {
    }

    /** Whether PostgreSQL can be run here: root (to become postgres) and the server installed. */
    public static boolean available() {
        return "root".equals(System.getProperty("user.name")) && bindir().isPresent();
    }

    /** {@code /usr/lib/postgresql/VERSION/bin} of the newest installed version. */
    public static Optional<Path> bindir() {
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(versions)) {
            return s.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A new data directory under {@code base} (made readable to postgres), initialized with trust auth. */
    public static Path initdb(Path base, String name) throws IOException, InterruptedException {
        Path data = Files.createDirectories(base.resolve(name));
        run("chown", "-R", "postgres:postgres", base.toString());
        run("chmod", "755", base.toString());
        run("runuser", "-u", "postgres", "--", bindir().orElseThrow().resolve("initdb").toString(), "-D",
                data.toString(), "-A", "trust", "--no-sync");
        return data;
    }

    /** Runs SQL through psql over TCP as postgres; the output, or empty if the server did not answer. */
    public static Optional<String> psql(int port, String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(bindir().orElseThrow().resolve("psql").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", "postgres", "-d", "postgres", "-XAtq", "-v", "ON_ERROR_STOP=1",
                "-c", sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return Optional.empty();
        }
        return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    }

    /** SIGKILL to the postmaster of {@code data} and all its processes, as when its machine dies. */
    public static void crash(Path data) throws IOException, InterruptedException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
        if (postmaster.isEmpty()) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>();
        postmaster.get().descendants().forEach(all::add);
        all.add(postmaster.get());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("process " + h.pid() + " did not die", e);
            }
        }
    }

    /** Stops whatever server runs on {@code data} at once (test cleanup). */
    public static void stopNow(Path data) throws IOException, InterruptedException {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            new ProcessBuilder("runuser", "-u", "postgres", "--", bindir().orElseThrow().resolve("pg_ctl").toString(),
                    "-D", data.toString(), "-m", "immediate", "-w", "stop").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Deletes a directory tree (test cleanup). */
    public static void delete(Path dir) throws IOException {
        if (dir != null && Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
