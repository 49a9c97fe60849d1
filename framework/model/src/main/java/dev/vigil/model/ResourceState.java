package dev.vigil.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** One resource's state on one node, as its executor reports it. */
public final class ResourceState {
    private final ResourceRole role;
    private final int failCount;
    private final Instant lastFailure;
    private final String lastFailureReason;
    private final Duration monitorInterval;
    private final String failedAction;
    private final Duration failedInterval;
    /** The agent's preference for promoting the instance here (higher is better), or null for none. */
    private final Integer promotionScore;
    /** The operations recorded since it last started, with their parameter digests. */
    private final List<RecordedOperation> recorded;
    /** The recurring operations running on the node now (whatever the role they are for). */
    private final List<RecordedOperation> recurring;
    /** The agent the node recorded it with ({@code ocf:heartbeat:IPaddr}), or null when unknown. */
    private final String agent;
    /** The role the failure found it in, when that is not {@link #role()}; null otherwise. */
    private final ResourceRole roleBeforeFailure;
    /** Whether the current failure is the executor's "not installed" status (the agent is missing there). */
    private final boolean notInstalled;
    /**
     * The live migration this node last took part in, with nothing but monitors since: on the
     * source after its migrate_to, on the target after its migrate_from; null otherwise.
     */
    private final String migrationSource;
    private final String migrationTarget;
    /** The plain state of each role, made once: asked for per resource and node (a default in lookups). */
    private static final ResourceState[] PLAIN = new ResourceState[ResourceRole.values().length];

    static {
        for (ResourceRole r : ResourceRole.values()) {
            PLAIN[r.ordinal()] = of(r, 0, null, "", Duration.ZERO);
        }
    }

    /** The fields of a state being made: a copy of another's with some changed ({@link #with}). */
    private static final class Fields {
        ResourceRole role;
        int failCount;
        Instant lastFailure;
        String lastFailureReason;
        Duration monitorInterval = Duration.ZERO;
        String failedAction;
        Duration failedInterval = Duration.ZERO;
        Integer promotionScore;
        List<RecordedOperation> recorded = List.of();
        List<RecordedOperation> recurring = List.of();
        String agent;
        ResourceRole roleBeforeFailure;
        boolean notInstalled;
        String migrationSource;
        String migrationTarget;
    }

    private ResourceState(Fields f) {
        this.role = Objects.requireNonNull(f.role);
        this.failCount = f.failCount;
        this.lastFailure = f.lastFailure;
        this.lastFailureReason = f.lastFailureReason == null ? "" : f.lastFailureReason;
        this.monitorInterval = Objects.requireNonNull(f.monitorInterval);
        this.failedAction = f.failedAction;
        this.failedInterval = Objects.requireNonNull(f.failedInterval);
        this.promotionScore = f.promotionScore;
        this.recorded = List.copyOf(f.recorded);
        this.recurring = List.copyOf(f.recurring);
        this.agent = f.agent;
        this.roleBeforeFailure = f.roleBeforeFailure;
        this.notInstalled = f.notInstalled;
        this.migrationSource = f.migrationSource;
        this.migrationTarget = f.migrationTarget;
    }

    /**
     * What a replay of the recorded history leaves ({@link OperationHistory}): this state with no
     * monitor and no migration of the live table's, the operations recorded since the start, the
     * recurring ones running and the agent; one copy where the {@code with} methods would make four.
     */
    ResourceState replayed(List<RecordedOperation> sinceStart, List<RecordedOperation> running, String agentSpec) {
        return with(f -> {
            f.monitorInterval = Duration.ZERO;
            f.migrationSource = null;
            f.migrationTarget = null;
            f.recorded = sinceStart;
            f.recurring = running;
            f.agent = agentSpec;
        });
    }

