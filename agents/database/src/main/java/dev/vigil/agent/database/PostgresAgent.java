package dev.vigil.agent.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Component;

import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.agent.support.PidFile;
import dev.vigil.agent.support.ProcessResult;
import dev.vigil.agent.support.ProcessRunner;

/**
 * A PostgreSQL cluster (the Debian package's binaries): {@code pg_ctl start -w}, {@code stop
 * -m fast} (then immediate), monitor by {@code pg_ctl status} and a query ({@code select 1});
 * at check depth 10 also a write, so a database that answers but cannot commit is failed.
 * Commands run as {@code user} (default postgres) through runuser when the node runs as root.
 */
@Component(property = ResourceAgent.TYPE_PROPERTY + "=database")
public final class PostgresAgent implements ResourceAgent {
    private static final AgentMetadata METADATA = AgentMetadata.of("database", "1.0", "PostgreSQL",
            List.of(AgentMetadata.Parameter.of("datadir", "string", null, true, "The cluster's data directory"),
                    AgentMetadata.Parameter.of("port", "integer", "5432", false, "TCP port"),
                    AgentMetadata.Parameter.of("socketdir", "string", "/var/run/postgresql", false,
                            "Unix socket directory"),
                    AgentMetadata.Parameter.of("bindir", "string", null, false,
                            "Where pg_ctl and psql are (default: the newest /usr/lib/postgresql/*/bin)"),
                    AgentMetadata.Parameter.of("user", "string", "postgres", false, "The OS user that owns datadir"),
                    AgentMetadata.Parameter.of("dbname", "string", "postgres", false, "Database the monitor uses")),
            AgentMetadata.Action.startStopMonitor(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(10)));

    private final ProcessRunner runner = new ProcessRunner();

    /** Checked parameters. */
    private static final class Db {
        final Path datadir;
        final int port;
        final Path socketdir;
        final Path bindir;
        final String user;
        final String dbname;

        Db(Map<String, String> p) {
            String d = p.get("datadir");
            if (d == null || d.isBlank()) {
                throw new IllegalArgumentException("parameter 'datadir' is required");
            }
            datadir = Path.of(d);
            try {
                port = Integer.parseInt(p.getOrDefault("port", "5432"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port '" + p.get("port") + "' is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range");
            }
            socketdir = Path.of(p.getOrDefault("socketdir", "/var/run/postgresql"));
            bindir = p.containsKey("bindir") ? Path.of(p.get("bindir")) : newestBindir();
            user = p.getOrDefault("user", "postgres");
            if (!user.matches("[a-z_][a-z0-9_-]*")) {
                throw new IllegalArgumentException("user '" + user + "' is not a user name");
            }
            dbname = p.getOrDefault("dbname", "postgres");
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
    }

    @Override
    public AgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public AgentResult validate(AgentRequest request) {
        try {
            Db db = new Db(request.parameters());
            if (!Files.isExecutable(db.bindir.resolve("pg_ctl"))) {
                return AgentResult.of(OcfStatus.ERR_INSTALLED, "no pg_ctl in " + db.bindir);
            }
            if (!Files.exists(db.datadir.resolve("PG_VERSION"))) {
                return AgentResult.of(OcfStatus.ERR_CONFIGURED, db.datadir + " is not an initialized cluster");
            }
            return AgentResult.ok();
        } catch (IllegalArgumentException e) {
            return AgentResult.of(OcfStatus.ERR_CONFIGURED, e.getMessage());
        }
    }

    @Override
    public AgentResult start(AgentRequest request) {
        AgentResult valid = validate(request);
        if (valid.status() != OcfStatus.OK) {
            return valid;
        }
        Db db = new Db(request.parameters());
        if (running(db)) {
            return query(db, request.depth());
        }
        removeStaleLockFiles(db);
        long seconds = Math.max(5, request.timeout().toSeconds() - 2);
        ProcessResult r = asUser(db, List.of(db.bindir.resolve("pg_ctl").toString(), "-D", db.datadir.toString(),
                "-o", "-p " + db.port + " -k " + db.socketdir, "-l", db.datadir.resolve("vigil-postgres.log").toString(),
                "-w", "-t", Long.toString(seconds), "start"), request.timeout());
        if (r == null || r.exitCode() != 0) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, "pg_ctl start failed: " + (r == null ? "timed out"
                    : ProcessResult.lastLine(r.stdout() + "\n" + r.stderr())));
        }
        return query(db, request.depth());
    }

