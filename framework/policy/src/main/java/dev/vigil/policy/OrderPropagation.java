package dev.vigil.policy;

import static dev.vigil.policy.ActionPlanner.starts;
import static dev.vigil.policy.ActionPlanner.stops;
import static dev.vigil.policy.ResourceView.UnrunnableStart.PREREQUISITE_CANNOT_RUN;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.model.Colocation;

/**
 * What mandatory orders and colocations make of the actions of resources already assigned: the
 * planner's decisions, which change no assignment (Pacemaker's update_action and
 * pcmk__block_colocation_dependents, run to a fixed point). A start whose prerequisite will not
 * run becomes unrunnable ({@link ResourceView#unrunnableStart}), and so does the start of what
 * must be colocated (INFINITY) with it; a running resource ordered after one that starts or stops
 * restarts; a stop that must wait for a stop that cannot happen is blocked.
 */
final class OrderPropagation {
    private final WorkingSet ws;
    private final List<OrderLink> links;
    private final Migration migration;

    OrderPropagation(WorkingSet ws, List<OrderLink> links, Migration migration) {
        this.ws = ws;
        this.links = links;
        this.migration = migration;
    }

    /** Will it be running once the transition is done? A blocked, failed resource is not. */
    private static boolean willRun(ResourceView r) {
        return r.destination() != null && !r.blocked();
    }

    /** Must it stop somewhere (even where a failed stop blocks it)? */
    private static boolean needsStop(ResourceView r) {
        return stops(r) || (r.managed && r.blocked());
    }

    /**
     * Mandatory "F then T" (start, start), to a fixed point:
     * 1. if F will not run, T cannot start; a running T stops too unless the order is asymmetrical;
     * 2. symmetrical: if F stops, a running T stops first (and restarts if it can);
     * 3. if F starts, a running T restarts after it.
     * An optional order ({@link #optionalOrderRestarts}) only restarts.
     */
    void apply() {
        boolean changed = true;
        for (int round = 0; changed && round < 1000; round++) {
            migration.decide();
            changed = propagateCloneOrders() | stopMandatoryDependents();
            for (OrderLink l : links) {
                if (l.mandatory && !l.clone && l.firstAction.equals("stop") && l.thenAction.equals("stop")
                        && l.first.managed && (l.first.blocked() || l.first.stopBlocked)
                        && stops(l.then) && !l.then.stopBlocked) {
                    l.then.stopBlocked = true; // its stop must wait for FIRST's, which cannot happen
                    changed = true;
                }
                changed |= optionalOrderRestarts(l);
                if (!l.mandatory || l.clone || !l.firstAction.equals("start") || !l.thenAction.equals("start")) {
                    continue;
                }
                ResourceView f = l.first, t = l.then;
                if (l.symmetrical && t.managed && (t.blocked() || t.stopBlocked) && f.managed && !f.blocked()
                        && stops(f) && !f.stopBlocked) {
                    // F may stop only after T, whose stop cannot happen (a failed stop, or one
                    // waiting in turn for such a stop: the block runs down a group's members)
                    f.stopBlocked = true;
                    changed = true;
                }
                if (!t.managed || t.blocked() || t.destination() == null) {
                    continue;
                }
                boolean tStays = t.activeOn.contains(t.destination()) && !t.restart;
                if (!firstRuns(l) && (!tStays || l.symmetrical)) {
                    if (t.activeOn.isEmpty()) {
                        t.startBlocked = true;
                        t.blockedReason = "due to unrunnable " + f.id + " start";
                    }
                    t.markStartUnrunnable(PREREQUISITE_CANNOT_RUN);
                    changed = true;
                } else if (tStays && !f.migrating && (starts(f) || (l.symmetrical && needsStop(f)))) {
                    t.restart = true;
                    t.restartReason = "due to required " + f.id + " start";
                    changed = true;
                }
            }
        }
        migration.decide();
    }

