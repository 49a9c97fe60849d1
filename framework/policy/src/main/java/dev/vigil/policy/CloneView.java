package dev.vigil.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.vigil.model.Colocation;
import dev.vigil.model.Clone;
import dev.vigil.model.Resource;
import dev.vigil.model.Score;

/**
 * A clone as the engine works on it: numbered instances of its child ({@code rsc:0},
 * {@code rsc:1}...), each instance one primitive view per member of the child (one for a
 * cloned primitive, one per group member for a cloned group). The clone assigns a node to each
 * instance; the instances' members then act as primitives.
 */
final class CloneView implements Variant {
    /** One instance: its number and its members' views, in group order. */
    static final class Instance {
        final int number;
        final List<ResourceView> members = new ArrayList<>();
        /** Instances beyond clone-max found active: stopped, never assigned. */
        final boolean orphan;
        /**
         * The node the assignment stage gave it, or null; sealed with the other assignments
         * ({@link WorkingSet#sealAssignments}).
         */
        private final AssignedNode assignedNode = new AssignedNode();
        /**
         * The partition lacks the quorum its clone needs: it keeps its assignment, but its members'
         * starts are unrunnable and the active ones stop ({@link CloneAssigner}).
         */
        boolean unrunnableWithoutQuorum;
        /** Its score on that node when it was placed. */
        Score score;
        /** The id its first member runs under in the status ({@code rsc:3}, {@code rsc}), or null. */
        String recordedAs;
        /** Will be promoted (promotable clones). */
        boolean promoted;
        Score promotionScore;

        Instance(int number, boolean orphan) {
            this.number = number;
            this.orphan = orphan;
        }

        /** Gives the instance its node (null: none); throws once the assignments are sealed. */
        void assign(String node) {
            assignedNode.set(node, () -> "clone instance " + (members.isEmpty() ? String.valueOf(number)
                    : members.get(0).id));
        }

        /** The node the assignment stage gave it, or null. */
        String assignedNode() {
            return assignedNode.node();
        }

        void sealAssignment() {
            assignedNode.seal();
        }

        /**
         * Where the instance runs after the transition: its assigned node, unless it cannot
         * start there ({@link #unrunnableWithoutQuorum}); null for nowhere.
         */
        String destination() {
            return unrunnableWithoutQuorum ? null : assignedNode.node();
        }

        ResourceView first() {
            return members.get(0);
        }

        /** The node where the instance is active now (its first member's), or null. */
        String current() {
            for (ResourceView m : members) {
                if (m.current() != null) {
                    return m.current();
                }
            }
            return null;
        }
    }

    final Clone clone;
    final String id;
    /** The cloned primitives: the primitive, or the group's members in order. */
    final List<Resource> children;
    /** Instances are distinct (globally-unique), not interchangeable. */
    final boolean unique;
    final List<Instance> instances = new ArrayList<>();
    /** Node scores of the clone as a whole, before instances are placed. */
    Map<String, Score> scores = new TreeMap<>();
    /**
     * The clone's scores from its locations alone, whatever the nodes' availability (Pacemaker's
     * allowed-node scores before colocations): an instance whose node scores negative here may
     * no longer run there.
     */
    Map<String, Score> allowedScores = new TreeMap<>();
    boolean assigned;
    boolean assigning;

