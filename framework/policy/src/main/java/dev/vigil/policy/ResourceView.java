package dev.vigil.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.model.Resource;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;
import dev.vigil.model.Score;

/** A primitive as the engine works on it: where it is, what it wants, and where it will go. */
final class ResourceView {
    final Resource resource;
    final String id;
    /** The (uncloned) group it is a member of, or null. */
    final String group;
    /** The clone whose instance it is (or whose instance's member it is), or null. */
    CloneView clone;
    CloneView.Instance instance;
    /** Online nodes where it is active (started, failed or blocked), in node order. */
    final List<String> activeOn = new ArrayList<>();
    /** Its state on every node, as reported. */
    final Map<String, ResourceState> states = new TreeMap<>();
    final Score stickiness;
    final int migrationThreshold;
    final int priority;
    /**
     * Managed by the cluster: false when is-managed=false, in maintenance, on a node in
     * maintenance, or frozen by a lost ticket.
     */
    boolean managed;
    /**
     * Left as it is because a ticket it needs was lost (loss-policy=freeze): unmanaged for this
     * decision, though not configured so (the status does not call it unmanaged).
     */
    boolean frozenByTicket;
    final boolean targetStopped;
    /** No longer configured, but still active somewhere (Pacemaker's orphan): to be stopped. */
    boolean removed;
    /** May run on no node at all (removed, or multiply active with multiple-active=stop_only). */
    boolean runsNowhere;
    /** Left alone where it runs: multiply active with multiple-active=block (or in such a group). */
    boolean blockedAsMultiplyActive;
    /** Nodes where an operation on it is running now (outcome unknown): nothing may be done to it. */
    final List<String> pendingOn = new ArrayList<>();
    /** Nodes where a start of it is recorded as still running (not yet confirmed either way). */
    final List<String> startingOn = new ArrayList<>();

    /** Node scores, built up by the assigner. */
    Map<String, Score> scores = new TreeMap<>();
    /**
     * The node the assignment stage gave it, or null (assigned nowhere: it is to be stopped, or
     * stays stopped). Written only by the assignment stage ({@link #assign}); once the working set
     * has sealed the assignments ({@link WorkingSet#sealAssignments}) it never changes: what the
     * planner decides later shows in its action flags ({@link #unrunnableStart}), and
     * {@link #destination()} combines both.
     */
    private final AssignedNode assignedNode = new AssignedNode();
    /** The assignment stage is done with it ({@code assigning}: under way, which breaks colocation loops). */
    boolean assigned;
    boolean assigning;
    /**
     * It runs a guest node fenced in this transition, or runs on one: it is recovered as if it
     * had failed (Pacemaker marks the container failed, which is how the guest is fenced, and
     * what ran on the guest failed with it).
     */
    boolean recoversGuest;
    /** Must stop and start again where it is (a dependency restarts, or it failed). */
    boolean restart;
    /** Why it restarts, for the summary. */
    String restartReason;
    /** It moves by live migration ({@link Migration}): migrate_to, migrate_from, stop. */
    boolean migrating;
    /** Its parameters changed where it stays, and its agent can apply them without a restart. */
    boolean reload;
    /**
     * Its start shows blocked in the summary, "Start (blocked)" on its assigned node: stopped, it
     * could start there but its start is unrunnable ({@link #unrunnableStart}).
     */
    boolean startBlocked;
    /** It should stop but cannot: something that must stop first is blocked. */
    boolean stopBlocked;
    /** Why a start cannot run although the resource has a node (Pacemaker clears the start's runnable flag). */
    enum UnrunnableStart {
        /**
         * The partition has no quorum, which its start needs: decided with its assignment (it is
         * assigned where it would start, and what is colocated with it follows it there).
         */
        WITHOUT_QUORUM,
        /**
         * Decided by the planner ({@link OrderPropagation}): a mandatory order's first side will
         * not run, or it must be colocated (INFINITY) with a primary whose start cannot run. It runs
         * nowhere after the transition: one that is active stops (an asymmetrical order blocks only
         * a start, so it never marks one that stays where it runs).
         */
        PREREQUISITE_CANNOT_RUN
    }

