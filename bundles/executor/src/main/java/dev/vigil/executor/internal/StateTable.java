package dev.vigil.executor.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.RecordedOperation;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * What this node believes about each resource, derived from operation results only:
 * a probe or a start tells where a resource runs, every failure counts one and names the
 * operation that failed (the policy engine applies its on-fail and start-failure-is-fatal),
 * a failed stop blocks the resource. Not thread-safe; the executor guards it.
 */
final class StateTable {
    /** A fail count this high keeps the resource off the node until cleanup. */
    static final int FAIL_COUNT_INFINITY = 1_000_000;

    private final Map<String, ResourceState> states = new TreeMap<>();

    Map<String, ResourceState> snapshot() {
        return Map.copyOf(states);
    }

    ResourceState get(String resource) {
        return states.getOrDefault(resource, ResourceState.of(ResourceRole.UNKNOWN));
    }

    /** Records an operation's effect; returns true when the resource's state changed. */
    boolean apply(OperationRecord r) {
        ResourceState before = get(r.resource());
        ResourceState after = next(before, r);
        if (r.promotionScore() != null) {
            after = after.withPromotionScore(r.promotionScore());
        }
        if (after.equals(before)) {
            return false;
        }
        states.put(r.resource(), after);
        return true;
    }

    /** Forgets that these resources lacked their agent, so that they are probed again. */
    boolean agentInstalled(Collection<String> resources) {
        boolean changed = false;
        for (String r : resources) {
            ResourceState s = states.get(r);
            if (s != null && s.role() == ResourceRole.AGENT_MISSING) {
                states.remove(r);
                changed = true;
            }
        }
        return changed;
    }

    void cleanup(String resource) {
        ResourceState s = states.get(resource);
        if (s != null) {
            ResourceRole role = s.role() == ResourceRole.FAILED ? ResourceRole.UNKNOWN : s.role();
            states.put(resource, ResourceState.of(role).withMonitor(s.monitorInterval()).withRecorded(s.recorded()));
        }
    }

    /** A successful start, with the digest of the parameters it ran with when known. */
    private static List<RecordedOperation> started(OperationRecord r) {
        return r.paramsDigest() == null ? List.of()
                : List.of(RecordedOperation.of("start", Duration.ZERO, r.paramsDigest(), null, null));
    }

    private static ResourceState next(ResourceState s, OperationRecord r) {
        if (r.execStatus() == ExecStatus.CANCELLED) {
            return s;
        }
        boolean active = s.role() == ResourceRole.STARTED || s.role() == ResourceRole.PROMOTED;
        if (r.execStatus() == ExecStatus.NOT_INSTALLED && r.action() == AgentAction.STOP && active) {
            // Its agent is gone while it runs: the stop could not run, so it still may. As any
            // failed stop, the resource is blocked here (no endless retries) until cleanup.
            return failed(s, ResourceRole.BLOCKED, s.failCount() + 1, r).withMonitor(Duration.ZERO);
        }
        if (r.execStatus() == ExecStatus.NOT_INSTALLED) {
            // Not a failure of the resource. A running resource is left as it is (its agent
            // was removed or is being updated); otherwise it cannot run here for now.
            return active ? s
                    : ResourceState.of(ResourceRole.AGENT_MISSING, s.failCount(), s.lastFailure(),
                            s.lastFailureReason(), Duration.ZERO);
        }
        boolean done = r.execStatus() == ExecStatus.DONE;
        OcfStatus rc = r.ocfStatus();
        switch (r.action()) {
            case START:
                return done && rc == OcfStatus.OK ? s.withRole(ResourceRole.STARTED).withRecorded(started(r))
                        : failed(s, ResourceRole.FAILED, s.failCount() + 1, r);
            case MIGRATE_FROM: // it runs here now, as after a start
                return done && rc == OcfStatus.OK ? s.withRole(ResourceRole.STARTED).withRecorded(started(r))
                        : failed(s, ResourceRole.FAILED, s.failCount() + 1, r);
            case MIGRATE_TO: // still active here until its stop; a failed handover leaves it failed here
                return done && rc == OcfStatus.OK ? s : failed(s, ResourceRole.FAILED, s.failCount() + 1, r);
            case PROMOTE:
                return done && rc == OcfStatus.OK ? s.withRole(ResourceRole.PROMOTED)
                        : failed(s, ResourceRole.FAILED, s.failCount() + 1, r);
            case DEMOTE:
                return done && rc == OcfStatus.OK ? s.withRole(ResourceRole.STARTED)
                        : failed(s, ResourceRole.FAILED, s.failCount() + 1, r);
            case STOP:
                return done && rc == OcfStatus.OK
                        ? s.withRole(ResourceRole.STOPPED).withMonitor(Duration.ZERO).withRecorded(List.of())
                        : failed(s, ResourceRole.BLOCKED, s.failCount() + 1, r).withMonitor(Duration.ZERO);
            case MONITOR:
                if (done && rc.isRunning()) {
                    // RUNNING_PROMOTED (8): the instance runs promoted; OK: it runs (unpromoted).
                    boolean promoted = rc == OcfStatus.RUNNING_PROMOTED || rc == OcfStatus.DEGRADED_PROMOTED;
                    ResourceState running = s.withRole(promoted ? ResourceRole.PROMOTED : ResourceRole.STARTED);
                    return r.interval().isZero() ? running : running.withMonitor(r.interval());
                }
                if (done && rc == OcfStatus.NOT_RUNNING && r.interval().isZero()) {
                    return s.withRole(ResourceRole.STOPPED);
                }
                if (s.role() == ResourceRole.FAILED) {
                    return s; // still failed; the failure was counted when it began
                }
                return failed(s, ResourceRole.FAILED, s.failCount() + 1, r);
            default:
                return s;
        }
    }

    /** The failure, with the operation that failed: the engine applies its on-fail policy. */
    private static ResourceState failed(ResourceState s, ResourceRole role, int failCount, OperationRecord r) {
        return ResourceState.failedBy(role, Math.min(failCount, FAIL_COUNT_INFINITY), r.finished(), r.toString(),
                r.action().ocfName(), r.interval()).withMonitor(s.monitorInterval());
    }

}
