package dev.vigil.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.model.CompletedOperation;
import dev.vigil.model.Role;

/** One completed operation in a node's history. */
public final class OperationRecord {
    private final String node;
    private final String resource;
    private final AgentAction action;
    private final Duration interval;
    private final Instant started;
    private final Instant finished;
    private final ExecStatus execStatus;
    private final OcfStatus ocfStatus;
    private final String reason;
    private final Integer promotionScore;
    private final boolean refused;
    /** The digest of the parameters the operation ran with ({@code OperationDigest}), or null. */
    private final String paramsDigest;
    /** The role a recurring monitor checked ({@link ActionRequest#role()}), or null. */
    private final String role;
    /** For a migrate_to or migrate_from: the nodes it migrated between; null otherwise. */
    private final String migrationSource;
    private final String migrationTarget;

    private OperationRecord(String node, String resource, AgentAction action, Duration interval, Instant started,
            Instant finished, ExecStatus execStatus, OcfStatus ocfStatus, String reason, Integer promotionScore,
            boolean refused) {
        this(node, resource, action, interval, started, finished, execStatus, ocfStatus, reason, promotionScore,
                refused, null, null, null, null);
    }

    private OperationRecord(String node, String resource, AgentAction action, Duration interval, Instant started,
            Instant finished, ExecStatus execStatus, OcfStatus ocfStatus, String reason, Integer promotionScore,
            boolean refused, String paramsDigest, String role, String migrationSource, String migrationTarget) {
        this.role = role;
        this.migrationSource = migrationSource;
        this.migrationTarget = migrationTarget;
        this.paramsDigest = paramsDigest;
        this.promotionScore = promotionScore;
        this.refused = refused;
        this.node = Objects.requireNonNull(node);
        this.resource = Objects.requireNonNull(resource);
        this.action = Objects.requireNonNull(action);
        this.interval = Objects.requireNonNull(interval);
        this.started = Objects.requireNonNull(started);
        this.finished = Objects.requireNonNull(finished);
        this.execStatus = Objects.requireNonNull(execStatus);
        this.ocfStatus = Objects.requireNonNull(ocfStatus);
        this.reason = reason == null ? "" : reason;
    }

    public static OperationRecord of(String node, String resource, AgentAction action, Duration interval,
            Instant started, Instant finished, ExecStatus execStatus, OcfStatus ocfStatus, String reason) {
        return new OperationRecord(node, resource, action, interval, started, finished, execStatus, ocfStatus, reason,
                null, false);
    }

    /**
     * The answer of an executor that did not run a request at all (not from the DC of its
     * current view, no lease, shutting down...): {@link ExecStatus#CANCELLED}, never a failure
     * of the resource; the DC decides again.
     */
    public static OperationRecord refused(String node, ActionRequest request, Instant at, String reason) {
        return new OperationRecord(node, request.resource(), request.action(), request.interval(), at, at,
                ExecStatus.CANCELLED, OcfStatus.ERR_GENERIC, reason, null, true);
    }

    /** The same record marked as a refusal (see {@link #refused(String, ActionRequest, Instant, String)}). */
    public OperationRecord asRefused() {
        return new OperationRecord(node, resource, action, interval, started, finished, execStatus, ocfStatus, reason,
                promotionScore, true, paramsDigest, role, migrationSource, migrationTarget);
    }

    /**
     * The same record with the digest of the parameters the operation ran with, so that the
     * engine sees when the configuration changed them since a start.
     */
    public OperationRecord withParamsDigest(String digest) {
        return new OperationRecord(node, resource, action, interval, started, finished, execStatus, ocfStatus, reason,
                promotionScore, refused, digest, role, migrationSource, migrationTarget);
    }

    /** The same record of a monitor for one role ({@link ActionRequest#withRole}). */
    public OperationRecord withRole(String role) {
        return new OperationRecord(node, resource, action, interval, started, finished, execStatus, ocfStatus, reason,
                promotionScore, refused, paramsDigest, role, migrationSource, migrationTarget);
    }

    /** The same, for a migrate_to or migrate_from from {@code source} to {@code target}. */
    public OperationRecord withMigration(String source, String target) {
        return new OperationRecord(node, resource, action, interval, started, finished, execStatus, ocfStatus, reason,
                promotionScore, refused, paramsDigest, role, source, target);
    }

