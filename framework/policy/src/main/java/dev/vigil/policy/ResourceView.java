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
    /** The chosen node, or null to be stopped. */
    String chosen;
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
    /** It cannot be started (a mandatory prerequisite cannot run): "(blocked)". */
    boolean startBlocked;
    /** It should stop but cannot: something that must stop first is blocked. */
    boolean stopBlocked;
    /** A mandatory order took its node away (a prerequisite cannot run). */
    boolean orderedAway;
    /**
     * The node where it was running and stops because a mandatory prerequisite cannot run
     * there: Pacemaker first plans its restart there, then finds the start unrunnable.
     */
    String stoppedByOrderOn;
    /** Where it would have started had it not been blocked. */
    String blockedNode;
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
