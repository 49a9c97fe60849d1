package dev.vigil.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.vigil.model.Group;
import dev.vigil.model.Order;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * Turns placements into actions and orderings.
 *
 * <p>Mandatory orders ("F then T", groups included) propagate: if F cannot run, T cannot
 * start; if F starts in this transition, a running T restarts after it; if F stops, T stops
 * first. Every resource is probed where its state is unknown before it starts anywhere; stops
 * come before starts; a recurring monitor follows each start. Symmetrical orders also order
 * the stops in reverse.
 */
final class ActionPlanner {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** One order between two primitives' actions. */
    private static final class Link {
        final ResourceView first;
        final String firstAction;
        final ResourceView then;
        final String thenAction;
        final boolean mandatory;
        final boolean symmetrical;
        /** One side is a clone: it orders the actions but does not propagate (colocation does). */
        boolean clone;

        Link(ResourceView first, String firstAction, ResourceView then, String thenAction, boolean mandatory,
                boolean symmetrical) {
            this.first = first;
            this.firstAction = firstAction;
            this.then = then;
            this.thenAction = thenAction;
            this.mandatory = mandatory;
            this.symmetrical = symmetrical;
        }
    }

    private final WorkingSet ws;
    private final List<Link> links = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private final Map<Integer, Set<Integer>> deps = new TreeMap<>();
    /** Action ids by kind and resource: "START web" -> [ids]. */
    private final Map<String, List<Integer>> byResource = new java.util.HashMap<>();
    private final List<Change> changes = new ArrayList<>();

    ActionPlanner(WorkingSet ws) {
        this.ws = ws;
        for (Group g : ws.config.groups()) {
            List<String> m = g.members();
            for (int i = 1; i < m.size(); i++) {
                links.add(new Link(ws.resources.get(m.get(i - 1)), "start", ws.resources.get(m.get(i)), "start", true,
                        true));
            }
        }
        for (Order o : ws.config.orders()) {
            CloneView firstClone = ws.clones.get(o.first()), thenClone = ws.clones.get(o.then());
            List<ResourceView> firsts = firstClone != null ? List.of(firstClone.primitive) : ws.expand(o.first());
            List<ResourceView> thens = thenClone != null ? List.of(thenClone.primitive) : ws.expand(o.then());
            // A group as "first" is done when its last member is; as "then", it begins with its first.
            if (!firsts.isEmpty() && !thens.isEmpty()) {
                ResourceView f = o.firstAction().equals("stop") ? firsts.get(0) : firsts.get(firsts.size() - 1);
                ResourceView t = o.thenAction().equals("stop") ? thens.get(thens.size() - 1) : thens.get(0);
                if (f != t) {
                    Link l = new Link(f, o.firstAction(), t, o.thenAction(), o.kind() == Order.Kind.MANDATORY,
                            o.symmetrical());
                    l.clone = firstClone != null || thenClone != null;
                    links.add(l);
                }
            }
        }
    }

    Transition plan() {
        markRecoveries();
        propagateOrders();
        for (ResourceView r : ws.resources.values()) {
            createActions(r);
        }
        ws.clones.values().forEach(this::createCloneActions);
        orderActions();
        ws.clones.values().forEach(this::orderCloneActions);
        for (ResourceView r : ws.resources.values()) {
            summarize(r);
        }
        ws.clones.values().forEach(this::summarizeClone);
        Map<String, String> placement = new LinkedHashMap<>();
        ws.resources.values().forEach(r -> placement.put(r.id, r.chosen));
        Map<Integer, List<Integer>> d = new TreeMap<>();
        deps.forEach((k, v) -> d.put(k, new ArrayList<>(v)));
        return Transition.of(actions, d, placement, changes, revised(), current());
    }

    /** A resource that failed where it stays is stopped and started again there. */
    private void markRecoveries() {
        for (ResourceView r : ws.resources.values()) {
            if (r.managed && !r.blocked() && r.chosen != null && r.failedOn(r.chosen)) {
                r.restart = true;
            }
            if (r.managed && !r.blocked() && r.chosen != null && activeCount(r) > 1
                    && r.activeOn.contains(r.chosen)) {
                r.restart = true; // active on several nodes: stop everywhere, start on one
                r.restartReason = "due to resource being multiply active";
            }
            if ("stop".equals(onFail(r)) && r.managed) {
                r.chosen = null; // on-fail=stop: stopped, and left stopped
            }
        }
    }