    /**
     * An optional order whose THEN has the (deprecated) meta attribute {@code restart-type=restart}:
     * FIRST's action, when it happens, makes THEN's required (Pacemaker upgrades the order to
     * "first implies then"): a running THEN that stays restarts after a start of FIRST, or with
     * a stop of FIRST before a stop of it. A FIRST that cannot run still blocks nothing.
     */
    private boolean optionalOrderRestarts(OrderLink l) {
        if (l.mandatory || l.clone || l.order == null || !l.firstAction.equals(l.thenAction)
                || !"restart".equals(ws.config.meta(l.then.resource, "restart-type", null))) {
            return false;
        }
        ResourceView f = l.first, t = l.then;
        if (!t.managed || t.blocked() || t.stopBlocked || t.pending() || t.destination() == null
                || !t.activeOn.contains(t.destination()) || t.restart || t.migrating || f.migrating) {
            return false;
        }
        boolean start = l.firstAction.equals("start");
        if (start ? !(starts(f) && willRun(f)) : !(l.firstAction.equals("stop") && stops(f))) {
            return false;
        }
        t.restart = true;
        t.restartReason = start ? "due to required " + (f.group != null ? f.group + " running" : f.id + " start")
                : null;
        return true;
    }

    /**
     * Whether FIRST of a start order will run; for a require-all=false link, whether any of
     * the resources so ordered before the same THEN will.
     */
    private boolean firstRuns(OrderLink l) {
        if (!l.anyOf) {
            return willRun(l.first);
        }
        return links.stream().filter(x -> x.anyOf && x.then == l.then && x.mandatory
                && x.firstAction.equals(l.firstAction) && x.thenAction.equals(l.thenAction))
                .anyMatch(x -> willRun(x.first));
    }

    /**
     * The Promoted role of a promotable clone that must be colocated (INFINITY) with a resource
     * whose start an order blocked: the stopped instance chosen for promotion there starts but is
     * not promoted (Pacemaker blocks the promotion "due to colocation with" the primary).
     */
    private boolean blockPromotionWithBlockedPrimary(Colocation c) {
        ResourceView primary = ws.representative(c.withResource());
        CloneView clone = ws.clones.get(c.resource());
        if (primary == null || primary.destination() != null || !primary.managed || primary.blocked()
                || primary.unrunnableStart() != PREREQUISITE_CANNOT_RUN || !primary.startBlocked || clone == null
                || !clone.promotable()) {
            return false;
        }
        boolean changed = false;
        for (CloneView.Instance i : clone.instances) {
            if (!i.promoted || i.assignedNode() == null || !i.assignedNode().equals(primary.assignedNode())
                    || i.members.stream().anyMatch(d -> !d.activeOn.isEmpty() || !d.managed || d.blocked())) {
                continue;
            }
            i.promoted = false;
            i.members.forEach(d -> d.promotionBlockedReason = "due to colocation with " + primary.id);
            changed = true;
        }
        return changed;
    }

    /**
     * A resource whose start cannot run (an order left it without a node, or the partition lacks
     * the quorum it needs) takes with it what must be colocated with it (INFINITY): Pacemaker
     * blocks the dependents of an unrunnable start, whatever made it unrunnable.
     */
    private boolean stopMandatoryDependents() {
        boolean changed = false;
        for (Colocation c : ws.config.colocations()) {
            if (c.score().isPositiveInfinity() && Assigner.isPromotedRole(c.dependentRole())
                    && Assigner.startedRole(c.primaryRole())) {
                changed |= blockPromotionWithBlockedPrimary(c);
                continue;
            }
            if (!c.score().isPositiveInfinity() || !Assigner.startedRole(c.dependentRole())
                    || !Assigner.startedRole(c.primaryRole())) {
                continue;
            }
            ResourceView primary = ws.representative(c.withResource());
            if (primary == null || primary.unrunnableStart() == null || !primary.managed || primary.blocked()) {
                continue; // (whether an order or the lack of quorum made its start unrunnable)
            }
            for (ResourceView d : ws.expand(c.resource())) {
                if (d.destination() != null && d.managed && !d.blocked()) {
                    if (d.activeOn.isEmpty()) {
                        d.startBlocked = true;
                    }
                    d.markStartUnrunnable(PREREQUISITE_CANNOT_RUN);
                    d.blockedReason = "due to colocation with " + primary.id;
                    changed = true;
                }
            }
        }
        return changed;
    }

