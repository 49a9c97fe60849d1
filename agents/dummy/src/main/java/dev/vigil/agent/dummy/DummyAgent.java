package dev.vigil.agent.dummy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;

/**
 * Does nothing but remember whether it runs, in a state file, like OCF's {@code Dummy}:
 * the resource is running while its state file exists. {@code op_sleep} (seconds) makes
 * every operation slow, to exercise timeouts. It migrates as OCF's Dummy does: migrate_to
 * stops it here, migrate_from starts it on the target.
 */
@Component(property = ResourceAgent.TYPE_PROPERTY + "=dummy")
public final class DummyAgent implements ResourceAgent {
    private static final AgentMetadata METADATA = AgentMetadata.of("dummy", "1.0",
            "Example agent that remembers in a file whether it runs",
            List.of(AgentMetadata.Parameter.of("state", "string", null, false,
                            "State file (default: <state dir>/dummy-<resource>.state)"),
                    AgentMetadata.Parameter.of("op_sleep", "string", "0", false,
                            "Seconds each operation sleeps")),
            AgentMetadata.Action.startStopMonitor(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(10)));

    /** Which build of this agent answers: monitors say it, so a hot update can be seen taking effect. */
    private volatile String build = "unknown";

    @Activate
    void activate(BundleContext context) {
        build = context.getBundle().getSymbolicName() + " " + context.getBundle().getVersion();
    }

    @Override
    public AgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public AgentResult validate(AgentRequest request) {
        try {
            sleepTime(request);
        } catch (IllegalArgumentException e) {
            return AgentResult.of(OcfStatus.ERR_CONFIGURED, e.getMessage());
        }
        Path dir = stateFile(request).toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return AgentResult.of(OcfStatus.ERR_INSTALLED, "state directory " + dir + " does not exist");
        }
        return AgentResult.ok();
    }

    @Override
    public AgentResult start(AgentRequest request) {
        AgentResult valid = validate(request);
        if (valid.status() != OcfStatus.OK) {
            return valid;
        }
        return sleepThen(request, () -> {
            Path f = stateFile(request);
            if (!Files.exists(f)) {
                Files.writeString(f, request.context().nodeName() + "\n");
            }
            return AgentResult.ok();
        });
    }

    @Override
    public AgentResult stop(AgentRequest request) {
        return sleepThen(request, () -> {
            Files.deleteIfExists(stateFile(request));
            return AgentResult.ok();
        });
    }

    /** Live migration away, as OCF's Dummy: the resource leaves this node (its state file goes). */
    @Override
    public AgentResult migrateTo(AgentRequest request) {
        return stop(request);
    }

    /** Live migration here, as OCF's Dummy: the resource arrives on this node (its state file comes). */
    @Override
    public AgentResult migrateFrom(AgentRequest request) {
        return start(request);
    }

    @Override
    public AgentResult monitor(AgentRequest request) {
        return sleepThen(request, () -> Files.exists(stateFile(request))
                ? AgentResult.of(OcfStatus.OK, "running (" + build + ")") : AgentResult.notRunning());
    }

    private interface Step {
        AgentResult run() throws IOException;
    }

    private static AgentResult sleepThen(AgentRequest request, Step step) {
        try {
            Thread.sleep(sleepTime(request).toMillis());
            return step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AgentResult.of(OcfStatus.ERR_GENERIC, "interrupted");
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, e.toString());
        } catch (IllegalArgumentException e) {
            return AgentResult.of(OcfStatus.ERR_CONFIGURED, e.getMessage());
        }
    }

    private static Duration sleepTime(AgentRequest request) {
        String s = request.parameter("op_sleep", "0");
        try {
            double seconds = Double.parseDouble(s);
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("op_sleep '" + s + "' is not a number of seconds");
        }
    }

    private static Path stateFile(AgentRequest request) {
        String configured = request.parameter("state", null);
        return configured != null ? Path.of(configured)
                : request.context().stateDirectory().resolve("dummy-" + request.resourceId() + ".state");
    }
}
