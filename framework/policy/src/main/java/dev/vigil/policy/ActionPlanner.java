package dev.vigil.policy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

import dev.vigil.model.NodeStatus;
import dev.vigil.model.OnFail;
import dev.vigil.model.Order;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;
import dev.vigil.model.Role;
import dev.vigil.model.Score;
import dev.vigil.model.TwoThreads;

/**
 * Turns the sealed assignments into actions and orderings. It never moves a resource: what it
 * decides (a start that cannot run, a restart, a stop that is blocked) is a flag of the
 * resource's actions ({@link OrderPropagation}), and where a resource runs after the transition
 * is its {@link ResourceView#destination()}.
 *
 * <p>Mandatory orders ("F then T", groups included) propagate: if F cannot run, T cannot
 * start; if F starts in this transition, a running T restarts after it; if F stops, T stops
 * first. Every resource is probed where its state is unknown before it starts anywhere; stops
 * come before starts; a recurring monitor follows each start. Symmetrical orders also order
 * the stops in reverse.
 */
final class ActionPlanner {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final WorkingSet ws;
    private final List<OrderLink> links = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private final Map<Integer, Set<Integer>> deps = new TreeMap<>();
    /** Action ids by kind and resource: "START web" -> [ids]. */
    private final Map<String, List<Integer>> byResource = new HashMap<>();
    private final List<Change> changes = new ArrayList<>();
    /**
     * Clones with notifications: the action that completes the notifications of each of their
     * operations ("clone then X" waits for it, as Pacemaker orders after confirmed-post_notify).
     */
    private final Map<String, Map<Action.Kind, Integer>> notified = new HashMap<>();
    private final Migration migration;

    ActionPlanner(WorkingSet ws) {
        this.ws = ws;
        this.migration = new Migration(ws);
        for (List<ResourceView> m : ws.allGroups()) {
            for (int i = 1; i < m.size(); i++) {
                links.add(new OrderLink(m.get(i - 1), "start", m.get(i), "start", true, true));
            }
        }
        Containers.pairs(ws)
                .forEach(p -> links.add(new OrderLink(p.container(), "start", p.resource(), "start", true, true)));
        orderAfterGuestContainers();
        for (Order o : ws.config.orders()) {
            CloneView firstClone = ws.clones.get(o.first()), thenClone = ws.clones.get(o.then());
            boolean interleave = firstClone != null && thenClone != null && thenClone.clone.interleave();
            for (ResourceView f : endpoints(o.first(), o.firstAction(), true)) {
                for (ResourceView t : endpoints(o.then(), o.thenAction(), false)) {
                    if (f != t) {
                        OrderLink l = new OrderLink(f, o.firstAction(), t, o.thenAction(),
                                o.kind() == Order.Kind.MANDATORY, o.symmetrical());
                        l.clone = firstClone != null || thenClone != null;
                        l.sameNode = interleave && minimumFirstInstances(firstClone, o) == 0;
                        l.order = o.id();
                        l.anyOf = !o.requireAll() && !l.clone;
                        l.viaGroup = ws.config.group(o.first()).isPresent() || ws.config.group(o.then()).isPresent();
                        links.add(l);
                    }
                }
            }
        }
        links.stream().filter(l -> l.mandatory && l.symmetrical && !l.viaGroup && l.firstAction.equals("start")
                && l.thenAction.equals("start")).forEach(l -> migration.dependsOn(l.then, l.first));
    }

    /**
     * What is placed on a guest node starts after the guest's container starts, and restarts when
     * the container does (Pacemaker's apply_launcher_ordering: the container's start implies it);
     * a container that cannot run takes down what runs there (its stop implies theirs).
     */
    private void orderAfterGuestContainers() {
        List<ResourceView> all = new ArrayList<>(ws.resources.values());
        ws.clones.values().forEach(c -> all.addAll(c.views()));
        for (ResourceView r : all) {
            ResourceView container = r.destination() == null ? null
                    : ws.remotes.container(r.destination()).map(ws.resources::get).orElse(null);
            if (container != null && container != r) {
                links.add(new OrderLink(container, "start", r, "start", true, true));
            }
        }
    }

    /**
     * How many instances of a clone FIRST must be runnable for THEN to be (Pacemaker's
     * "clone-one-or-more" pseudo-action): its {@code clone-min}, else 1 for an order with
     * {@code require-all=false}, else 0 (none counted: an interleaved THEN then needs FIRST's
     * instance on its own node). A minimum counts instances clone-wide, never per node.
     */
    static int minimumFirstInstances(CloneView first, Order o) {
        if (first == null) {
            return 0;
        }
        String min = first.clone.meta().get(dev.vigil.model.Clone.CLONE_MIN);
        if (min != null) {
            return Integer.parseInt(min.trim()) > 0 ? first.clone.minInstances() : 0; // the model checked it
        }
        return o.requireAll() ? 0 : 1;
    }

