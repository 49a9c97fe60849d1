package dev.vigil.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One completed operation of a resource on one node, as {@link HistoryReducer} folds it: what
 * ran, its OCF exit code and how the executor ran it. Read from a CIB's lrm_rsc_op or from the
 * executor's live result.
 */
public final class CompletedOperation {
    /** How the executor ran it (Pacemaker's PCMK_EXEC_* execution status). */
    public enum Execution {
        DONE, PENDING, CANCELLED, TIMEOUT, NOT_INSTALLED, ERROR
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

    private CompletedOperation(OperationTask task, Duration interval, int rc, Execution execution, Instant at,
            String reason, String startDigest, String migrationSource, String migrationTarget) {
        this.task = Objects.requireNonNull(task);
        this.interval = Objects.requireNonNull(interval);
        this.rc = rc;
        this.execution = Objects.requireNonNull(execution);
        this.at = at;
        this.reason = reason;
        this.startDigest = startDigest;
        this.migrationSource = migrationSource;
        this.migrationTarget = migrationTarget;
    }

    /**
     * @param rc the OCF exit code
     * @param at when the result came, or null
     * @param reason what to say of it when it failed
     */
    public static CompletedOperation of(OperationTask task, Duration interval, int rc, Execution execution,
            Instant at, String reason) {
        return new CompletedOperation(task, interval, rc, execution, at, reason, null, null, null);
    }

    /** The same, with the digest of the parameters a start (or migrate_from) ran with. */
    public CompletedOperation withStartDigest(String digest) {
        return new CompletedOperation(task, interval, rc, execution, at, reason, digest, migrationSource,
                migrationTarget);
    }

    /** The same, for a migrate_to or migrate_from between these nodes. */
    public CompletedOperation withMigration(String source, String target) {
        return new CompletedOperation(task, interval, rc, execution, at, reason, startDigest, source, target);
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

    @Override
    public String toString() {
        return task.ocfName() + "_" + interval.toMillis() + " rc=" + rc + " " + execution;
    }
}
