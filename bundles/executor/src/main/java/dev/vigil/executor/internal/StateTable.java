package dev.vigil.executor.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.CompletedOperation;
import dev.vigil.model.HistoryReducer;
import dev.vigil.model.OperationTask;
import dev.vigil.model.RecordedOperation;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;
import dev.vigil.model.Score;

/**
 * What this node believes about each resource, derived from operation results only by the
 * reducer the CIB replay shares ({@link HistoryReducer}): a probe or a start tells where a
 * resource runs, every failure counts one and names the operation that failed (the policy
 * engine applies its on-fail), a failed start counts INFINITY under start-failure-is-fatal (as
 * Pacemaker's controller sets it), a recurring monitor of one role whose answer is not that
 * role's (0 from a Promoted monitor: demoted behind the cluster's back; 8 from an Unpromoted one)
 * fails, a failed stop blocks the resource, a migration is recorded
 * until the source's stop, and the agent it runs with is kept. Not thread-safe; the executor
 * guards it.
 */
final class StateTable {
    private final Map<String, ResourceState> states = new TreeMap<>();

    Map<String, ResourceState> snapshot() {
        return Map.copyOf(states);
    }

    ResourceState get(String resource) {
        return states.getOrDefault(resource, ResourceState.of(ResourceRole.UNKNOWN));
    }

    /**
     * Records an operation's effect, the operation run with the agent {@code agent} (its spec);
     * returns true when the resource's state changed. A failed start counts INFINITY when
     * {@code startFailureIsFatal} (the cluster property, as Pacemaker's controller applies it):
     * the engine only reads fail counts.
     */
    boolean apply(OperationRecord r, String agent, boolean startFailureIsFatal) {
        ResourceState before = get(r.resource());
        ResourceState after = HistoryReducer.next(before, completed(r), HistoryReducer.Semantics.LIVE);
        if (startFailureIsFatal && r.action() == AgentAction.START && after.role() == ResourceRole.FAILED
                && "start".equals(after.failedAction()) && after.failCount() < Score.INFINITY) {
            after = after.withFailCount(Score.INFINITY);
        }
        // The agent it runs (or may run, failed) with, kept until it is known stopped: what a DC
        // needs to stop it once the configuration no longer has it (an orphan), as Pacemaker
        // records it in the status.
        if (after.isActive() || after.role() == ResourceRole.FAILED || after.role() == ResourceRole.BLOCKED) {
            String runsWith = agent != null ? agent : before.agent();
            if (runsWith != null && !runsWith.equals(after.agent())) {
                after = after.withAgent(runsWith);
            }
        } else if (after.agent() != null) {
            after = after.withAgent(null);
        }
        if (r.promotionScore() != null) {
            after = after.withPromotionScore(r.promotionScore());
        }
        if (activated(r) && !after.recurring().isEmpty()) {
            after = after.withRecurring(List.of()); // its Stopped-role monitors end as it runs here
        }
        if (after.equals(before)) {
            return false;
        }
        states.put(r.resource(), after);
        return true;
    }

    /**
     * A Stopped-role monitor of the resource runs here now ({@code running}) or no longer
     * (cancelled): the state lists it among the resource's recurring operations, as Pacemaker's
     * status does, so that the DC does not ask for it again. Returns true when that changed.
     */
    boolean stoppedRoleMonitor(String resource, Duration interval, boolean running) {
        ResourceState before = get(resource);
        List<RecordedOperation> ops = new ArrayList<>(before.recurring());
        boolean changed = running
                ? ops.stream().noneMatch(o -> isMonitor(o, interval))
                        && ops.add(RecordedOperation.of("monitor", interval, null, null, null))
                : ops.removeIf(o -> isMonitor(o, interval));
        if (changed) {
            states.put(resource, before.withRecurring(ops));
        }
        return changed;
    }

    /**
     * The resource's recurring monitor of this interval (of the running resource) no longer
     * runs here: the state shows no monitor, so the DC asks for the one it needs. Returns true
     * when that changed.
     */
    boolean monitorEnded(String resource, Duration interval) {
        ResourceState before = states.get(resource);
        if (before == null || !before.monitorInterval().equals(interval)) {
            return false;
        }
        states.put(resource, before.withMonitor(Duration.ZERO));
        return true;
    }

    private static boolean isMonitor(RecordedOperation o, Duration interval) {
        return o.task().equals("monitor") && o.interval().equals(interval);
    }

    private static boolean activated(OperationRecord r) {
        boolean activation = r.action() == AgentAction.START || r.action() == AgentAction.PROMOTE
                || r.action() == AgentAction.MIGRATE_FROM;
        return activation && r.execStatus() == ExecStatus.DONE && r.ocfStatus() == OcfStatus.OK;
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
            states.put(resource, ResourceState.of(role).withMonitor(s.monitorInterval()).withRecorded(s.recorded())
                    .withAgent(s.agent()));
        }
    }

    /**
     * The operation as the shared reducer reads it, with the result a recurring monitor expects
     * by the role it checks ({@link OperationRecord#expectedRc}): the reducer judges the answer
     * against it. A task with no name of its own (a reload) keeps the agent's name for it.
     */
    static CompletedOperation completed(OperationRecord r) {
        OperationTask task = OperationTask.of(r.action().ocfName());
        CompletedOperation op = CompletedOperation.of(task, r.interval(), r.ocfStatus().code(),
                CompletedOperation.Execution.valueOf(r.execStatus().name()), r.finished(), r.toString())
                .withStartDigest(r.paramsDigest()).withMigration(r.migrationSource(), r.migrationTarget())
                .withExpectedRc(r.expectedRc());
        return task == OperationTask.OTHER ? op.named(r.action().ocfName()) : op;
    }
}