    /**
     * The primitives whose actions an order on {@code id} means: a group as "first" is done when
     * its last member is, and as "then" begins with its first (the reverse for stops); a clone
     * means that member of every instance.
     */
    private List<ResourceView> endpoints(String id, String action, boolean first) {
        boolean fromStart = first == action.equals("stop");
        CloneView clone = ws.clones.get(id);
        if (clone != null) {
            int member = fromStart ? 0 : clone.children.size() - 1;
            List<ResourceView> out = new ArrayList<>();
            clone.instances.forEach(i -> out.add(i.members.get(member)));
            return out;
        }
        List<ResourceView> members = ws.expand(id);
        if (members.isEmpty()) {
            return List.of();
        }
        return List.of(fromStart ? members.get(0) : members.get(members.size() - 1));
    }

    /** The planner's stages, each over every resource variant. */
    Transition plan() {
        markRecoveries();
        new OrderPropagation(ws, links, migration).apply();
        ws.variants.forEach(v -> v.createActions(this));
        ws.variants.forEach(v -> v.orderInternally(this));
        StoppedRoleMonitors.plan(ws, this);
        RoleChangeMonitors.plan(ws, this);
        orderAcrossResources();
        RemoteConnections.order(ws, this);
        BundleNodes.order(ws, this);
        LoadOrdering.apply(ws, this);
        migration.applyOrders(this);
        ws.variants.forEach(v -> v.summarize(this));
        Map<String, String> placement = new LinkedHashMap<>();
        ws.resources.values().forEach(r -> placement.put(r.id, r.destination()));
        Map<Integer, List<Integer>> d = new TreeMap<>();
        deps.forEach((k, v) -> d.put(k, new ArrayList<>(v)));
        return Transition.of(actions, d, placement, changes, revised(), current());
    }

    /** A resource that failed where it stays is stopped and started again there. */
    private void markRecoveries() {
        // Comparing digests (an MD5 each) is the costly part, and each resource's own: on two cores for many
        List<ResourceView> all = new ArrayList<>(ws.resources.values());
        List<DefinitionChange> changes = TwoThreads.map(all, r -> 1, DIGESTS_ON_TWO_THREADS_FROM,
                () -> this::definitionChange);
        for (int i = 0; i < all.size(); i++) {
            markDefinitionChange(all.get(i), changes.get(i));
        }
        markUnfencingAgain();
        markFencedGuests();
        ws.containersToRecover.stream().map(ws.resources::get)
                .filter(c -> c != null && c.managed && c.staysWhereItRuns())
                .forEach(c -> c.restart = true);
        for (ResourceView r : ws.resources.values()) {
            if (r.managed && !r.blocked() && r.destination() != null && r.failedOn(r.destination())) {
                r.restart = true;
                Containers.recoverWith(ws, r, ws.onFail(r));
            }
            if (r.managed && !r.blocked() && r.destination() != null && activeCount(r) > 1
                    && r.activeOn.contains(r.destination()) && !migration.continuesPartial(r)) {
                r.restart = true; // active on several nodes: stop everywhere, start on one
                r.restartReason = "due to resource being multiply active";
            }
        }
    }

    /**
     * A guest node fenced in this transition is fenced by recovering its container. When the guest
     * was down already (its container failed or stopped, its host is lost), what was active on it failed
     * with it and is recovered too, there again when the guest comes back; the container counts
     * as failed only when something was active there (or when the guest is fenced for another
     * reason), else it merely moves or restarts (Pacemaker's process_rsc_state and pe_fence_node).
     */
    private void markFencedGuests() {
        List<ResourceView> all = new ArrayList<>(ws.resources.values());
        ws.clones.values().forEach(c -> all.addAll(c.views()));
        ws.fencing.targets().forEach((guest, reason) -> {
            ResourceView c = ws.remotes.container(guest).map(ws.resources::get).orElse(null);
            if (c == null || !c.managed) {
                return;
            }
            NodeStatus recorded = ws.status.nodes().get(guest);
            boolean downAlready = Fencing.GUEST_UNCLEAN.equals(reason) || recorded == null || !recorded.online()
                    || recorded.unclean();
            List<ResourceView> active = all.stream().filter(r -> r.managed && r.activeOn.contains(guest)).toList();
            if (!downAlready || !active.isEmpty()) {
                c.recoversGuest = true;
                c.restart |= c.staysWhereItRuns();
            }
            if (downAlready) {
                for (ResourceView r : active) {
                    r.recoversGuest = true;
                    r.restart |= guest.equals(r.destination());
                }
            }
        });
    }

    /** Below this many resources, their definitions are compared on one thread. */
    private static final int DIGESTS_ON_TWO_THREADS_FROM = 256;

    /**
     * Whether the definition of a resource that stays where it runs changed ({@link DefinitionChange});
     * null for one that does not.
     */
    private DefinitionChange definitionChange(ResourceView r) {
        if (!r.managed || r.blocked() || r.destination() == null || !r.activeOn.contains(r.destination())) {
            return null;
        }
        String node = r.destination();
        return DefinitionChange.of(BundleNodes.withHostAddress(ws, r.resource, node), r.state(node),
                ws.config.operationDefaults(), ws.sanitized);
    }