    /** The node a migrate_to or migrate_from migrated the resource from, or null. */
    public String migrationSource() {
        return migrationSource;
    }

    /** The node a migrate_to or migrate_from migrated the resource to, or null. */
    public String migrationTarget() {
        return migrationTarget;
    }

    /** The role a recurring monitor checked, or null for a monitor of any role and every other operation. */
    public String role() {
        return role;
    }

    /** The digest of the parameters it ran with, or null when unknown. */
    public String paramsDigest() {
        return paramsDigest;
    }

    /** The executor did not run the operation: it refused the request. Not a failure: decide again. */
    public boolean isRefused() {
        return refused;
    }

    /** The same record with the promotion score the agent set, or null for none. */
    public OperationRecord withPromotionScore(Integer score) {
        return new OperationRecord(node, resource, action, interval, started, finished, execStatus, ocfStatus, reason,
                score, refused, paramsDigest, role, migrationSource, migrationTarget);
    }

    /** The promotion score the agent set in this operation, or null. */
    public Integer promotionScore() {
        return promotionScore;
    }

    public String node() {
        return node;
    }

    public String resource() {
        return resource;
    }

    public AgentAction action() {
        return action;
    }

    public Duration interval() {
        return interval;
    }

    public Instant started() {
        return started;
    }

    public Instant finished() {
        return finished;
    }

    public ExecStatus execStatus() {
        return execStatus;
    }

    public OcfStatus ocfStatus() {
        return ocfStatus;
    }

    public String reason() {
        return reason;
    }

    /**
     * Whether this operation failed: it did not answer or answered something other than its
     * success. A probe succeeds with "running" or "not running"; a recurring monitor only with
     * the answer the role it checks expects ({@link #expectedRc}: "not running" for the Stopped
     * role, "running promoted" (8) for the Promoted role, "running" (0) otherwise; degraded
     * answers alike). Cancelled operations and a missing agent are not failures of the resource.
     */
    public boolean isFailure() {
        if (refused || action == AgentAction.NOTIFY) {
            return false; // a failed clone notification is logged, never held against the resource
        }
        switch (execStatus) {
            case CANCELLED:
            case NOT_INSTALLED:
                return false;
            case DONE:
                if (action == AgentAction.MONITOR && !interval.isZero()) {
                    return effective(ocfStatus) != expectedRc();
                }
                if (action == AgentAction.MONITOR) {
                    return !(ocfStatus.isRunning() || ocfStatus == OcfStatus.NOT_RUNNING);
                }
                return ocfStatus != OcfStatus.OK;
            default:
                return true;
        }
    }

    /**
     * The exit code a recurring monitor expects, by the role it checks, as Pacemaker's DC sets
     * it in the transition key: 7 (not running) for the Stopped role, 8 (running promoted) for
     * the Promoted role, 0 for the Unpromoted or Started role or none (the DC names the role of
     * every promotable instance's monitor); {@link CompletedOperation#UNKNOWN_RC} for any other
     * operation.
     */
    public int expectedRc() {
        if (action != AgentAction.MONITOR || interval.isZero()) {
            return CompletedOperation.UNKNOWN_RC;
        }
        Role r;
        try {
            r = Role.parse(role);
        } catch (IllegalArgumentException e) {
            r = null; // (a role the configuration reader would have refused)
        }
        if (r == Role.STOPPED) {
            return OcfStatus.NOT_RUNNING.code();
        }
        return r == Role.PROMOTED ? OcfStatus.RUNNING_PROMOTED.code() : OcfStatus.OK.code();
    }

    /** A degraded answer as its plain counterpart (Pacemaker's pcmk__effective_rc). */
    private static int effective(OcfStatus s) {
        return s == OcfStatus.DEGRADED ? OcfStatus.OK.code()
                : s == OcfStatus.DEGRADED_PROMOTED ? OcfStatus.RUNNING_PROMOTED.code() : s.code();
    }

    /** The Pacemaker-style operation key: {@code web_monitor_1000}. */
    public String key() {
        return resource + "_" + action.ocfName() + "_" + interval.toMillis();
    }

    @Override
    public String toString() {
        return key() + (role == null ? "" : " (role " + role + ")") + " on " + node + ": "
                + (refused ? "REFUSED" : execStatus == ExecStatus.DONE ? ocfStatus.name() : execStatus.name())
                + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