    /** This state with the fields {@code change} sets; the others as they are. */
    private ResourceState with(Consumer<Fields> change) {
        Fields f = new Fields();
        f.role = role;
        f.failCount = failCount;
        f.lastFailure = lastFailure;
        f.lastFailureReason = lastFailureReason;
        f.monitorInterval = monitorInterval;
        f.failedAction = failedAction;
        f.failedInterval = failedInterval;
        f.promotionScore = promotionScore;
        f.recorded = recorded;
        f.recurring = recurring;
        f.agent = agent;
        f.roleBeforeFailure = roleBeforeFailure;
        f.notInstalled = notInstalled;
        f.migrationSource = migrationSource;
        f.migrationTarget = migrationTarget;
        change.accept(f);
        return new ResourceState(f);
    }

    public static ResourceState of(ResourceRole role, int failCount, Instant lastFailure, String lastFailureReason,
            Duration monitorInterval) {
        Fields f = new Fields();
        f.role = role;
        f.failCount = failCount;
        f.lastFailure = lastFailure;
        f.lastFailureReason = lastFailureReason;
        f.monitorInterval = monitorInterval;
        return new ResourceState(f);
    }

    /**
     * A state whose current failure came from a known operation, so that the engine can apply
     * that operation's on-fail policy.
     */
    public static ResourceState failedBy(ResourceRole role, int failCount, Instant lastFailure, String reason,
            String failedAction, Duration failedInterval) {
        return of(role, failCount, lastFailure, reason, Duration.ZERO).with(f -> {
            f.failedAction = failedAction;
            f.failedInterval = failedInterval;
        });
    }

    /** The operation whose failure is the current one (start, stop, monitor...), or null. */
    public String failedAction() {
        return failedAction;
    }

    public Duration failedInterval() {
        return failedInterval;
    }

    public ResourceState withFailCount(int count) {
        return count == failCount ? this : with(f -> f.failCount = count);
    }

    /** The promotion score the agent last set here, or null. */
    public Integer promotionScore() {
        return promotionScore;
    }

    public ResourceState withPromotionScore(Integer score) {
        return Objects.equals(score, promotionScore) ? this : with(f -> f.promotionScore = score);
    }

    /**
     * The operations recorded since it last started (its start or the probe that found it
     * running, its monitors...) with the digests of their parameters; empty when unknown.
     */
    public List<RecordedOperation> recorded() {
        return recorded;
    }

    public ResourceState withRecorded(List<RecordedOperation> ops) {
        return ops.isEmpty() && recorded.isEmpty() ? this : with(f -> f.recorded = ops);
    }

    /**
     * The recurring operations the node runs for it now, as Pacemaker counts them
     * (process_recurring): those recorded since it last started, or since it last stopped when
     * that came later (a monitor for the Stopped role), not in flight; empty when unknown.
     */
    public List<RecordedOperation> recurring() {
        return recurring;
    }

    public ResourceState withRecurring(List<RecordedOperation> ops) {
        return ops.isEmpty() && recurring.isEmpty() ? this : with(f -> f.recurring = ops);
    }

    /**
     * The agent the node recorded the resource with, as {@code class:provider:type} (or
     * {@code class:type}); null when unknown. What identifies a resource removed from the
     * configuration that may still run.
     */
    public String agent() {
        return agent;
    }

    public ResourceState withAgent(String spec) {
        return Objects.equals(spec, agent) ? this : with(f -> f.agent = spec);
    }

    /**
     * The role it would have were its current failure ignored, as Pacemaker does on a node
     * that is being fenced: the role the failure found it in (at least Started, since a failed
     * operation may have left it running), Promoted after a failed promote, Unpromoted after a
     * failed demote; Started when not known. Equal to {@link #role()} when nothing failed.
     */
    public ResourceRole roleBeforeFailure() {
        if (roleBeforeFailure != null) {
            return roleBeforeFailure;
        }
        return role == ResourceRole.FAILED || role == ResourceRole.BLOCKED ? ResourceRole.STARTED : role;
    }

    /**
     * Whether the current failure is an operation the executor could not run because the agent
     * is not installed on the node: on-fail=ignore cannot apply to it (Pacemaker bans the node).
     */
    public boolean notInstalled() {
        return notInstalled;
    }

    public ResourceState withNotInstalled(boolean missing) {
        return missing == notInstalled ? this : with(f -> f.notInstalled = missing);
    }