    /**
     * A resource staying where it runs whose parameters changed since it started there restarts,
     * or reloads when its agent can apply the change ({@code c}, from {@link #definitionChange}; null
     * for a resource that does not stay where it runs).
     */
    private void markDefinitionChange(ResourceView r, DefinitionChange c) {
        if (c == null) {
            return;
        }
        if (agentChanged(r.resource, r.state(r.destination())) && !r.restart) {
            r.restart = true; // another agent now: the one running is stopped, the new one started
            r.restartReason = null;
            return;
        }
        if (c == DefinitionChange.RESTART && !r.restart) {
            r.restart = true;
            r.restartReason = "due to resource definition change";
        } else if (c == DefinitionChange.RELOAD) {
            r.reload = true;
        }
    }

    /**
     * Was the resource recorded on the node with another agent (class, provider or type) than
     * the one configured now? Unknown when either side is not known.
     */
    private static boolean agentChanged(dev.vigil.model.Resource resource, dev.vigil.model.ResourceState s) {
        return resource.agentClass() != null && s.agent() != null && !s.agent().equals(resource.agentSpec());
    }

    /**
     * A fencing device whose agent or parameters changed since a node recorded it has that node
     * unfenced again; what requires unfencing and stays on the node restarts around the
     * unfencing (Pacemaker orders its stop before and its start after).
     */
    private void markUnfencingAgain() {
        for (ResourceView r : ws.resources.values()) {
            if (!Fencing.isDevice(r.resource) || !r.managed) {
                continue;
            }
            for (Map.Entry<String, dev.vigil.model.ResourceState> e : r.states.entrySet()) {
                dev.vigil.model.ResourceState s = e.getValue();
                if (agentChanged(r.resource, s)) {
                    ws.fencing.unfenceAgain(e.getKey(), "Device definition changed");
                } else if (r.activeOn.contains(e.getKey()) && DefinitionChange.of(r.resource, s,
                        ws.config.operationDefaults(), ws.sanitized) == DefinitionChange.RESTART) {
                    ws.fencing.unfenceAgain(e.getKey(), "Device parameters changed");
                }
            }
        }
        for (ResourceView r : ws.resources.values()) {
            if (r.managed && !r.blocked() && r.staysWhereItRuns() && !r.restart
                    && ws.fencing.unfencesAgain(r.destination())
                    && ws.fencing.requires(r.resource) == Fencing.Requires.UNFENCING) {
                r.restart = true;
                r.restartReason = "due to required stonith";
            }
        }
    }

