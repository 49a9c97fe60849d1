package dev.vigil.fencing.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDevice;
import dev.vigil.fence.FenceDeviceMetadata;
import dev.vigil.fence.FenceRequest;
import dev.vigil.fence.FenceResult;

/**
 * One {@code fence_*} agent (Red Hat's fence agent API, as Pacemaker's fencer runs it): the
 * parameters go to the agent's stdin as {@code name=value} lines with {@code action=},
 * {@code nodename=} and the target's port under the agent's host argument ({@code plug} if
 * its metadata has it, else {@code port}); exit 0 is success and, for status, 2 means off.
 */
final class ExecFenceAgent implements FenceDevice {
    static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    private final Path program;
    private final String type;
    private final AtomicReference<FenceDeviceMetadata> metadata = new AtomicReference<>();

    ExecFenceAgent(Path program) {
        this.program = program;
        this.type = program.getFileName().toString();
    }

    String type() {
        return type;
    }

    /**
     * The agent's metadata, read once; an agent whose metadata cannot be read supports no action,
     * and is not asked again for a minute (a hanging {@code -o metadata} would otherwise add its
     * timeout to every fence and every status).
     */
    @Override
    public FenceDeviceMetadata metadata() {
        FenceDeviceMetadata m = metadata.get();
        if (m != null) {
            return m;
        }
        long now = System.nanoTime();
        FailedMetadata failed = lastFailure.get();
        if (failed != null && now - failed.atNanos() < RETRY_METADATA_AFTER.toNanos()) {
            return failed.answer();
        }
        try {
            m = readMetadata();
            metadata.set(m);
            return m;
        } catch (IllegalArgumentException e) {
            FenceDeviceMetadata none = FenceDeviceMetadata.of(type, e.getMessage(), List.of(), Set.of());
            lastFailure.set(new FailedMetadata(now, none));
            return none;
        }
    }

    private record FailedMetadata(long atNanos, FenceDeviceMetadata answer) {
    }

    private static final Duration RETRY_METADATA_AFTER = Duration.ofMinutes(1);
    private final java.util.concurrent.atomic.AtomicReference<FailedMetadata> lastFailure =
            new java.util.concurrent.atomic.AtomicReference<>();

    private FenceDeviceMetadata readMetadata() {
        try {
            AgentProcess.Outcome o = AgentProcess.run(List.of(program.toString(), "-o", "metadata"), "",
                    METADATA_TIMEOUT);
            if (o.timedOut()) {
                throw new IllegalArgumentException(type + " -o metadata did not answer within " + METADATA_TIMEOUT.toSeconds()
                        + " s");
            }
            if (o.exitCode() != 0) {
                throw new IllegalArgumentException(type + " -o metadata failed (exit " + o.exitCode() + "): "
                        + reason(o.stderr()));
            }
            return FenceAgentMetadataParser.parse(type, o.stdout());
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException(type + " metadata: interrupted", e);
        }
    }

    @Override
    public FenceResult execute(FenceRequest request) {
        String stdin = stdin(request, hostArgument(metadata()));
        AgentProcess.Outcome o;
        try {
            o = AgentProcess.run(List.of(program.toString()), stdin, request.timeout());
        } catch (IOException e) {
            return FenceResult.of(FenceResult.Status.ERROR, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FenceResult.of(FenceResult.Status.ERROR, type + " " + request.agentAction() + " was interrupted");
        }
        if (o.timedOut()) {
            return FenceResult.of(FenceResult.Status.TIMEOUT, type + " " + request.agentAction() + " did not finish within "
                    + seconds(request.timeout()) + " (its process group was killed)");
        }
        return result(request.action(), o);
    }

    /** Exit 0 is success; for status 0 is on and 2 off; anything else failed, with the agent's own words. */
    static FenceResult result(FenceAction action, AgentProcess.Outcome o) {
        if (action == FenceAction.STATUS && o.exitCode() == 2) {
            return FenceResult.of(FenceResult.Status.OFF, o.stdout().strip());
        }
        if (o.exitCode() == 0) {
            return action == FenceAction.LIST ? FenceResult.listed(TargetList.parse(o.stdout()))
                    : FenceResult.of(FenceResult.Status.OK, o.stdout().strip());
        }
        String why = reason(o.stderr());
        return FenceResult.of(FenceResult.Status.FAILED, "exit " + o.exitCode()
                + (why.isEmpty() ? reason(o.stdout()).isEmpty() ? "" : ": " + reason(o.stdout()) : ": " + why));
    }

    /** The parameter that names the target: plug if the agent takes it, else port, else none (Pacemaker's rule). */
    static String hostArgument(FenceDeviceMetadata m) {
        if (m.parameters().stream().anyMatch(p -> p.name().equals("plug"))) {
            return "plug";
        }
        return m.parameters().stream().anyMatch(p -> p.name().equals("port")) ? "port" : null;
    }

    static String stdin(FenceRequest request, String hostArgument) {
        StringBuilder in = new StringBuilder();
        in.append("action=").append(request.agentAction()).append('\n');
        if (request.target() != null) {
            in.append("nodename=").append(request.target()).append('\n');
            if (hostArgument != null && request.port() != null && !request.parameters().containsKey(hostArgument)) {
                in.append(hostArgument).append('=').append(request.port()).append('\n');
            }
        }
        for (Map.Entry<String, String> e : request.parameters().entrySet()) {
            if (!e.getKey().equals("action")) {
                in.append(e.getKey()).append('=').append(e.getValue().replace('\n', ' ')).append('\n');
            }
        }
        return in.toString();
    }

    /**
     * The agent's reason for failing: its last line that says it failed ({@code ERROR:},
     * {@code Failed:}), without the log timestamp; else its last line. The fencing library ends
     * many errors with a "use -h for usage" hint, which says nothing about the cause.
     */
    static String reason(String output) {
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            int at = l.indexOf("Failed:");
            if (at < 0) {
                at = l.indexOf("ERROR:");
                if (at >= 0 && l.substring(at).contains("Please use '-h'")) {
                    continue;
                }
            }
            if (at >= 0) {
                return l.substring(at).replaceFirst("^ERROR:(root:)?\\s*", "").strip();
            }
        }
        return last;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public String toString() {
        return type + " (" + program + ")";
    }
}
