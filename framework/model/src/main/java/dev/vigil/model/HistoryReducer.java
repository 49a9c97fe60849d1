package dev.vigil.model;

import java.time.Duration;
import java.util.List;

/**
 * One reducer from a resource's operation history on one node to its state there, shared by the
 * replay of a CIB's status section ({@link OperationHistory}, in call order) and the executor's
 * table of live results (after Pacemaker's unpack_rsc_op and update_resource_state in
 * lib/pengine/unpack.c):
 * <ul>
 * <li>a successful start or migrate_from means started, a promote promoted, a demote started
 * (unpromoted), a stop stopped; a monitor finding it running means started (promoted for
 * OCF 8 or 191), a probe finding it not running stopped;</li>
 * <li>a successful migrate_to leaves it where it was (active until its stop) and records the
 * migration, as does a successful migrate_from on the target: with nothing but monitors since,
 * the two nodes' records tell a partial or a completed migration ({@link ReportedMigrations});</li>
 * <li>a failure leaves it failed (still perhaps active: to be recovered), except a failed stop,
 * which blocks it (its state cannot be known without fencing); an OCF "not installed" or
 * "insufficient privileges" result is a hard error, banning the resource from the node;</li>
 * <li>an agent missing on the node is no failure of the resource: it cannot run there for now
 * (a running one is left as it is), but a stop it could not run blocks it.</li>
 * </ul>
 * Pure: the callers keep what is their own (the CIB's expected results, on-fail=ignore and fail
 * count attributes; the executor's fail counts and recurring monitors).
 */
public final class HistoryReducer {
    public static final int OCF_OK = 0;
    public static final int OCF_ERR_PERM = 4;
    public static final int OCF_NOT_INSTALLED = 5;
    public static final int OCF_NOT_RUNNING = 7;
    public static final int OCF_RUNNING_PROMOTED = 8;
    public static final int OCF_FAILED_PROMOTED = 9;
    public static final int OCF_DEGRADED = 190;
    public static final int OCF_DEGRADED_PROMOTED = 191;

    private HistoryReducer() {
    }

    /**
     * Whether the result is what the operation was asked for: OCF success, or for a monitor any
     * "running" answer (degraded ones included), or for a probe "not running" too.
     */
    public static boolean succeeded(OperationTask task, Duration interval, int rc) {
        if (task == OperationTask.MONITOR) {
            return runs(rc) || (interval.isZero() && rc == OCF_NOT_RUNNING);
        }
        return rc == OCF_OK;
    }

    /** Whether a monitor's result says the resource runs (OK, promoted, degraded, degraded promoted). */
    public static boolean runs(int rc) {
        return rc == OCF_OK || rc == OCF_RUNNING_PROMOTED || rc == OCF_DEGRADED || rc == OCF_DEGRADED_PROMOTED;
    }

    /** The role a successful operation leaves the resource in, from the role it was in. */
    public static ResourceRole roleAfterSuccess(OperationTask task, int rc, ResourceRole before) {
        switch (task) {
            case PROMOTE:
                return ResourceRole.PROMOTED;
            case START:
            case DEMOTE:
            case MIGRATE_FROM:
                return ResourceRole.STARTED;
            case STOP:
                return ResourceRole.STOPPED;
            case MONITOR:
                if (rc == OCF_NOT_RUNNING) {
                    return ResourceRole.STOPPED;
                }
                return rc == OCF_RUNNING_PROMOTED || rc == OCF_DEGRADED_PROMOTED ? ResourceRole.PROMOTED
                        : ResourceRole.STARTED;
            default:
                return before;
        }
    }

    /** The role a failed operation leaves it in: a failed stop blocks it, any other failure leaves it failed. */
    public static ResourceRole roleAfterFailure(OperationTask task) {
        return task == OperationTask.STOP ? ResourceRole.BLOCKED : ResourceRole.FAILED;
    }