    /**
     * Why its start cannot run, or null: it may start (or stay) where it is assigned. It keeps
     * its assignment either way; {@link #destination()} tells where it runs after the transition.
     */
    private UnrunnableStart unrunnableStart;
    /**
     * The node where it was running and stops because a mandatory prerequisite cannot run
     * there: Pacemaker first plans its restart there, then finds the start unrunnable.
     */
    String stoppedByOrderOn;
    /**
     * Why the promotion it was chosen for cannot happen (a promotable instance starting where a
     * mandatory Promoted-role colocation's primary cannot start), or null: it starts unpromoted.
     */
    String promotionBlockedReason;
    String blockedReason;
    /** A promotable clone's instance that would also have been promoted where its start is blocked. */
    boolean promotionBlocked;

    ResourceView(Resource resource, String id, String group, Score stickiness, int migrationThreshold, int priority,
            boolean managed, boolean targetStopped) {
        this.resource = resource;
        this.id = id;
        this.group = group;
        this.stickiness = stickiness;
        this.migrationThreshold = migrationThreshold;
        this.priority = priority;
        this.managed = managed;
        this.targetStopped = targetStopped;
    }

    /**
     * Gives it its node (null: none). Only the assignment stage calls this, as often as it
     * revises its choice; after {@link #sealAssignment} it throws {@link IllegalStateException}.
     */
    void assign(String node) {
        assignedNode.set(node, () -> id);
    }

    /** The node the assignment stage gave it, or null: what colocated resources follow. */
    String assignedNode() {
        return assignedNode.node();
    }

    /** Ends the assignment stage for it: {@link #assign} throws from now on. */
    void sealAssignment() {
        assignedNode.seal();
    }

    /** Why its start cannot run ({@link #markStartUnrunnable}), or null: it may start or stay. */
    UnrunnableStart unrunnableStart() {
        return unrunnableStart;
    }

    /**
     * Its start cannot run, for this reason; it keeps its assignment. Lack of quorum is decided
     * with the assignment, so only before the assignments are sealed.
     */
    void markStartUnrunnable(UnrunnableStart why) {
        if (why == UnrunnableStart.WITHOUT_QUORUM && assignedNode.sealed()) {
            throw new IllegalStateException("The start of " + id + " needs quorum: that is decided with the"
                    + " assignment, which is sealed");
        }
        unrunnableStart = why;
    }

    /**
     * Where it runs once the transition is done: its assigned node, unless its start is
     * unrunnable ({@link #unrunnableStart}); null for nowhere. (Within the assignment stage: where
     * it will run as far as decided, what a node's host or a remote connection asks.)
     */
    String destination() {
        return unrunnableStart != null ? null : assignedNode.node();
    }

    /** Will it run after the transition on a node where it is active now? */
    boolean staysWhereItRuns() {
        String to = destination();
        return to != null && activeOn.contains(to);
    }

    /** Leaves it as it is: a ticket it needs was lost and its loss-policy is freeze. */
    void freezeForTicket() {
        managed = false;
        frozenByTicket = true;
    }

    /** The configured primitive's id: the id itself, or the cloned primitive of an instance. */
    String configId() {
        return resource.id();
    }

    ResourceState state(String node) {
        ResourceState s = states.get(node);
        return s != null ? s : ResourceState.of(ResourceRole.UNKNOWN);
    }

    boolean failedOn(String node) {
        return state(node).role() == ResourceRole.FAILED;
    }

    boolean blocked() {
        for (String n : activeOn) {
            if (state(n).role() == ResourceRole.BLOCKED) {
                return true;
            }
        }
        return false;
    }

    boolean pending() {
        return !pendingOn.isEmpty();
    }

    /** The node it runs on now (the first, if it runs on several), or null. */
    String current() {
        return activeOn.isEmpty() ? null : activeOn.get(0);
    }

    boolean failed() {
        if (recoversGuest) {
            return true;
        }
        for (String n : activeOn) {
            if (failedOn(n)) {
                return true;
            }
        }
        return false;
    }
}