    @Override
    public AgentResult stop(AgentRequest request) {
        Db db;
        try {
            db = new Db(request.parameters());
        } catch (IllegalArgumentException e) {
            return AgentResult.of(OcfStatus.ERR_CONFIGURED, e.getMessage());
        }
        if (!running(db)) {
            return AgentResult.ok();
        }
        for (String mode : List.of("fast", "immediate")) {
            asUser(db, List.of(db.bindir.resolve("pg_ctl").toString(), "-D", db.datadir.toString(), "-m", mode, "-w",
                    "stop"), request.timeout().dividedBy(2));
            if (!running(db)) {
                return AgentResult.ok();
            }
        }
        return AgentResult.of(OcfStatus.ERR_GENERIC, "PostgreSQL in " + db.datadir + " would not stop");
    }

    @Override
    public AgentResult monitor(AgentRequest request) {
        Db db;
        try {
            db = new Db(request.parameters());
        } catch (IllegalArgumentException e) {
            return AgentResult.of(OcfStatus.ERR_CONFIGURED, e.getMessage());
        }
        if (!Files.isExecutable(db.bindir.resolve("pg_ctl"))) {
            return AgentResult.notRunning(); // not installed here: certainly not running here
        }
        return running(db) ? query(db, request.depth()) : AgentResult.notRunning();
    }

    /**
     * pg_ctl status: 0 running, 3 not running (4: no data directory, so not running either).
     * pg_ctl trusts kill(pid, 0), which also succeeds on a crashed postmaster not yet reaped
     * (a zombie): that one is not running either, and its lock file is stale.
     */
    private boolean running(Db db) {
        ProcessResult r = asUser(db, List.of(db.bindir.resolve("pg_ctl").toString(), "-D", db.datadir.toString(),
                "status"), Duration.ofSeconds(10));
        return r != null && r.exitCode() == 0 && !postmasterIsZombie(db);
    }

    private static boolean postmasterIsZombie(Db db) {
        return PidFile.namesZombie(db.datadir.resolve("postmaster.pid"));
    }

    /**
     * The lock files (data directory and socket) of a postmaster that crashed and is not reaped
     * yet (a zombie) would make the new one refuse to start: they are stale, remove them.
     */
    private static void removeStaleLockFiles(Db db) {
        for (Path lock : List.of(db.datadir.resolve("postmaster.pid"),
                db.socketdir.resolve(".s.PGSQL." + db.port + ".lock"))) {
            if (PidFile.namesZombie(lock)) {
                try {
                    Files.deleteIfExists(lock);
                } catch (IOException e) {
                    // pg_ctl start will say why it cannot start
                }
            }
        }
    }

    private AgentResult query(Db db, int depth) {
        String sql = depth >= 10
                ? "create table if not exists vigil_monitor(checked timestamptz); insert into vigil_monitor values (now()); "
                        + "delete from vigil_monitor; select 1"
                : "select 1";
        ProcessResult r = asUser(db, List.of(db.bindir.resolve("psql").toString(), "-h", db.socketdir.toString(),
                "-p", Integer.toString(db.port), "-d", db.dbname, "-Atqc", sql), Duration.ofSeconds(15));
        if (r == null || r.exitCode() != 0 || !r.stdout().strip().endsWith("1")) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, "PostgreSQL runs but " + (depth >= 10 ? "a write" : "a query")
                    + " failed: " + (r == null ? "timed out" : ProcessResult.lastLine(r.stderr())));
        }
        return AgentResult.ok();
    }

    private ProcessResult asUser(Db db, List<String> command, Duration timeout) {
        List<String> full = new ArrayList<>();
        if (!db.user.equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", db.user, "--"));
        }
        full.addAll(command);
        return runner.finish(full, timeout, Path.of("/")).orElse(null);
    }

}