    /**
     * This state with no current failure: what failed, when and why, and the role the failure
     * found it in, are forgotten; the role and the fail count stay.
     */
    public ResourceState withoutFailure() {
        if (failedAction == null && failedInterval.isZero() && lastFailure == null && lastFailureReason.isEmpty()
                && roleBeforeFailure == null && !notInstalled) {
            return this; // nothing to forget
        }
        return with(f -> {
            f.failedAction = null;
            f.failedInterval = Duration.ZERO;
            f.lastFailure = null;
            f.lastFailureReason = null;
            f.roleBeforeFailure = null;
            f.notInstalled = false;
        });
    }

    /** This state, recording the role the failure found it in (see {@link #roleBeforeFailure()}). */
    public ResourceState withRoleBeforeFailure(ResourceRole r) {
        ResourceRole remembered = r == role ? null : r;
        return remembered == roleBeforeFailure ? this : with(f -> f.roleBeforeFailure = remembered);
    }

    /**
     * The source of the live migration this node last took part in (its migrate_to here, or its
     * migrate_from here), with only monitors since; null when none. See {@link #migrationTarget()}.
     */
    public String migrationSource() {
        return migrationSource;
    }

    /** The target of that migration, or null. */
    public String migrationTarget() {
        return migrationTarget;
    }

    /** This state, recording a live migration from {@code source} to {@code target} (both null: none). */
    public ResourceState withMigration(String source, String target) {
        if (Objects.equals(source, migrationSource) && Objects.equals(target, migrationTarget)) {
            return this;
        }
        return with(f -> {
            f.migrationSource = source;
            f.migrationTarget = target;
        });
    }

    public static ResourceState of(ResourceRole role) {
        return PLAIN[role.ordinal()];
    }

    public ResourceRole role() {
        return role;
    }

    public int failCount() {
        return failCount;
    }

    /** When the last failure happened, or null. */
    public Instant lastFailure() {
        return lastFailure;
    }

    public String lastFailureReason() {
        return lastFailureReason;
    }

    /** The interval of the recurring monitor running here, or zero. */
    public Duration monitorInterval() {
        return monitorInterval;
    }

    public ResourceState withMonitor(Duration interval) {
        return interval.equals(monitorInterval) ? this : with(f -> f.monitorInterval = interval);
    }

    /** Active in some form: running, or failed and so perhaps still partly running. */
    public boolean isActive() {
        return role == ResourceRole.STARTED || role == ResourceRole.PROMOTED || role == ResourceRole.FAILED
                || role == ResourceRole.BLOCKED;
    }

    /** This state in another role; a failed role remembers the role it replaces, any other forgets it. */
    public ResourceState withRole(ResourceRole r) {
        boolean failure = r == ResourceRole.FAILED || r == ResourceRole.BLOCKED;
        ResourceRole before = failure ? (roleBeforeFailure != null || role == ResourceRole.FAILED
                || role == ResourceRole.BLOCKED ? roleBeforeFailure : role) : null;
        ResourceRole remembered = before == r ? null : before;
        if (r == role && remembered == roleBeforeFailure) {
            return this;
        }
        return with(f -> {
            f.role = r;
            f.roleBeforeFailure = remembered;
        });
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResourceState)) {
            return false;
        }
        ResourceState s = (ResourceState) o;
        return role == s.role && failCount == s.failCount && Objects.equals(lastFailure, s.lastFailure)
                && lastFailureReason.equals(s.lastFailureReason) && monitorInterval.equals(s.monitorInterval)
                && Objects.equals(failedAction, s.failedAction) && failedInterval.equals(s.failedInterval)
                && Objects.equals(promotionScore, s.promotionScore) && recorded.equals(s.recorded)
                && recurring.equals(s.recurring) && Objects.equals(agent, s.agent)
                && roleBeforeFailure() == s.roleBeforeFailure() && notInstalled == s.notInstalled
                && Objects.equals(migrationSource, s.migrationSource)
                && Objects.equals(migrationTarget, s.migrationTarget);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, failCount, lastFailure, lastFailureReason, monitorInterval);
    }

    @Override
    public String toString() {
        return role + (failCount > 0 ? " failcount=" + failCount : "");
    }
}
