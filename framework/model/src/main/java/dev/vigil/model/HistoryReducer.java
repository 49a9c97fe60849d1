package dev.vigil.model;

import java.time.Duration;
import java.util.List;

/**
 * One reducer from a resource's operation history on one node to its state there, shared by the
 * replay of a CIB's status section ({@link OperationHistory}: each lrm_rsc_op, in call order) and
 * the executor's table of live results. The rules, after Pacemaker's unpack_rsc_op,
 * remap_operation, update_resource_state and unpack_rsc_op_failure (lib/pengine/unpack.c):
 * <ol>
 * <li>a cancelled operation or a notification changes nothing, whatever its result;</li>
 * <li>an operation in flight: a start, promote, stop or migrate_to may have taken effect, so the
 * resource may run (Started); any other says nothing yet;</li>
 * <li>the exit code is the operation's result when it ran ("done"), or when it ended in an
 * error with the expected exit code (older CIBs record an expected "not running" so); any other
 * status is a failure;</li>
 * <li>"not running" expected of an operation other than a monitor means stopped, an earlier
 * failure settled;</li>
 * <li>a recurring monitor is judged by the role it checks (its expected result): one for the
 * Stopped role expects "not running", which means stopped, and fails when it finds it running;
 * one for the Promoted role expects OCF 8 and fails on 0 (demoted behind the cluster's back); one
 * for the Unpromoted or Started role expects 0 and fails on 8; degraded answers count as their
 * plain ones. "Not running" from an unmanaged resource's monitor means stopped, no failure;</li>
 * <li>a recurring monitor's success says nothing new of a running resource; it settles a failure
 * of the same monitor when it comes later, and finds running a resource not known to run;</li>
 * <li>a failure whose on-fail is ignore counts as success (a failed start or stop still starts or
 * stops it, a failed monitor leaves it as it was) and stays on record, as ignored; never for an
 * agent not installed (Pacemaker bans the node then);</li>
 * <li>any other success: a start or migrate_from means started, a promote promoted, a demote
 * started (unpromoted), a stop stopped, a probe finding it running started (promoted for OCF 8 or
 * 191) and finding it not running stopped; an earlier failure is settled. A successful
 * migrate_to leaves it where it was (active until its stop) and records the migration, as does a
 * migrate_from on the target: with nothing but monitors since, the two nodes' records tell a
 * partial or a completed migration ({@link ReportedMigrations});</li>
 * <li>a failure leaves it failed (still perhaps active: to be recovered), a failed stop blocked
 * (its state cannot be known without fencing); it names the operation that failed (the engine
 * applies its on-fail) and the role it found the resource in ({@link #roleIfIgnored}); an OCF
 * "not installed" or "insufficient privileges" result is a hard error, banning the resource from
 * the node (fail count INFINITY).</li>
 * </ol>
 * What a live table and a replay do differently is the {@link Semantics} the fold is given: who
 * keeps the fail counts, and what an agent missing on the node means. The callers keep what is
 * their own (a replay: the operations recorded since the start, the recurring operations
 * running, the fail-count attributes; the executor: its recurring monitors, the agents).
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
     * What separates the executor's live table from a replay of a CIB's recorded history; every
     * other rule is the same for both.
     */
    public enum Semantics {
        /**
         * The executor's live table, which keeps the node's fail counts (what Pacemaker keeps in
         * fail-count and last-failure attributes): each failure counts one when it begins (a
         * monitor that goes on failing counts once), and the count and what failed when stay,
         * through later successes, until a cleanup. An agent missing is transient (being
         * installed or updated): a running resource is left as it is, a stopped one cannot run
         * here for now (no failure), and a stop that cannot run blocks it.
         */
        LIVE(true, true),
        /**
         * A replay of the history a CIB records. The fail counts come from the node's fail-count
         * attributes: the state shows the current failure only, counting none (a hard error's
         * INFINITY aside: it bans the node), and a later success settles it. An agent missing is
         * Pacemaker's "not installed": a probe finds the resource cannot run here, any other
         * operation fails (hard, by its exit code).
         */
        RECORDED(false, false);

        private final boolean countsFailures;
        private final boolean agentMissingTransient;

        Semantics(boolean countsFailures, boolean agentMissingTransient) {
            this.countsFailures = countsFailures;
            this.agentMissingTransient = agentMissingTransient;
        }

        /** Whether the state counts failures and keeps the failure record through successes. */
        public boolean countsFailures() {
            return countsFailures;
        }

        /** Whether an agent missing on the node is taken as transient rather than as a failure. */
        public boolean agentMissingTransient() {
            return agentMissingTransient;
        }
    }

    /** The state after one more live result ({@link Semantics#LIVE}), as the executor reports it. */
    public static ResourceState next(ResourceState s, CompletedOperation op) {
        return next(s, op, Semantics.LIVE);
    }

    /** The state after one more completed operation, by the rules above. */
    public static ResourceState next(ResourceState s, CompletedOperation op, Semantics semantics) {
        OperationTask task = op.task();
        CompletedOperation.Execution execution = op.execution();
        if (execution == CompletedOperation.Execution.CANCELLED || task == OperationTask.NOTIFY) {
            return s; // (a notification's failure is ignored, as Pacemaker does)
        }
        if (execution == CompletedOperation.Execution.PENDING) {
            boolean mayRun = task == OperationTask.START || task == OperationTask.PROMOTE
                    || task == OperationTask.STOP || task == OperationTask.MIGRATE_TO;
            return mayRun ? roleFound(s, ResourceRole.STARTED, semantics) : s;
        }
        if (execution == CompletedOperation.Execution.NOT_INSTALLED && semantics.agentMissingTransient()) {
            return agentMissing(s, op, semantics);
        }
        boolean done = resultCounts(op);
        if (done && task != OperationTask.MONITOR && op.rc() == OCF_NOT_RUNNING
                && op.expectedRc() == OCF_NOT_RUNNING) {
            return settled(s.withRole(ResourceRole.STOPPED), semantics); // "not running" was what it expected
        }
        if (done && op.recurringMonitor() && op.rc() == OCF_NOT_RUNNING
                && (op.expectedRc() == OCF_NOT_RUNNING || op.unmanaged())) {
            return roleFound(s, ResourceRole.STOPPED, semantics); // what it expected, or merely found
        }
        boolean ok = succeeded(op);
        if (ok && op.recurringMonitor()) {
            return monitorSucceeded(s, op, semantics);
        }
        boolean agentMissing = execution == CompletedOperation.Execution.NOT_INSTALLED;
        if (!ok && !agentMissing && op.failureIgnored()) {
            // Pacemaker pretends it succeeded; the failure stays recorded, as ignored.
            ResourceRole role = task == OperationTask.MONITOR ? s.role() : roleAfterSuccess(task, op.rc(), s.role());
            return ResourceState.failedBy(role, s.failCount(), op.at(), op.taskName() + " failed (ignored)",
                    op.taskName(), op.interval()).withMonitor(s.monitorInterval());
        }
        if (ok) {
            return succeededWith(s, op, semantics);
        }
        if (!semantics.agentMissingTransient() && task == OperationTask.MONITOR && op.interval().isZero()
                && (agentMissing || op.rc() == OCF_NOT_INSTALLED)) {
            // A probe finding no agent: it cannot run here (Pacemaker: stopped, and banned).
            return ResourceState.failedBy(ResourceRole.AGENT_MISSING, s.failCount(), op.at(), "not installed",
                    task.ocfName(), op.interval());
        }
        if (semantics.countsFailures() && task == OperationTask.MONITOR && s.role() == ResourceRole.FAILED) {
            return s; // still failed; the failure was counted when it began
        }
        return failed(s, op, semantics);
    }

    /**
     * Whether the operation got the result it was asked for (rule 3 and 5): its exit code is its
     * result, is what its task asks for ({@link #succeeded(OperationTask, Duration, int)}) and,
     * for a recurring monitor, what the role it checks expects. Only otherwise do its on-fail and
     * whether the resource is managed matter.
     */
    public static boolean succeeded(CompletedOperation op) {
        return resultCounts(op) && succeeded(op.task(), op.interval(), op.rc())
                && (!op.recurringMonitor() || asExpected(op));
    }

    /**
     * Whether the exit code is the operation's result: it ran ("done"), or it ended in an error
     * whose exit code is the expected one (Pacemaker's remap_operation judges both by it).
     */
    private static boolean resultCounts(CompletedOperation op) {
        return op.execution() == CompletedOperation.Execution.DONE
                || (op.execution() == CompletedOperation.Execution.ERROR && op.expectedRc() >= 0
                        && op.rc() == op.expectedRc());
    }

    /**
     * Whether a recurring monitor's answer is what the role it checks expects: "not running" for
     * the Stopped role, running promoted (OCF 8) for the Promoted role, running (0) for the
     * Unpromoted or Started role; degraded answers count as their plain ones. Any answer meaning
     * running when no such expectation is known.
     */
    private static boolean asExpected(CompletedOperation op) {
        int expected = op.expectedRc();
        if (expected == OCF_OK || expected == OCF_RUNNING_PROMOTED || expected == OCF_NOT_RUNNING) {
            return effectiveRc(op.rc()) == expected;
        }
        return true;
    }

    /** A degraded answer as its plain counterpart (Pacemaker's pcmk__effective_rc). */
    private static int effectiveRc(int rc) {
        return rc == OCF_DEGRADED ? OCF_OK : rc == OCF_DEGRADED_PROMOTED ? OCF_RUNNING_PROMOTED : rc;
    }

    /** Whether a failure is current: a failed or blocked role, or (replayed) one not yet settled. */
    private static boolean failing(ResourceState s, Semantics semantics) {
        return s.role() == ResourceRole.FAILED || s.role() == ResourceRole.BLOCKED
                || (!semantics.countsFailures() && s.failedAction() != null);
    }

    /** An earlier failure settled: a replay forgets it; the live table keeps it on record (its fail count). */
    private static ResourceState settled(ResourceState s, Semantics semantics) {
        return semantics.countsFailures() ? s : s.withoutFailure();
    }

    /**
     * The role an operation found without settling a failure (in flight, or a monitor's "not
     * running"): a failure of another role is no longer the current one.
     */
    private static ResourceState roleFound(ResourceState s, ResourceRole role, Semantics semantics) {
        return s.role() == role ? s : settled(s.withRole(role), semantics);
    }

    /** A recurring monitor found it as its role expects. */
    private static ResourceState monitorSucceeded(ResourceState s, CompletedOperation op, Semantics semantics) {
        ResourceState after = s.withMonitor(op.interval());
        boolean failing = failing(s, semantics);
        if (failing && "monitor".equals(s.failedAction()) && s.failedInterval().equals(op.interval())
                && op.at() != null && s.lastFailure() != null && op.at().isAfter(s.lastFailure())) {
            // The same monitor succeeded again after it had failed: running, the failure settled.
            return settled(after.withRole(roleAfterSuccess(OperationTask.MONITOR, op.rc(), s.role())), semantics);
        }
        boolean running = s.role() == ResourceRole.STARTED || s.role() == ResourceRole.PROMOTED;
        if (!failing && !running) {
            return after.withRole(roleAfterSuccess(OperationTask.MONITOR, op.rc(), s.role())); // it runs
        }
        return after;
    }

    /** Any other success: the role it leaves, the failure settled, and what the live table records. */
    private static ResourceState succeededWith(ResourceState s, CompletedOperation op, Semantics semantics) {
        ResourceState after = settled(s.withRole(roleAfterSuccess(op.task(), op.rc(), s.role())), semantics);
        switch (op.task()) {
            case MONITOR: // a probe changes no migration record (Pacemaker looks past monitors)
                return after;
            case MIGRATE_TO: // still active here until its stop; the target is to finish it
                return after.withMigration(op.migrationSource(), op.migrationTarget());
            case START:
                return after.withRecorded(started(op)).withMigration(null, null);
            case MIGRATE_FROM: // it runs here now, as after a start
                return after.withRecorded(started(op)).withMigration(op.migrationSource(), op.migrationTarget());
            case STOP:
                return after.withMonitor(Duration.ZERO).withRecorded(List.of()).withMigration(null, null);
            case OTHER: // a reload (or any task of no role) changes no migration record
                return after;
            default:
                return after.withMigration(null, null);
        }
    }

    /** The live table's agent missing: no failure of the resource, except a stop that cannot run. */
    private static ResourceState agentMissing(ResourceState s, CompletedOperation op, Semantics semantics) {
        boolean active = s.role() == ResourceRole.STARTED || s.role() == ResourceRole.PROMOTED;
        if (op.task() == OperationTask.STOP && active) {
            // Its agent is gone while it runs: the stop could not run, so it still may. As any
            // failed stop, the resource is blocked here (no endless retries) until cleanup.
            return failed(s, op, semantics);
        }
        // A running resource is left as it is (its agent was removed or is being updated);
        // otherwise it cannot run here for now.
        return active ? s
                : ResourceState.of(ResourceRole.AGENT_MISSING, s.failCount(), s.lastFailure(), s.lastFailureReason(),
                        Duration.ZERO);
    }

    /** A successful start, with the digest of the parameters it ran with when known. */
    private static List<RecordedOperation> started(CompletedOperation op) {
        return op.startDigest() == null ? List.of()
                : List.of(RecordedOperation.of("start", Duration.ZERO, op.startDigest(), null, null));
    }

    /**
     * The failure, with the operation that failed (the engine applies its on-fail policy) and the
     * role it found the resource in; live, it counts one (a hard error INFINITY).
     */
    private static ResourceState failed(ResourceState s, CompletedOperation op, Semantics semantics) {
        OperationTask task = op.task();
        boolean agentMissing = op.execution() == CompletedOperation.Execution.NOT_INSTALLED;
        boolean hard = hardError(op.rc()) && !(agentMissing && semantics.agentMissingTransient());
        long count = hard ? Score.INFINITY : semantics.countsFailures() ? (long) s.failCount() + 1 : s.failCount();
        ResourceRole found = s.role() == ResourceRole.FAILED || s.role() == ResourceRole.BLOCKED
                ? s.roleBeforeFailure() : s.role();
        ResourceRole role = roleAfterFailure(task);
        return ResourceState.failedBy(role, (int) Math.min(count, Score.INFINITY), op.at(), op.reason(),
                op.taskName(), op.interval())
                .withMonitor(task == OperationTask.STOP ? Duration.ZERO : s.monitorInterval())
                .withRoleBeforeFailure(roleIfIgnored(op, found)).withNotInstalled(agentMissing);
    }

    /**
     * The role a failed operation leaves the resource in where its failure is ignored (Pacemaker's
     * unpack_rsc_op_failure): a failed promote leaves it Promoted, a failed demote Unpromoted
     * (Stopped when the demote found it not running), an answer saying it runs promoted Promoted;
     * otherwise the role it was in, and at least Started.
     */
    static ResourceRole roleIfIgnored(CompletedOperation op, ResourceRole before) {
        if (op.rc() == OCF_RUNNING_PROMOTED || op.rc() == OCF_FAILED_PROMOTED || op.task() == OperationTask.PROMOTE) {
            return ResourceRole.PROMOTED;
        }
        if (op.task() == OperationTask.DEMOTE) {
            return op.rc() == OCF_NOT_RUNNING ? ResourceRole.STOPPED : ResourceRole.STARTED;
        }
        return before == ResourceRole.PROMOTED ? ResourceRole.PROMOTED : ResourceRole.STARTED;
    }
}