    /**
     * Pacemaker's hard errors (PCMK_EXEC_ERROR_HARD from "not installed" and "insufficient
     * privileges"): the resource cannot run on this node until a cleanup.
     */
    public static boolean hardError(int rc) {
        return rc == OCF_ERR_PERM || rc == OCF_NOT_INSTALLED;
    }

    /**
     * The state after one more completed operation, counting each failure once (a monitor that
     * keeps failing counts when the failure begins), as the executor reports it live.
     */
    public static ResourceState next(ResourceState s, CompletedOperation op) {
        if (op.execution() == CompletedOperation.Execution.CANCELLED
                || op.execution() == CompletedOperation.Execution.PENDING) {
            return s;
        }
        OperationTask task = op.task();
        boolean active = s.role() == ResourceRole.STARTED || s.role() == ResourceRole.PROMOTED;
        if (op.execution() == CompletedOperation.Execution.NOT_INSTALLED && task == OperationTask.STOP && active) {
            // Its agent is gone while it runs: the stop could not run, so it still may. As any
            // failed stop, the resource is blocked here (no endless retries) until cleanup.
            return failed(s, ResourceRole.BLOCKED, op).withMonitor(Duration.ZERO);
        }
        if (op.execution() == CompletedOperation.Execution.NOT_INSTALLED) {
            // Not a failure of the resource. A running resource is left as it is (its agent
            // was removed or is being updated); otherwise it cannot run here for now.
            return active ? s
                    : ResourceState.of(ResourceRole.AGENT_MISSING, s.failCount(), s.lastFailure(),
                            s.lastFailureReason(), Duration.ZERO);
        }
        if (task == OperationTask.NOTIFY || task == OperationTask.OTHER) {
            return s; // a notification's failure is ignored, as Pacemaker does
        }
        if (op.execution() == CompletedOperation.Execution.DONE && succeeded(task, op.interval(), op.rc())) {
            ResourceState after = s.withRole(roleAfterSuccess(task, op.rc(), s.role()));
            switch (task) {
                case MONITOR: // a monitor changes no migration record (Pacemaker looks past monitors)
                    return op.interval().isZero() ? after : after.withMonitor(op.interval());
                case MIGRATE_TO: // still active here until its stop; the target is to finish it
                    return after.withMigration(op.migrationSource(), op.migrationTarget());
                case START:
                    return after.withRecorded(started(op)).withMigration(null, null);
                case MIGRATE_FROM: // it runs here now, as after a start
                    return after.withRecorded(started(op)).withMigration(op.migrationSource(), op.migrationTarget());
                case STOP:
                    return after.withMonitor(Duration.ZERO).withRecorded(List.of()).withMigration(null, null);
                default:
                    return after.withMigration(null, null);
            }
        }
        if (task == OperationTask.MONITOR && s.role() == ResourceRole.FAILED) {
            return s; // still failed; the failure was counted when it began
        }
        ResourceState f = failed(s, roleAfterFailure(task), op);
        return task == OperationTask.STOP ? f.withMonitor(Duration.ZERO) : f;
    }

    /** A successful start, with the digest of the parameters it ran with when known. */
    private static List<RecordedOperation> started(CompletedOperation op) {
        return op.startDigest() == null ? List.of()
                : List.of(RecordedOperation.of("start", Duration.ZERO, op.startDigest(), null, null));
    }

    /** The failure, with the operation that failed: the engine applies its on-fail policy. */
    private static ResourceState failed(ResourceState s, ResourceRole role, CompletedOperation op) {
        boolean hard = op.execution() == CompletedOperation.Execution.DONE && hardError(op.rc());
        long count = hard ? Score.INFINITY : (long) s.failCount() + 1;
        return ResourceState.failedBy(role, (int) Math.min(count, Score.INFINITY), op.at(), op.reason(),
                op.task().ocfName(), op.interval()).withMonitor(s.monitorInterval());
    }
}