    /**
     * Nodes it is active on, for multiply-active: a node being fenced counts only for a resource
     * that requires fencing (Pacemaker's pe__find_active_requires).
     */
    private long activeCount(ResourceView r) {
        Fencing.Requires req = ws.fencing.requires(r.resource);
        boolean all = req == Fencing.Requires.FENCING || req == Fencing.Requires.UNFENCING;
        return r.activeOn.stream().filter(n -> all || !ws.fencing.fences(n)).count();
    }

    private String onFail(ResourceView r) {
        for (String n : r.activeOn) {
            String f = ws.onFailOf(r.id, r.state(n));
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private boolean starts(ResourceView r) {
        return r.managed && !r.blocked() && !r.stopBlocked && !r.pending() && r.chosen != null && (!r.activeOn.contains(r.chosen) || r.restart);
    }

    private boolean stops(ResourceView r) {
        if (!r.managed || r.blocked() || r.stopBlocked || r.pending() || r.activeOn.isEmpty()) {
            return false;
        }
        return r.chosen == null || r.restart || r.activeOn.stream().anyMatch(n -> !n.equals(r.chosen));
    }

    /** Will it be running once the transition is done? A blocked, failed resource is not. */
    private static boolean willRun(ResourceView r) {
        return r.chosen != null && !r.blocked();
    }

    /** Must it stop somewhere (even where a failed stop blocks it)? */
    private boolean needsStop(ResourceView r) {
        return stops(r) || (r.managed && r.blocked());
    }

    /**
     * Mandatory "F then T" (start, start), to a fixed point:
     * 1. if F will not run, T cannot start; a running T stops too unless the order is asymmetrical;
     * 2. symmetrical: if F stops, a running T stops first (and restarts if it can);
     * 3. if F starts, a running T restarts after it.
     */
    private void propagateOrders() {
        boolean changed = true;
        for (int round = 0; changed && round < 1000; round++) {
            changed = false;
            for (Link l : links) {
                if (!l.mandatory || l.clone || !l.firstAction.equals("start") || !l.thenAction.equals("start")) {
                    continue;
                }
                ResourceView f = l.first, t = l.then;
                if (l.symmetrical && t.managed && t.blocked() && f.managed && !f.blocked() && stops(f)
                        && !f.stopBlocked) {
                    f.stopBlocked = true; // F may stop only after T, whose stop cannot happen
                    changed = true;
                }
                if (!t.managed || t.blocked() || t.chosen == null) {
                    continue;
                }
                boolean tStays = t.activeOn.contains(t.chosen) && !t.restart;
                if (!willRun(f) && (!tStays || l.symmetrical)) {
                    if (t.activeOn.isEmpty()) {
                        t.startBlocked = true;
                        t.blockedNode = t.chosen;
                        t.blockedReason = "due to unrunnable " + f.id + " start";
                    }
                    t.chosen = null;
                    changed = true;
                } else if (tStays && (starts(f) || (l.symmetrical && needsStop(f)))) {
                    t.restart = true;
                    t.restartReason = "due to required " + f.id + " start";
                    changed = true;
                }
            }
        }
    }

    private void createActions(ResourceView r) {
        if (r.pending()) {
            return; // its outcome is unknown: decide again once the operation reports
        }
        for (NodeView n : ws.nodes.values()) {
            if (n.online && r.state(n.name).role() == ResourceRole.UNKNOWN) {
                add(Action.Kind.PROBE, r, n.name, Duration.ZERO);
            }
        }
        if (stops(r)) {
            for (String n : r.activeOn) {
                if (r.chosen == null || r.restart || !n.equals(r.chosen)) {
                    add(Action.Kind.STOP, r, n, Duration.ZERO);
                }
            }
        }
        if (starts(r)) {
            add(Action.Kind.START, r, r.chosen, Duration.ZERO);
        }
        Duration interval = r.resource.recurringMonitor().map(o -> o.interval()).orElse(Duration.ZERO);
        boolean running = r.chosen != null && r.managed && !r.blocked();
        if (running && !interval.isZero() && r.resource.recurringMonitor().get().enabled()
                && (starts(r) || !r.state(r.chosen).monitorInterval().equals(interval))) {
            add(Action.Kind.MONITOR, r, r.chosen, interval);
        }
    }

    private void add(Action.Kind kind, ResourceView r, String node, Duration interval) {
        int id = actions.size();
        Duration timeout = r.resource.operations().stream()
                .filter(o -> o.name().equals(kind.operation()) && o.interval().equals(interval))
                .map(o -> o.timeout()).findFirst()
                .orElse(r.resource.timeoutOf(kind.operation(), DEFAULT_TIMEOUT));
        Action a = Action.of(id, kind, r.id, node, interval, timeout);
        actions.add(a);
        byResource.computeIfAbsent(kind + " " + r.id, k -> new ArrayList<>()).add(id);
    }

    private List<Integer> find(Action.Kind kind, String rsc) {
        return byResource.getOrDefault(kind + " " + rsc, List.of());
    }

    private void edge(int before, int after) {
        if (before != after) {
            deps.computeIfAbsent(after, k -> new LinkedHashSet<>()).add(before);
        }
    }

    private void orderActions() {
        for (ResourceView r : ws.resources.values()) {
            List<Integer> starts = find(Action.Kind.START, r.id);
            for (int s : starts) {
                find(Action.Kind.PROBE, r.id).forEach(p -> edge(p, s));
                find(Action.Kind.STOP, r.id).forEach(p -> edge(p, s));
            }
            for (int m : find(Action.Kind.MONITOR, r.id)) {
                starts.forEach(s -> edge(s, m));
            }
        }
        for (Group g : ws.config.groups()) {
            // A group stops completely (last member first) before any member starts again.
            List<String> m = g.members();
            for (int i = 0; i < m.size(); i++) {
                for (int j = 0; j < m.size(); j++) {
                    for (int stop : find(Action.Kind.STOP, m.get(j))) {
                        for (int start : find(Action.Kind.START, m.get(i))) {
                            edge(stop, start);
                        }
                        if (j > i) {
                            find(Action.Kind.STOP, m.get(i)).forEach(s -> edge(stop, s));
                        }
                    }
                    if (j > i) {
                        for (int start : find(Action.Kind.START, m.get(i))) {
                            find(Action.Kind.START, m.get(j)).forEach(s -> edge(start, s));
                        }
                    }
                }
            }
        }
        for (dev.vigil.model.Colocation c : ws.config.colocations()) {
            if (!c.score().isNegativeInfinity()) {
                continue;
            }
            // Never together: one leaves a node before the other arrives there.
            for (ResourceView a : ws.expand(c.resource())) {
                for (ResourceView b : ws.expand(c.withResource())) {
                    stopBeforeStartOnSameNode(a, b);
                    stopBeforeStartOnSameNode(b, a);
                }
            }
        }
        for (Link l : links) {
            Action.Kind fk = kindOf(l.firstAction), tk = kindOf(l.thenAction);
            if (fk != null && tk != null) {
                for (int f : find(fk, l.first.id)) {
                    find(tk, l.then.id).forEach(t -> edge(f, t));
                }
            }
            if (l.symmetrical && fk != null && tk != null) {
                Action.Kind ifk = inverse(fk), itk = inverse(tk);
                for (int t : find(itk, l.then.id)) {
                    find(ifk, l.first.id).forEach(f -> edge(t, f));
                }
            }
        }
    }

    private void stopBeforeStartOnSameNode(ResourceView leaving, ResourceView arriving) {
        for (int stop : find(Action.Kind.STOP, leaving.id)) {
            for (int start : find(Action.Kind.START, arriving.id)) {
                if (actions.get(stop).node().equals(actions.get(start).node())) {
                    edge(stop, start);
                }
            }
        }
    }

    private static Action.Kind kindOf(String action) {
        switch (action) {
            case "start":
                return Action.Kind.START;
            case "stop":
                return Action.Kind.STOP;
            case "promote":
                return Action.Kind.PROMOTE;
            case "demote":
                return Action.Kind.DEMOTE;
            default:
                return null;
        }
    }

    private static Action.Kind inverse(Action.Kind k) {
        switch (k) {
            case START:
                return Action.Kind.STOP;
            case STOP:
                return Action.Kind.START;
            case PROMOTE:
                return Action.Kind.DEMOTE;
            default:
                return Action.Kind.PROMOTE;
        }
    }

    /**
     * A clone's instances: probes where unknown; on each node, demote what stops being
     * promoted, stop what stops running (or failed), start what starts, promote what becomes
     * promoted; the recurring monitor of each instance's role.
     */
    private void createCloneActions(CloneView c) {
        ResourceView p = c.primitive;
        if (p.pending()) {
            return;
        }
        for (NodeView n : ws.nodes.values()) {
            if (n.online && p.state(n.name).role() == ResourceRole.UNKNOWN) {
                add(Action.Kind.PROBE, p, n.name, Duration.ZERO);
            }
        }
        if (!p.managed || p.blocked()) {
            return;
        }
        for (String n : p.activeOn) {
            if (p.state(n).role() == ResourceRole.PROMOTED && (!c.promoted.contains(n) || c.stopsOn(n))) {
                add(Action.Kind.DEMOTE, p, n, Duration.ZERO);
            }
            if (c.stopsOn(n)) {
                add(Action.Kind.STOP, p, n, Duration.ZERO);
            }
        }
        for (String n : c.chosen) {
            boolean starts = c.startsOn(n);
            if (starts) {
                add(Action.Kind.START, p, n, Duration.ZERO);
            }
            boolean promotedNow = !starts && p.state(n).role() == ResourceRole.PROMOTED;
            boolean promotes = c.promoted.contains(n) && !promotedNow;
            if (promotes) {
                add(Action.Kind.PROMOTE, p, n, Duration.ZERO);
            }
            boolean demotes = promotedNow && !c.promoted.contains(n);
            dev.vigil.model.Operation monitor = p.resource.recurringMonitor(c.targetRole(n)).orElse(null);
            if (monitor != null && (starts || promotes || demotes
                    || !p.state(n).monitorInterval().equals(monitor.interval()))) {
                add(Action.Kind.MONITOR, p, n, monitor.interval());
            }
        }
    }

    /**
     * On each node: demote, then stop, then start, then promote, then the monitor. Across the
     * clone: probes before any start, and every demote and stop before any promote (the old
     * primary is gone before a new one is made).
     */
    private void orderCloneActions(CloneView c) {
        String rsc = c.id;
        List<Integer> probes = find(Action.Kind.PROBE, rsc), starts = find(Action.Kind.START, rsc),
                stops = find(Action.Kind.STOP, rsc), promotes = find(Action.Kind.PROMOTE, rsc),
                demotes = find(Action.Kind.DEMOTE, rsc), monitors = find(Action.Kind.MONITOR, rsc);
        probes.forEach(p -> starts.forEach(s -> edge(p, s)));
        probes.forEach(p -> promotes.forEach(s -> edge(p, s)));
        for (int pr : promotes) {
            demotes.forEach(d -> edge(d, pr));
            stops.forEach(s -> edge(s, pr));
        }
        sameNode(demotes, stops);
        sameNode(stops, starts);
        sameNode(starts, promotes);
        for (List<Integer> before : List.of(starts, promotes, demotes)) {
            sameNode(before, monitors);
        }
    }

    private void sameNode(List<Integer> before, List<Integer> after) {
        for (int b : before) {
            for (int a : after) {
                if (actions.get(b).node().equals(actions.get(a).node())) {
                    edge(b, a);
                }
            }
        }
    }

    private void summarizeClone(CloneView c) {
        ResourceView p = c.primitive;
        if (!p.managed || p.pending()) {
            return;
        }
        for (String n : p.activeOn) {
            if (!c.chosen.contains(n)) {
                changes.add(Change.of("Stop", c.id, n, "due to node availability"));
            } else if (p.failedOn(n)) {
                changes.add(Change.of("Recover", c.id, n, null));
            }
        }
        for (String n : c.chosen) {
            boolean active = p.activeOn.contains(n) && !p.failedOn(n);
            boolean promotedNow = active && p.state(n).role() == ResourceRole.PROMOTED;
            if (!p.activeOn.contains(n)) {
                changes.add(Change.of("Start", c.id, n, null));
            }
            if (c.promoted.contains(n) && !promotedNow) {
                changes.add(Change.of("Promote", c.id, "Unpromoted -> Promoted " + n, null));
            } else if (promotedNow && !c.promoted.contains(n)) {
                changes.add(Change.of("Demote", c.id, "Promoted -> Unpromoted " + n, null));
            }
        }
    }

    private void summarize(ResourceView r) {
        if (!r.managed || r.pending()) {
            return;
        }
        String from = r.current();
        String to = r.chosen;
        if (r.stopBlocked && ws.fencing.stuck(from)) {
            // Until its unclean node is fenced; crm_simulate words the two cases differently.
            boolean frozen = !ws.status.quorate() && ws.noQuorumPolicy.equals("freeze");
            changes.add(!frozen && !ws.canRun(r) ? Change.of("Stop (blocked)", r.id, from, "due to no quorum")
                    : Change.of("Stop", r.id, from, "blocked"));
            return;
        }
        if (r.stopBlocked) {
            changes.add(Change.of("Stop (blocked)", r.id, from, "due to node availability"));
            return;
        }
        if (r.blocked()) {
            if (to == null || !to.equals(from)) {
                changes.add(Change.of("Stop (blocked)", r.id, from, "due to node availability"));
            }
            return;
        }
        if (from == null) {
            if (to != null) {
                changes.add(Change.of("Start", r.id, to, null));
            } else if (r.startBlocked && r.blockedNode != null) {
                changes.add(Change.of("Start (blocked)", r.id, r.blockedNode, r.blockedReason));
            }
            return;
        }
        boolean failed = r.failed();
        if (to == null) {
            for (String n : r.activeOn) {
                changes.add(Change.of("Stop", r.id, n, "due to node availability"));
            }
        } else if (!r.activeOn.contains(to)) {
            changes.add(Change.of(failed ? "Recover" : "Move", r.id, from + " -> " + to, null));
        } else if (r.restart) {
            changes.add(Change.of(failed ? "Recover" : "Restart", r.id, to, failed ? null : r.restartReason));
        }
        if (to != null && r.activeOn.size() > 1 && !r.activeOn.contains(to)) {
            r.activeOn.stream().skip(1).forEach(n -> changes.add(Change.of("Stop", r.id, n, "due to multiple active")));
        }
    }

    /** The status after the transition, every action having succeeded. */
    private List<ResourcePlacement> revised() {
        List<ResourcePlacement> out = new ArrayList<>();
        for (CloneView c : ws.clones.values()) {
            c.chosen.forEach(n -> out.add(ResourcePlacement.of(c.id, c.targetRole(n), n)));
        }
        for (ResourceView r : ws.resources.values()) {
            if (!r.managed || r.blocked() || r.stopBlocked) {
                out.addAll(asIs(r));
            } else if (r.chosen != null) {
                boolean ignored = !r.restart && r.activeOn.contains(r.chosen)
                        && "ignore".equals(ws.onFailOf(r.id, r.state(r.chosen)));
                out.add(ResourcePlacement.of(r.id, "Started" + flags(r, false, ignored), r.chosen));
            }
        }
        return out;
    }

    /** The status as read, before the transition. */
    private List<ResourcePlacement> current() {
        List<ResourcePlacement> out = new ArrayList<>();
        for (CloneView c : ws.clones.values()) {
            for (String n : c.primitive.activeOn) {
                ResourceRole role = c.primitive.state(n).role();
                out.add(ResourcePlacement.of(c.id, role == ResourceRole.PROMOTED ? "Promoted"
                        : role == ResourceRole.STARTED ? (c.promotable() ? "Unpromoted" : "Started") : "FAILED", n));
            }
        }
        ws.resources.values().forEach(r -> out.addAll(asIs(r)));
        return out;
    }

    private List<ResourcePlacement> asIs(ResourceView r) {
        List<ResourcePlacement> out = new ArrayList<>();
        for (String n : r.activeOn) {
            ResourceState s = r.state(n);
            boolean failed = s.role() == ResourceRole.FAILED || s.role() == ResourceRole.BLOCKED;
            boolean ignored = "ignore".equals(ws.onFailOf(r.id, s));
            String role = failed ? "FAILED" : "Started";
            String flags = flags(r, s.role() == ResourceRole.BLOCKED, ignored);
            if ((ws.fencing.fences(n) || ws.fencing.stuck(n)) && !ws.status.nodes().get(n).online()) {
                flags = flags.isEmpty() ? " (UNCLEAN)" : flags.replace(")", ", UNCLEAN)"); // on a lost node
            }
            out.add(ResourcePlacement.of(r.id, role + flags, n));
        }
        return out;
    }

    private String flags(ResourceView r, boolean blocked) {
        return flags(r, blocked, false);
    }

    private String flags(ResourceView r, boolean blocked, boolean failureIgnored) {
        List<String> f = new ArrayList<>();
        if (!r.managed && !blocked) {
            f.add("unmanaged");
        }
        if (r.targetStopped) {
            f.add("disabled");
        }
        if (failureIgnored) {
            f.add("failure ignored");
        }
        if (blocked) {
            f.add("blocked");
        }
        return f.isEmpty() ? "" : " (" + String.join(", ", f) + ")";
    }
}
