package dev.vigil.agent.database;

import java.time.Duration;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.agent.support.Configured;
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

    @Override
    public AgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public AgentResult validate(AgentRequest request) {
        return Configured.run(request, this::server, db -> !db.installed()
                ? AgentResult.of(OcfStatus.ERR_INSTALLED, "no pg_ctl in " + db.bindir)
                : !db.initialized() ? AgentResult.of(OcfStatus.ERR_CONFIGURED, db.datadir + " is not an initialized cluster")
                : AgentResult.ok());
    }

    @Override
    public AgentResult start(AgentRequest request) {
        AgentResult valid = validate(request);
        if (valid.status() != OcfStatus.OK) {
            return valid;
        }
        PostgresServer db = server(request);
        if (!db.running()) {
            String failed = db.start(request.timeout());
            if (failed != null) {
                return AgentResult.of(OcfStatus.ERR_GENERIC, failed);
            }
        }
        return check(db, request.depth());
    }

    @Override
    public AgentResult stop(AgentRequest request) {
        return Configured.run(request, this::server, db -> db.stop(request.timeout()) ? AgentResult.ok()
                : AgentResult.of(OcfStatus.ERR_GENERIC, "PostgreSQL in " + db.datadir + " would not stop"));
    }

    @Override
    public AgentResult monitor(AgentRequest request) {
        // Not installed here: certainly not running here.
        return Configured.run(request, this::server, db -> db.installed() && db.running() ? check(db, request.depth())
                : AgentResult.notRunning());
    }

    private PostgresServer server(AgentRequest request) {
        return new PostgresServer(request.parameters(), runner);
    }

    /** A query at depth 0; at depth 10 a committed write too. */
    static AgentResult check(PostgresServer db, int depth) {
        String sql = depth >= 10
                ? "create table if not exists vigil_monitor(checked timestamptz); insert into vigil_monitor values (now()); "
                        + "delete from vigil_monitor; select 1"
                : "select 1";
        StringBuilder why = new StringBuilder();
        java.util.Optional<String> out = db.query(sql, Duration.ofSeconds(15), why);
        if (out.isEmpty() || !out.get().endsWith("1")) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, "PostgreSQL runs but " + (depth >= 10 ? "a write" : "a query")
                    + " failed: " + why);
        }
        return AgentResult.ok();
    }
}