    CloneView(Clone clone, List<Resource> children, boolean unique) {
        this.clone = clone;
        this.unique = unique;
        this.id = clone.id();
        this.children = children;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int priority() {
        return instances.get(0).first().priority;
    }

    @Override
    public void assign(Assigner assigner) {
        assigner.assignClone(this);
    }

    @Override
    public List<String> nodes(boolean promoted) {
        return promoted ? promotedNodes() : instanceNodes();
    }

    /** Its instances follow the primary ({@link CloneAssigner}). */
    @Override
    public void colocateWith(Colocation c, Variant primary, Assigner assigner) {
        assigner.clones.addDependentColocation(this, c, primary);
    }

    /** Its dependents follow its instances (or those in the role the colocation names). */
    @Override
    public void acceptDependent(Colocation c, ResourceView dependent, List<ResourceView> alsoBound,
            Assigner assigner) {
        assigner.colocateWithClone(c, dependent, alsoBound, this);
    }

    @Override
    public void createActions(ActionPlanner planner) {
        views().forEach(planner::createActions);
    }

    /**
     * A probe of one instance comes before the start of every other (the clone may not start
     * more instances before it knows where they run), so also before the stop of an instance
     * that starts again, in case that start is part of a restart or a move (Pacemaker's
     * add_restart_orderings_for_probe). A stop the fencing of its node implies waits for nothing.
     */
    private void orderProbesBeforeRestarts(ActionPlanner planner) {
        for (ResourceView v : views()) {
            if (planner.find(Action.Kind.START, v.id).isEmpty()) {
                continue;
            }
            List<Integer> stops = planner.find(Action.Kind.STOP, v.id).stream()
                    .filter(s -> !planner.fences(planner.action(s).node()))
                    .collect(Collectors.toList());
            for (ResourceView o : views()) {
                if (!o.configId().equals(v.configId())) {
                    continue;
                }
                // An anonymous clone probes a node for whichever instance ends up there.
                for (int p : planner.find(Action.Kind.PROBE, o.id)) {
                    stops.stream().filter(s -> o != v || !Objects.equals(planner.action(p).node(),
                            planner.action(s).node())).forEach(s -> planner.edge(p, s));
                }
            }
        }
    }

    /**
     * On each instance: its members in group order, and demote, then stop, then start, then
     * promote, then the monitor. Across the clone: probes before any start, every demote
     * before any stop, every stop before any start, every start before any promote, and every
     * demote and stop before any promote (the old primary is gone before a new one is made).
     * An ordered clone's instances also start one by one.
     */
    @Override
    public void orderInternally(ActionPlanner planner) {
        List<Integer> probes = new ArrayList<>(), starts = new ArrayList<>(), stops = new ArrayList<>(),
                promotes = new ArrayList<>(), demotes = new ArrayList<>();
        for (Instance i : instances) {
            GroupVariant.orderMembers(planner, i.members);
        }
        for (ResourceView v : views()) {
            planner.orderPrimitive(v);
            probes.addAll(planner.find(Action.Kind.PROBE, v.id));
            starts.addAll(planner.find(Action.Kind.START, v.id));
            stops.addAll(planner.find(Action.Kind.STOP, v.id));
            promotes.addAll(planner.find(Action.Kind.PROMOTE, v.id));
            demotes.addAll(planner.find(Action.Kind.DEMOTE, v.id));
            for (int d : planner.find(Action.Kind.DEMOTE, v.id)) {
                planner.find(Action.Kind.STOP, v.id).forEach(s -> planner.edge(d, s));
            }
            for (int st : planner.find(Action.Kind.START, v.id)) {
                planner.find(Action.Kind.PROMOTE, v.id).forEach(p -> planner.edge(st, p));
            }
            for (int m : planner.find(Action.Kind.MONITOR, v.id)) {
                planner.find(Action.Kind.PROMOTE, v.id).forEach(p -> planner.edge(p, m));
                planner.find(Action.Kind.DEMOTE, v.id).forEach(d -> planner.edge(d, m));
            }
        }
        probes.forEach(p -> starts.forEach(s -> planner.edge(p, s)));
        orderProbesBeforeRestarts(planner);
        probes.forEach(p -> promotes.forEach(s -> planner.edge(p, s)));
        starts.forEach(s -> promotes.forEach(p -> planner.edge(s, p)));
        demotes.forEach(d -> stops.forEach(s -> planner.edge(d, s)));
        stops.forEach(s -> starts.forEach(st -> planner.edge(s, st)));
        for (int pr : promotes) {
            demotes.forEach(d -> planner.edge(d, pr));
            stops.forEach(s -> planner.edge(s, pr));
        }
        if (clone.ordered()) {
            orderInstancesOneByOne(planner);
        }
        planner.notifyAround(this);
    }

    /** ordered=true: instances start one after another by number, and stop in reverse. */
    private void orderInstancesOneByOne(ActionPlanner planner) {
        List<Integer> previousStarts = List.of();
        List<Integer> previousStops = List.of();
        for (Instance i : instances) {
            List<Integer> starts = new ArrayList<>(), stops = new ArrayList<>();
            for (ResourceView m : i.members) {
                starts.addAll(planner.find(Action.Kind.START, m.id));
                stops.addAll(planner.find(Action.Kind.STOP, m.id));
            }
            for (int before : previousStarts) {
                starts.forEach(a -> planner.edge(before, a));
            }
            for (int after : previousStops) {
                stops.forEach(b -> planner.edge(b, after));
            }
            previousStarts = starts.isEmpty() ? previousStarts : starts;
            previousStops = stops.isEmpty() ? previousStops : stops;
        }
    }

    @Override
    public void summarize(ActionPlanner planner) {
        views().forEach(planner::summarize);
    }

    boolean promotable() {
        return clone.promotable();
    }

    boolean isGroup() {
        return children.size() > 1 || !children.get(0).id().equals(clone.child());
    }

    /** Nodes that will run an instance. */
    List<String> instanceNodes() {
        List<String> out = new ArrayList<>();
        instances.forEach(i -> {
            if (i.destination() != null && !out.contains(i.destination())) {
                out.add(i.destination());
            }
        });
        return out;
    }

    /**
     * Where instances go as what is colocated with the clone sees it: the nodes that will run
     * one (a promoted one), and without quorum also those an instance was assigned to whose
     * start (promotion) only quorum blocks: Pacemaker assigns those, and what follows the
     * clone is assigned there too, and blocked as well.
     */
    List<String> placedNodes(boolean promoted) {
        List<String> out = new ArrayList<>(nodes(promoted));
        for (Instance i : instances) {
            String n = assignedWithoutQuorum(i);
            if (n != null && (!promoted || i.first().promotionBlocked) && !out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * The node an instance's first member is assigned to where its start cannot run for lack of
     * quorum, or null (the instance runs nowhere, but what follows the clone is assigned there).
     */
    private static String assignedWithoutQuorum(Instance i) {
        ResourceView m = i.first();
        return m.unrunnableStart() == ResourceView.UnrunnableStart.WITHOUT_QUORUM ? m.assignedNode() : null;
    }

    /** Nodes that will run a promoted instance. */
    List<String> promotedNodes() {
        List<String> out = new ArrayList<>();
        instances.forEach(i -> {
            if (i.destination() != null && i.promoted && !out.contains(i.destination())) {
                out.add(i.destination());
            }
        });
        return out;
    }

    /**
     * Of these nodes, those where an instance will run none of whose members is blocked (a
     * failure with on-fail=block): what must be with the clone cannot count on a blocked one.
     */
    List<String> withUnblockedInstance(List<String> nodes) {
        List<String> out = new ArrayList<>();
        for (String n : nodes) {
            if (instances.stream().anyMatch(i -> (n.equals(i.destination()) || n.equals(assignedWithoutQuorum(i)))
                    && i.members.stream().noneMatch(ResourceView::blocked))) {
                out.add(n);
            }
        }
        return out;
    }

    /** Nodes that will run an instance that is not promoted (the Unpromoted role). */
    List<String> unpromotedNodes() {
        List<String> out = new ArrayList<>();
        instances.forEach(i -> {
            if (i.destination() != null && !i.promoted && !out.contains(i.destination())) {
                out.add(i.destination());
            }
        });
        return out;
    }

    /**
     * How much the instance on a node (its promoted one, if asked) wanted that node: what a
     * resource that must be with it adds there, so that it follows the instance whose node was
     * best (as Pacemaker intersects the dependent's scores with the instances').
     */
    Score scoreOn(String node, boolean promoted) {
        Score best = null;
        for (Instance i : instances) {
            if (node.equals(i.destination()) && (!promoted || i.promoted) && i.score != null
                    && (best == null || i.score.compareTo(best) > 0)) {
                best = i.score;
            }
        }
        return best == null || best.value() < 0 ? Score.ZERO : best;
    }

    /** Every member view of every instance. */
    List<ResourceView> views() {
        List<ResourceView> out = new ArrayList<>();
        instances.forEach(i -> out.addAll(i.members));
        return out;
    }

    /** The views of one member (by position in the group) across instances. */
    List<ResourceView> views(int member) {
        List<ResourceView> out = new ArrayList<>();
        instances.forEach(i -> out.add(i.members.get(member)));
        return out;
    }
}