    /**
     * A mandatory "F then T" where F or T is a clone: T may start where at least one instance
     * of F runs ({@code clone-min} of them, if set; an interleaved T: where F's instance on the
     * same node runs), otherwise it cannot start, and a running T stops too unless the order
     * is asymmetrical. A T that is no clone instance and stays where it runs restarts when an
     * instance of F starts on T's node (Pacemaker asks whether the clone's start is required
     * on the node of the action ordered after it), or would restart there but cannot. An
     * instance starting elsewhere, or only stopping, does not restart it. The instances of a
     * clone T after a primitive F restart when F starts or (symmetrical) stops, as T would.
     */
    private boolean propagateCloneOrders() {
        Map<String, List<OrderLink>> byThen = new LinkedHashMap<>();
        for (OrderLink l : links) {
            if (l.clone && l.mandatory && l.firstAction.equals("start") && l.thenAction.equals("start")) {
                byThen.computeIfAbsent(l.order + " " + l.then.id, k -> new ArrayList<>()).add(l);
            }
        }
        boolean changed = false;
        for (List<OrderLink> group : byThen.values()) {
            ResourceView t = group.get(0).then;
            if (!t.managed || t.blocked() || t.destination() == null) {
                continue;
            }
            String where = t.destination();
            long running = group.stream().filter(l -> willRun(l.first)
                    && (!l.sameNode || l.first.destination().equals(where))).count();
            CloneView firstClone = group.get(0).first.clone;
            int needed = firstClone == null || group.get(0).sameNode ? 1 : firstClone.clone.minInstances();
            boolean runnable = running >= needed;
            boolean tStays = t.activeOn.contains(where) && !t.restart;
            if (runnable && tStays && t.clone == null && firstClone != null
                    && group.stream().anyMatch(l -> where.equals(l.first.stoppedByOrderOn)
                            || (where.equals(l.first.destination()) && starts(l.first)))) {
                t.restart = true;
                t.restartReason = "due to required " + firstClone.id + " running";
                changed = true;
                continue;
            }
            if (runnable && tStays && t.clone != null && firstClone != null && group.get(0).sameNode) {
                // Interleaved clones: an instance restarts when the instance of FIRST on its node
                // starts there (or restarts), as that instance's start requires its own.
                ResourceView peer = group.stream().map(l -> l.first)
                        .filter(f -> where.equals(f.stoppedByOrderOn) || (where.equals(f.destination()) && starts(f)))
                        .findFirst().orElse(null);
                if (peer != null) {
                    t.restart = true;
                    t.restartReason = "due to required " + peer.id + " start";
                    changed = true;
                    continue;
                }
            }
            ResourceView primary = group.get(0).first;
            if (runnable && tStays && t.clone != null && primary.clone == null
                    && (starts(primary) || (group.get(0).symmetrical && needsStop(primary)))) {
                // An instance after a primitive follows it as a primitive would: the clone's start
                // is required, and so is each instance's.
                t.restart = true;
                t.restartReason = "due to required " + primary.id + " start";
                changed = true;
                continue;
            }
            if (!runnable && (!tStays || group.get(0).symmetrical)) {
                if (tStays) {
                    t.stoppedByOrderOn = where;
                }
                boolean partnerThere = group.stream().anyMatch(l -> where.equals(l.first.destination())
                        || (l.first.startBlocked && where.equals(l.first.assignedNode())));
                if (t.activeOn.isEmpty() && (!group.get(0).sameNode || partnerThere)) {
                    // Its start cannot run (an instance too). An interleaved instance with no
                    // instance of FIRST on its node to pair with is not placed at all.
                    t.startBlocked = true;
                    ResourceView f = group.get(0).first;
                    t.blockedReason = "due to unrunnable " + (f.clone == null ? f.id + " start"
                            : group.get(0).sameNode ? f.clone.id + " on " + where + " start" : f.clone.id + " running");
                }
                t.markStartUnrunnable(PREREQUISITE_CANNOT_RUN);
                changed = true;
            }
        }
        return changed;
    }
}