    /** Reloaded only if it neither stops nor starts in this transition (a restart supersedes it). */
    private boolean reloads(ResourceView r) {
        return r.reload && !r.restart && !stops(r) && !starts(r) && r.destination() != null;
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

    /** Does it start in this transition (where it is assigned, its start runnable)? */
    static boolean starts(ResourceView r) {
        return r.managed && !r.blocked() && !r.stopBlocked && !r.pending() && r.destination() != null
                && (!r.activeOn.contains(r.destination()) || r.restart);
    }

    /** Does it stop somewhere in this transition? */
    static boolean stops(ResourceView r) {
        if (!r.managed || r.blocked() || r.stopBlocked || r.pending() || r.activeOn.isEmpty()) {
            return false;
        }
        return r.destination() == null || r.restart || r.activeOn.stream().anyMatch(n -> !n.equals(r.destination()));
    }

    /** Not a clone instance, yet some node reports it Promoted. */
    private static boolean promotedPrimitive(ResourceView r) {
        return r.clone == null && r.activeOn.stream().anyMatch(n -> r.state(n).role() == ResourceRole.PROMOTED);
    }

    /** A primitive's actions (or a group member's, or a clone instance member's). */
    void createActions(ResourceView r) {
        if (r.pending()) {
            return; // its outcome is unknown: decide again once the operation reports
        }
        boolean probes = !r.removed && (r.clone == null || r.clone.unique || r.instance.number == 0);
        for (NodeView n : ws.nodes.values()) {
            if (probes && n.online && r.state(n.name).role() == ResourceRole.UNKNOWN
                    && ResourceDiscovery.probes(ws, r, n) && RemoteConnections.noProbe(ws, r, n.name) == null) {
                add(Action.Kind.PROBE, r, n.name, Duration.ZERO);
            }
        }
        if (r.clone != null && r.clone.promotable()) {
            createInstanceActions(r);
            return;
        }
        if (stops(r)) {
            // A primitive that is not promotable but reports Promoted somewhere has that role
            // as a whole (as in Pacemaker): before it stops anywhere it is demoted everywhere.
            boolean demotes = promotedPrimitive(r) && r.activeOn.stream()
                    .anyMatch(n -> r.destination() == null || r.restart || !n.equals(r.destination()));
            if (demotes) {
                r.activeOn.forEach(n -> add(Action.Kind.DEMOTE, r, n, Duration.ZERO));
            }
            for (String n : r.activeOn) {
                if (r.destination() == null || r.restart || !n.equals(r.destination())) {
                    add(Action.Kind.STOP, r, n, Duration.ZERO);
                }
            }
            if (demotes) {
                find(Action.Kind.DEMOTE, r.id).forEach(d -> find(Action.Kind.STOP, r.id).forEach(st -> edge(d, st)));
            }
        }
        if (starts(r)) {
            add(Action.Kind.START, r, r.destination(), Duration.ZERO);
        }
        if (r.migrating) {
            migration.createActions(this, r);
        }
        migration.createDanglingStops(this, r);
        if (reloads(r)) {
            add(Action.Kind.RELOAD, r, r.destination(), Duration.ZERO);
        }
        // The monitor for the role it will run in; one for the Stopped role never runs where it is active.
        // A reload ends the running one (the executor cancels a resource's monitors before any
        // operation that changes it, as Pacemaker's controller does): it is asked for again after.
        Duration interval = r.resource.recurringMonitor(targetRole(r)).map(o -> o.interval()).orElse(Duration.ZERO);
        boolean running = r.destination() != null && r.managed && !r.blocked();
        if (running && !interval.isZero()
                && (starts(r) || reloads(r) || !r.state(r.destination()).monitorInterval().equals(interval))) {
            add(Action.Kind.MONITOR, r, r.destination(), interval);
        }
    }

    private void add(Action.Kind kind, ResourceView r, String node, Duration interval) {
        int id = actions.size();
        Duration timeout = timeoutOf(r, kind, interval);
        register(r.clone == null ? Action.of(id, kind, r.id, node, interval, timeout)
                : Action.ofInstance(id, kind, r.configId(), r.id, node, interval, timeout));
    }

    /** A promotable instance's recurring monitor of the role it will run in. */
    private void addMonitorForRole(ResourceView r, String node, Duration interval, Role role) {
        int id = actions.size();
        Duration timeout = timeoutOf(r, Action.Kind.MONITOR, interval);
        register(Action.monitorForRole(id, r.configId(), r.id, node, interval, timeout, role.toString()));
    }

    private void register(Action a) {
        actions.add(a);
        byResource.computeIfAbsent(a.kind() + " " + a.instance(), k -> new ArrayList<>()).add(a.id());
    }

    /** Adds the action {@code make} makes from its id, not found by {@link #find}; returns the id. */
    int addMade(IntFunction<Action> make) {
        int id = actions.size();
        actions.add(make.apply(id));
        return id;
    }

    /** A pseudo action of a clone's notifications ({@link Action#notifyEvent}). */
    int addNotifyEvent(String clone, String phase, String operation) {
        int id = actions.size();
        actions.add(Action.notifyEvent(id, clone, phase, operation));
        return id;
    }

    /** A notification to a clone instance (member) on a node. */
    int addNotify(ResourceView r, String keyName, String node, Notification notification) {
        int id = actions.size();
        Duration timeout = r.resource.timeoutOf("notify", DEFAULT_TIMEOUT);
        actions.add(Action.notify(id, r.configId(), r.id, keyName, node, timeout, notification));
        byResource.computeIfAbsent(Action.Kind.NOTIFY + " " + r.id, k -> new ArrayList<>()).add(id);
        return id;
    }

    /** Creates a clone's notifications (if it has them) once its own actions are ordered. */
    void notifyAround(CloneView clone) {
        Map<Action.Kind, Integer> done = CloneNotifications.plan(this, ws, clone);
        if (!done.isEmpty()) {
            notified.put(clone.id, done);
        }
    }

    /**
     * Where "FIRST then ..." orders from when FIRST belongs to a clone with notifications: the end
     * of that operation's post-notifications (besides FIRST's own actions), or -1.
     */
    private int notificationsDone(ResourceView first, Action.Kind kind) {
        if (first.clone == null) {
            return -1;
        }
        return notified.getOrDefault(first.clone.id, Map.of()).getOrDefault(kind, -1);
    }

    private static Duration timeoutOf(ResourceView r, Action.Kind kind, Duration interval) {
        return r.resource.operations().stream()
                .filter(o -> o.name().equals(kind.operation()) && o.interval().equals(interval))
                .map(o -> o.timeout()).findFirst()
                .orElse(r.resource.timeoutOf(kind.operation(), DEFAULT_TIMEOUT));
    }

    /** A migrate_to or migrate_from of {@code r} from {@code source} to {@code target} ({@link Migration}). */
    void addMigration(Action.Kind kind, ResourceView r, String source, String target) {
        int id = actions.size();
        actions.add(Action.migration(id, kind, r.configId(), r.id, source, target,
                timeoutOf(r, kind, Duration.ZERO)));
        byResource.computeIfAbsent(kind + " " + r.id, k -> new ArrayList<>()).add(id);
    }

    void addStart(ResourceView r, String node) {
        add(Action.Kind.START, r, node, Duration.ZERO);
    }

    void addStop(ResourceView r, String node) {
        add(Action.Kind.STOP, r, node, Duration.ZERO);
    }

    /** The action carries its clone's notification lists ({@link Action#withNotifyVariables}). */
    void attachNotifyVariables(int id, Map<String, String> variables) {
        actions.set(id, actions.get(id).withNotifyVariables(variables));
    }

    /** The action stays in the graph, to order others by, but is never run ({@link Action#implied()}). */
    void makePseudo(int id) {
        actions.set(id, actions.get(id).implied());
    }

    /** The actions of one kind on a primitive (or instance member) so far. */
    List<Integer> find(Action.Kind kind, String rsc) {
        return byResource.getOrDefault(kind + " " + rsc, List.of());
    }

    /** How many actions there are so far (ids run from 0). */
    int actionCount() {
        return actions.size();
    }

    /** The action with this id. */
    /** Will the node be fenced in this transition (so that its stops are implied)? */
    boolean fences(String node) {
        return node != null && ws.fencing.fences(node);
    }

    Action action(int id) {
        return actions.get(id);
    }

    /** Action {@code after} may run only once {@code before} succeeded. */
    void edge(int before, int after) {
        if (before != after) {
            deps.computeIfAbsent(after, k -> new LinkedHashSet<>()).add(before);
        }
    }

    /** Undoes {@link #edge}. */
    void removeEdge(int before, int after) {
        Set<Integer> d = deps.get(after);
        if (d != null) {
            d.remove(before);
        }
    }

    /** Must {@code before} complete before {@code after} may run (directly or through other actions)? */
    boolean precedes(int before, int after) {
        Deque<Integer> todo = new ArrayDeque<>(List.of(after));
        Set<Integer> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            for (int d : deps.getOrDefault(todo.pop(), Set.of())) {
                if (d == before) {
                    return true;
                }
                if (seen.add(d)) {
                    todo.push(d);
                }
            }
        }
        return false;
    }

