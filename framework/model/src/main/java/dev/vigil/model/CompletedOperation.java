package dev.vigil.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One completed operation of a resource on one node, as {@link HistoryReducer} folds it: what
 * ran, its OCF exit code, how the executor ran it, and what it was expected to answer. Read from
 * a CIB's lrm_rsc_op or from the executor's live result.
 */
public final class CompletedOperation {
    /** The expected result when none is known. */
    public static final int UNKNOWN_RC = -1;

    /** How the executor ran it (Pacemaker's PCMK_EXEC_* execution status). */
    public enum Execution {
        /** It ran and the agent answered: the exit code says how it went. */
        DONE,
        /** Still in flight: its outcome is unknown. */
        PENDING,
        CANCELLED,
        TIMEOUT,
        /** The agent is not installed on the node. */
        NOT_INSTALLED,
        /**
         * It ran and failed (Pacemaker's PCMK_EXEC_ERROR): a failure unless the exit code is the
         * expected one (older CIBs record an expected "not running" so).
         */
        ERROR,
        /**
         * Any other status the executor reports as final (not supported, a hard or fatal error,
         * not connected...): a failure whatever the exit code.
         */
        ERROR_FINAL
    }

    private final OperationTask task;
    private final Duration interval;
    private final int rc;
    private final Execution execution;
    private final Instant at;
    private final String reason;
    private final String startDigest;
    private final String migrationSource;
    private final String migrationTarget;
    private final int expectedRc;
    private final boolean failureIgnored;
    private final boolean unmanaged;
    private final String taskName;

    private CompletedOperation(OperationTask task, Duration interval, int rc, Execution execution, Instant at,
            String reason, String startDigest, String migrationSource, String migrationTarget, int expectedRc,
            boolean failureIgnored, boolean unmanaged, String taskName) {
        this.task = Objects.requireNonNull(task);
        this.taskName = taskName != null ? taskName : task.ocfName();
        this.interval = Objects.requireNonNull(interval);
        this.rc = rc;
        this.execution = Objects.requireNonNull(execution);
        this.at = at;
        this.reason = reason;
        this.startDigest = startDigest;
        this.migrationSource = migrationSource;
        this.migrationTarget = migrationTarget;
        this.expectedRc = expectedRc;
        this.failureIgnored = failureIgnored;
        this.unmanaged = unmanaged;
    }

    /**
     * @param rc the OCF exit code
     * @param at when the result came, or null
     * @param reason what to say of it when it failed
     */
    public static CompletedOperation of(OperationTask task, Duration interval, int rc, Execution execution,
            Instant at, String reason) {
        return new CompletedOperation(task, interval, rc, execution, at, reason, null, null, null, UNKNOWN_RC, false,
                false, null);
    }

    /** As {@code of(...).withExpectedRc(expected)}, made at once: a replay makes one per recorded operation. */
    static CompletedOperation of(OperationTask task, Duration interval, int rc, Execution execution, Instant at,
            String reason, int expected) {
        return new CompletedOperation(task, interval, rc, execution, at, reason, null, null, null, expected, false,
                false, null);
    }

    /** The same, with the digest of the parameters a start (or migrate_from) ran with. */
    public CompletedOperation withStartDigest(String digest) {
        return new CompletedOperation(task, interval, rc, execution, at, reason, digest, migrationSource,
                migrationTarget, expectedRc, failureIgnored, unmanaged, taskName);
    }

    /** The same, for a migrate_to or migrate_from between these nodes. */
    public CompletedOperation withMigration(String source, String target) {
        return new CompletedOperation(task, interval, rc, execution, at, reason, startDigest, source, target,
                expectedRc, failureIgnored, unmanaged, taskName);
    }

    /**
     * The same, with the exit code it was expected to answer ({@link #UNKNOWN_RC}: not known): a
     * CIB's transition key records it; for a recurring monitor it follows from the role it checks
     * (OCF 8 for Promoted, 0 for Unpromoted or Started, 7 for Stopped).
     */
    public CompletedOperation withExpectedRc(int expected) {
        return new CompletedOperation(task, interval, rc, execution, at, reason, startDigest, migrationSource,
                migrationTarget, expected, failureIgnored, unmanaged, taskName);
    }

    /** The same, for an operation whose failure is to be ignored (its on-fail is ignore). */
    public CompletedOperation withFailureIgnored(boolean ignored) {
        return new CompletedOperation(task, interval, rc, execution, at, reason, startDigest, migrationSource,
                migrationTarget, expectedRc, ignored, unmanaged, taskName);
    }

    /**
     * The same, of a resource the cluster does not manage (is-managed false, maintenance): a
     * monitor finding it not running reports what it found, not a failure.
     */
    public CompletedOperation withUnmanaged(boolean notManaged) {
        return new CompletedOperation(task, interval, rc, execution, at, reason, startDigest, migrationSource,
                migrationTarget, expectedRc, failureIgnored, notManaged, taskName);
    }

    /**
     * The same, with its task as the history names it, when that is no {@link OperationTask}
     * ({@link OperationTask#OTHER}: asyncmon, reload...): what a failure of it names.
     */
    public CompletedOperation named(String name) {
        return new CompletedOperation(task, interval, rc, execution, at, reason, startDigest, migrationSource,
                migrationTarget, expectedRc, failureIgnored, unmanaged, name);
    }

    /** The task's name ({@code start}, {@code monitor}, or as the history named another). */
    public String taskName() {
        return taskName;
    }

    public OperationTask task() {
        return task;
    }

    public Duration interval() {
        return interval;
    }

    public int rc() {
        return rc;
    }

    public Execution execution() {
        return execution;
    }

    public Instant at() {
        return at;
    }

    public String reason() {
        return reason;
    }

    public String startDigest() {
        return startDigest;
    }

    public String migrationSource() {
        return migrationSource;
    }

    public String migrationTarget() {
        return migrationTarget;
    }

    /** The exit code it was expected to answer, or {@link #UNKNOWN_RC}. */
    public int expectedRc() {
        return expectedRc;
    }

    /** Whether its failure is to be ignored (on-fail=ignore). */
    public boolean failureIgnored() {
        return failureIgnored;
    }

    /** Whether the resource is not managed by the cluster. */
    public boolean unmanaged() {
        return unmanaged;
    }

    /** Whether it is a recurring monitor (not a probe). */
    public boolean recurringMonitor() {
        return task == OperationTask.MONITOR && !interval.isZero();
    }

    @Override
    public String toString() {
        return taskName + "_" + interval.toMillis() + " rc=" + rc + " " + execution
                + (expectedRc == UNKNOWN_RC ? "" : " expected " + expectedRc);
    }
}