    /** A primitive's own actions: probes and stops before its start, the monitor after it (and after a reload). */
    void orderPrimitive(ResourceView r) {
        List<Integer> starts = find(Action.Kind.START, r.id);
        for (int s : starts) {
            find(Action.Kind.PROBE, r.id).forEach(p -> edge(p, s));
            find(Action.Kind.STOP, r.id).forEach(p -> edge(p, s));
        }
        for (int m : find(Action.Kind.MONITOR, r.id)) {
            starts.forEach(s -> edge(s, m));
            find(Action.Kind.RELOAD, r.id).forEach(reload -> edge(reload, m));
        }
        migration.orderInternally(this, r);
    }

    /** Orders between resources: anti-colocations and order constraints. */
    private void orderAcrossResources() {
        for (dev.vigil.model.Colocation c : ws.config.colocations()) {
            if (!c.score().isNegativeInfinity()) {
                continue;
            }
            // Never together: one leaves a node (or the role named) before the other arrives there.
            for (ResourceView a : ws.expand(c.resource())) {
                for (ResourceView b : ws.expand(c.withResource())) {
                    leaveBeforeArrivingOnSameNode(a, c.dependentRole(), b, c.primaryRole());
                    leaveBeforeArrivingOnSameNode(b, c.primaryRole(), a, c.dependentRole());
                }
            }
        }
        for (OrderLink l : links) {
            Action.Kind fk = kindOf(l.firstAction), tk = kindOf(l.thenAction);
            if (fk != null && tk != null && !Migration.unordered(l.mandatory, l.first, fk)) {
                for (int f : firstOf(l, l.first, fk)) {
                    find(tk, l.then.id).forEach(t -> edge(f, t));
                }
            }
            if (fk == Action.Kind.START && l.first.clone != null && !l.sameNode) {
                // After the clone as a whole has started, which is after all of it that stops has stopped.
                for (int f : find(Action.Kind.STOP, l.first.id)) {
                    find(tk, l.then.id).forEach(t -> edge(f, t));
                }
            }
            if (l.symmetrical && fk != null && tk != null && !Migration.unordered(l.mandatory, l.then, inverse(tk))) {
                Action.Kind ifk = inverse(fk), itk = inverse(tk);
                for (int t : firstOf(l, l.then, itk)) {
                    find(ifk, l.first.id).forEach(f -> edge(t, f));
                }
                migration.order(this, l.then, itk.operation(), l.first, ifk.operation(), notifiedAfter(l, l.then, itk));
            }
            migration.order(this, l.first, l.firstAction, l.then, l.thenAction, notifiedAfter(l, l.first, fk));
        }
    }

    /**
     * The actions an order's FIRST side means: its own, and, when an order constraint names a
     * clone with notifications, the end of those notifications (not for the orders inside a
     * cloned group's instance: those notifications come after every member's action).
     */
    private List<Integer> firstOf(OrderLink l, ResourceView first, Action.Kind kind) {
        List<Integer> out = find(kind, first.id);
        int done = l.order == null ? -1 : notificationsDone(first, kind);
        if (done < 0 || out.isEmpty()) {
            return out;
        }
        out = new ArrayList<>(out);
        out.add(done);
        return out;
    }

    /** The end of the notifications an order constraint's FIRST side waits for ({@link #firstOf}), or -1. */
    private int notifiedAfter(OrderLink l, ResourceView first, Action.Kind kind) {
        return l.order == null || kind == null ? -1 : notificationsDone(first, kind);
    }

    /**
     * An anti-colocation: what makes {@code leaving} lose its role on a node (a stop; a demote
     * for the Promoted role; a stop or promote for Unpromoted) comes before what makes
     * {@code arriving} gain its role on the same node (a start; a promote; a start or demote).
     */
    private void leaveBeforeArrivingOnSameNode(ResourceView leaving, Role leavingRole, ResourceView arriving,
            Role arrivingRole) {
        List<Action.Kind> loses = Assigner.isPromotedRole(leavingRole) ? List.of(Action.Kind.DEMOTE)
                : Assigner.isUnpromotedRole(leavingRole) ? List.of(Action.Kind.STOP, Action.Kind.PROMOTE)
                : List.of(Action.Kind.STOP);
        List<Action.Kind> gains = Assigner.isPromotedRole(arrivingRole) ? List.of(Action.Kind.PROMOTE)
                : Assigner.isUnpromotedRole(arrivingRole) ? List.of(Action.Kind.START, Action.Kind.DEMOTE)
                : List.of(Action.Kind.START);
        for (Action.Kind lose : loses) {
            for (Action.Kind gain : gains) {
                for (int before : find(lose, leaving.id)) {
                    for (int after : find(gain, arriving.id)) {
                        if (actions.get(before).node().equals(actions.get(after).node())) {
                            edge(before, after);
                        }
                    }
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
     * An instance of a promotable clone: demote what stops being promoted (or stops), stop
     * what stops, start what starts, promote what becomes promoted; the recurring monitor of
     * the role it will have.
     */
    private void createInstanceActions(ResourceView r) {
        boolean promote = r.instance.promoted && r.destination() != null;
        boolean stops = stops(r);
        for (String n : r.activeOn) {
            boolean stopsHere = stops && (r.destination() == null || r.restart || !n.equals(r.destination()));
            if (r.state(n).role() == ResourceRole.PROMOTED && (stopsHere || !promote || ws.mustDemote(r, n))) {
                add(Action.Kind.DEMOTE, r, n, Duration.ZERO);
            }
            if (stopsHere) {
                add(Action.Kind.STOP, r, n, Duration.ZERO);
            }
        }
        boolean starts = starts(r);
        if (starts) {
            add(Action.Kind.START, r, r.destination(), Duration.ZERO);
        }
        if (reloads(r)) {
            add(Action.Kind.RELOAD, r, r.destination(), Duration.ZERO);
        }
        if (r.destination() == null || !r.managed || r.blocked()) {
            return;
        }
        boolean promotedNow = !starts && r.state(r.destination()).role() == ResourceRole.PROMOTED
                && !ws.mustDemote(r, r.destination());
        if (promote && !promotedNow) {
            add(Action.Kind.PROMOTE, r, r.destination(), Duration.ZERO);
        }
        dev.vigil.model.Operation monitor = r.resource.recurringMonitor(targetRole(r)).orElse(null);
        if (monitor != null && (starts || promote != promotedNow || reloads(r)
                || !r.state(r.destination()).monitorInterval().equals(monitor.interval()))) {
            // For the role it will run in, whatever role the operation names: the executor judges
            // its answers by that role's expected result (8 promoted, 0 unpromoted), as Pacemaker's
            // target rc, so an instance demoted (or promoted) behind the cluster's back is a failure.
            addMonitorForRole(r, r.destination(), monitor.interval(), targetRole(r));
        }
    }

    /** The role an active instance will have: Promoted, Unpromoted, or Started. */
    static Role targetRole(ResourceView r) {
        if (r.clone == null || !r.clone.promotable()) {
            return Role.STARTED;
        }
        return r.instance.promoted ? Role.PROMOTED : Role.UNPROMOTED;
    }

    /** The summary line of a primitive (or group member, or clone instance member). */
    void summarize(ResourceView r) {
        if (!r.managed || r.pending()) {
            return;
        }
        if (r.clone != null && r.clone.promotable() && !r.blocked() && !r.stopBlocked) {
            summarizePromotable(r);
            return;
        }
        // Pacemaker words a multiply active resource from the first node it is active on (where a
        // live migration took part that order is not known: the first by name, and it restarts
        // rather than moves when it stays on one of its nodes).
        boolean ordered = r.activeOn.size() > 1 && !migrationInvolved(r);
        String from = ordered ? firstActive(r) : r.current();
        String to = r.destination();
        if (r.stopBlocked && ws.fencing.stuck(from)) {
            // Until its unclean node is fenced; crm_simulate words the two cases differently.
            // Frozen, one with no node left to go to (its own cannot take it) is stopped for node
            // availability, as Pacemaker words a stop of a resource it could not assign.
            boolean frozen = !ws.status.quorate() && ws.noQuorumPolicy.equals("freeze");
            String where = r.clone != null && r.clone.promotable() ? roleName(r.state(from).role()) + " " + from : from;
            changes.add(!frozen && !ws.canRun(r) ? Change.of("Stop (blocked)", r.id, from, "due to no quorum")
                    : placeableElsewhere(r, from) ? Change.of("Stop", r.id, where, "blocked")
                    : Change.of("Stop (blocked)", r.id, where, "due to node availability"));
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
            } else if (r.startBlocked && r.assignedNode() != null) {
                changes.add(Change.of("Start (blocked)", r.id, r.assignedNode(), r.blockedReason));
            }
            return;
        }
        if (r.migrating) {
            changes.add(Change.of("Migrate", r.id, migration.source(r) + " -> " + to, null));
            return;
        }
        boolean failed = r.failed();
        if (to == null) {
            String role = promotedPrimitive(r) ? "Promoted " : "";
            // A stop because its start cannot run for lack of quorum says so, as Pacemaker takes
            // the reason from the unrunnable start.
            String why = r.unrunnableStart() == ResourceView.UnrunnableStart.WITHOUT_QUORUM ? "due to no quorum"
                    : "due to node availability";
            for (String n : r.activeOn) {
                changes.add(Change.of("Stop", r.id, role + n, why));
            }
        } else if (!r.activeOn.contains(to) || (ordered && !to.equals(from))) {
            // One started elsewhere moves, even to another node where it is active too. A
            // primitive promoted now (its agent's role; it will run Started) names both roles.
            String where = promotedPrimitive(r) ? "Promoted " + from + " -> Started " + to : from + " -> " + to;
            changes.add(Change.of(failed ? "Recover" : "Move", r.id, where, null));
        } else if (r.restart) {
            changes.add(Change.of(failed ? "Recover" : "Restart", r.id, to, failed ? null : r.restartReason));
        } else if (reloads(r)) {
            changes.add(Change.of("Reload", r.id, to, null));
        }
        // A move of a resource active on several nodes is one line, as Pacemaker's summary has it:
        // the stops on the other nodes are in the transition, not in the summary.
    }

    /**
     * The node a resource active on several nodes is active on as Pacemaker's summary names it:
     * the first to report it (the status's order), and for a resource that does not need fencing
     * (it may start elsewhere before an unclean node is fenced) the first such node that is clean.
     * (Where a live migration took part, Pacemaker's order also depends on which of the
     * migration's records is newer on each node, which the state does not keep.)
     */
    private String firstActive(ResourceView r) {
        List<String> reported = ws.status.reportOrder().stream().filter(r.activeOn::contains).toList();
        if (reported.isEmpty()) {
            return r.current();
        }
        Fencing.Requires requires = ws.fencing.requires(r.resource);
        if (requires != Fencing.Requires.FENCING && requires != Fencing.Requires.UNFENCING) {
            for (String n : reported) {
                if (!ws.fencing.fences(n) && !ws.fencing.stuck(n)) {
                    return n;
                }
            }
        }
        return reported.get(0);
    }

    private static boolean migrationInvolved(ResourceView r) {
        return r.activeOn.stream().map(r::state).anyMatch(s -> s.migrationSource() != null
                || "migrate_to".equals(s.failedAction()) || "migrate_from".equals(s.failedAction()));
    }

    /**
     * Whether a resource stuck on an unclean node has somewhere else to go (Pacemaker then
     * words its blocked stop without a reason): a clone instance placed on another node, or a
     * primitive that some other clean, eligible node accepts.
     */
    private boolean placeableElsewhere(ResourceView r, String from) {
        if (r.clone != null) {
            return r.destination() != null && !r.destination().equals(from);
        }
        return ws.nodes.values().stream().anyMatch(n -> !n.name.equals(from) && n.online && n.eligible
                && !ws.fencing.stuck(n.name) && r.scores.getOrDefault(n.name, Score.NEGATIVE_INFINITY).value() >= 0);
    }

    /** An instance of a promotable clone: its role is part of every line. */
    private void summarizePromotable(ResourceView r) {
        String from = r.current(), to = r.destination();
        Role now = from == null ? null : roleName(r.state(from).role());
        Role then = targetRole(r);
        if (from == null) {
            if (to != null && r.promotionBlockedReason != null) {
                changes.add(Change.of("Promote (blocked)", r.id, "Stopped -> Promoted " + to,
                        r.promotionBlockedReason));
            } else if (to != null) {
                changes.add(then == Role.PROMOTED ? Change.of("Promote", r.id, "Stopped -> Promoted " + to, null)
                        : Change.of("Start", r.id, to, null));
            } else if (r.startBlocked && r.assignedNode() != null) {
                changes.add(r.promotionBlocked
                        ? Change.of("Promote", r.id, "Stopped -> Promoted " + r.assignedNode(), "blocked")
                        : Change.of("Start (blocked)", r.id, r.assignedNode(), r.blockedReason));
            }
        } else if (to == null) {
            r.activeOn.forEach(n -> changes.add(Change.of("Stop", r.id, roleName(r.state(n).role()) + " " + n,
                    "due to node availability")));
        } else if (!r.activeOn.contains(to)) {
            // Pacemaker names the role once, after both nodes, when it stays the same.
            String where = now == then ? from + " -> " + to + " " + then : now + " " + from + " -> " + then + " " + to;
            changes.add(Change.of(r.failed() ? "Recover" : "Move", r.id, where, null));
        } else if (r.restart) {
            boolean failed = r.failed();
            // Pacemaker names both roles when the recovery also changes the role.
            String roles = now == then ? then.toString() : now + " -> " + then;
            changes.add(Change.of(failed ? "Recover" : "Restart", r.id, roles + " " + to,
                    failed ? null : r.restartReason));
        } else if (now != then) {
            changes.add(Change.of(then == Role.PROMOTED ? "Promote" : "Demote", r.id, now + " -> " + then + " " + to,
                    null));
        } else if (then == Role.PROMOTED && ws.mustDemote(r, to)) {
            changes.add(Change.of("Re-promote", r.id, then + " " + to, null));
        }
    }

    private static Role roleName(ResourceRole role) {
        return role == ResourceRole.PROMOTED ? Role.PROMOTED : Role.UNPROMOTED;
    }

    /** The status after the transition, every action having succeeded. */
    private List<ResourcePlacement> revised() {
        List<ResourcePlacement> out = new ArrayList<>();
        for (ResourceView r : ws.resources.values()) {
            if (!r.managed || r.blocked() || r.stopBlocked) {
                out.addAll(asIs(r));
            } else if (r.destination() != null) {
                out.add(ResourcePlacement.of(r.id, targetRole(r) + flags(r, false, failureIgnored(r)),
                        r.destination()));
            }
            // A start still recorded as running stays the newest entry of the node's history
            // whatever the transition ran there (Pacemaker sorts in-flight operations last), so the
            // resource still counts as started there until that start reports back.
            if (r.managed && !r.blocked() && !r.stopBlocked) {
                r.startingOn.stream().filter(n -> !n.equals(r.destination()))
                        .forEach(n -> out.add(ResourcePlacement.of(r.id, Role.STARTED + flags(r, false), n)));
            }
        }
        return out;
    }

    /**
     * A failure of it whose on-fail is ignore is recorded on some node: like Pacemaker's
     * resource flag, it shows wherever the resource runs, until the failure is cleared. A failed
     * stop in a container, taken as done, is flagged the same way.
     */
    private boolean failureIgnored(ResourceView r) {
        if (ws.failuresTakenAsDone.contains(r.configId())) {
            return true;
        }
        for (ResourceState s : r.states.values()) {
            if (s.failedAction() != null && ws.onFailOf(r.configId(), s) == OnFail.IGNORE) {
                return true; // (no failed operation, no on-fail: the common case asks no more)
            }
        }
        return false;
    }

    /** The status as read, before the transition. */
    private List<ResourcePlacement> current() {
        List<ResourcePlacement> out = new ArrayList<>();
        ws.resources.values().forEach(r -> out.addAll(asIs(r)));
        return out;
    }

    private List<ResourcePlacement> asIs(ResourceView r) {
        List<ResourcePlacement> out = new ArrayList<>();
        // Failed and blocked describe the resource, not one node: a resource active on several
        // nodes that failed on one shows failed on all of them (as crm_mon does).
        boolean failed = r.activeOn.stream().map(r::state)
                .anyMatch(s -> s.role() == ResourceRole.FAILED || s.role() == ResourceRole.BLOCKED);
        boolean blocked = r.blocked() || r.blockedAsMultiplyActive;
        for (String n : r.activeOn) {
            ResourceState s = r.state(n);
            boolean ignored = failureIgnored(r);
            boolean promotable = r.clone != null && r.clone.promotable();
            // crm_mon names the role of a failed promoted instance ("FAILED Promoted"); a demote
            // that failed left it promoted.
            boolean wasPromoted = s.roleBeforeFailure() == ResourceRole.PROMOTED || "demote".equals(s.failedAction());
            String role = (r.removed ? "ORPHANED " : "")
                    + (failed ? "FAILED" + (promotable && wasPromoted ? " Promoted" : "")
                    : promotable ? roleName(s.role()) : Role.STARTED);
            String flags = flags(r, blocked, ignored);
            if ((ws.fencing.fences(n) || ws.fencing.stuck(n)) && !ws.status.nodes().get(n).online()) {
                flags = flags.isEmpty() ? " (UNCLEAN)" : " (UNCLEAN, " + flags.substring(2); // on a lost node, first
            }
            out.add(ResourcePlacement.of(r.id, role + flags, n));
        }
        return out;
    }

    private String flags(ResourceView r, boolean blocked) {
        return flags(r, blocked, false);
    }

    private String flags(ResourceView r, boolean blocked, boolean failureIgnored) {
        List<String> f = new ArrayList<>(); // in crm_mon's order
        if (r.targetStopped) {
            f.add("disabled");
        }
        if (blocked) {
            f.add("blocked"); // implies unmanaged
        } else if (!r.managed && !r.frozenByTicket) {
            f.add("unmanaged");
        }
        if (failureIgnored) {
            f.add("failure ignored");
        }
        return f.isEmpty() ? "" : " (" + String.join(", ", f) + ")";
    }
}
