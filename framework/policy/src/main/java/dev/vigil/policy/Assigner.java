package dev.vigil.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.vigil.model.Colocation;
import dev.vigil.model.LocationConstraint;
import dev.vigil.model.OnFail;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;
import dev.vigil.model.Role;
import dev.vigil.model.Rule;
import dev.vigil.model.Score;

/**
 * Chooses a node for every primitive, group member and clone instance (clones through
 * {@link CloneAssigner}).
 *
 * <ol>
 * <li>Base scores: 0 on every node (−INFINITY in an opt-in cluster), plus location constraints
 * and rules, plus stickiness where the resource is active; −INFINITY where the node is not
 * eligible, where the fail count reached migration-threshold, or where the agent is missing.</li>
 * <li>Resources are assigned by priority, then in configuration order. A resource's primaries
 * (what it is colocated with) are assigned before it, mandatory colocations first, each one's
 * placement applied as soon as it is assigned (so the next primary sees where the resource can
 * still go): INFINITY keeps it to the primary's node, −INFINITY keeps it off, finite scores add.
 * With a node attribute, "the primary's node" means every node with the same value of it.</li>
 * <li>Dependents not yet assigned pull too: their scores (and their dependents', recursively)
 * are added scaled by the colocation score, unless that would leave no node at all.</li>
 * <li>The node with the highest score wins; ties go to the node with the fewest resources
 * assigned so far, then to the node where it runs now, then to the first node by name. A resource
 * with no node scoring zero or more stays stopped.</li>
 * </ol>
 * A group is its members colocated each with the one before (INFINITY) and ordered. A
 * dependent with a negative colocation never makes its primary like a node it dislikes.
 */
final class Assigner {
    /**
     * One colocation between two primitives; with a node attribute, "together" means on nodes
     * with the same value of it (null: the same node).
     */
    record Coloc(ResourceView dependent, ResourceView primary, Score score, String attribute) {
        Coloc(ResourceView dependent, ResourceView primary, Score score) {
            this(dependent, primary, score, null);
        }
    }

    /** A primitive (or group) colocated with a clone's instances, or with its promoted ones. */
    record CloneColoc(ResourceView dependent, CloneView primary, Score score, boolean withPromoted,
            boolean withUnpromoted) {
        /** The nodes of the clone's instances in the role the colocation names (any role if none). */
        List<String> where() {
            return withUnpromoted ? primary.unpromotedNodes() : primary.placedNodes(withPromoted);
        }
    }

    final WorkingSet ws;
    final ScoreLedger ledger = new ScoreLedger();
    final Utilization utilization;
    final CloneAssigner clones;
    private final Map<String, List<CloneColoc>> cloneColocsByDependent = new HashMap<>();
    private final List<Coloc> colocations = new ArrayList<>();
    private final Map<String, List<Coloc>> byDependent = new HashMap<>();
    private final Map<String, List<Coloc>> byPrimary = new HashMap<>();
    final Map<String, List<LocationConstraint>> locationsByResource = new HashMap<>();
    private final NodeHealth health;
    private final BundleColocations bundleColocations;

    Assigner(WorkingSet ws) {
        this.ws = ws;
        this.bundleColocations = new BundleColocations(ws);
        this.utilization = new Utilization(ws.config, ws.nodes.keySet());
        this.health = new NodeHealth(ws.config);
        this.clones = new CloneAssigner(this);
        for (LocationConstraint l : ws.config.locations()) {
            locationsByResource.computeIfAbsent(l.resource(), k -> new ArrayList<>()).add(l);
        }
        for (List<ResourceView> m : ws.plainGroups()) {
            for (int i = 1; i < m.size(); i++) {
                colocations.add(new Coloc(m.get(i), m.get(i - 1), Score.POSITIVE_INFINITY));
            }
        }
        for (Colocation c : ws.config.colocations()) {
            if (bundleColocations.add(c)) {
                continue;
            }
            Variant dependent = colocated(c.resource());
            Variant primary = colocated(c.withResource());
            if (dependent != null && primary != null) {
                dependent.colocateWith(c, primary, this);
            }
        }
        Containers.pairs(ws).stream().filter(p -> !BundleNodes.isBundleConnection(ws, p.resource()))
                .forEach(p -> colocations.add(new Coloc(p.resource(), p.container(), Score.POSITIVE_INFINITY)));
        for (Coloc c : colocations) {
            byDependent.computeIfAbsent(c.dependent.id, k -> new ArrayList<>()).add(c);
            byPrimary.computeIfAbsent(c.primary.id, k -> new ArrayList<>()).add(c);
        }
    }

    /** The variant a colocation names: a clone (also one inside a bundle), a group or a primitive. */
    private Variant colocated(String id) {
        CloneView clone = ws.clones.get(id);
        return clone != null ? clone : ws.variant(id);
    }

    /**
     * A primitive or group dependent on the primitive {@code primary} (a group's first member)
     * follows it; role-specific colocations belong to promotable resources and are ignored here.
     */
    void colocateWithPrimitive(Colocation c, ResourceView dependent, List<ResourceView> alsoBound,
            ResourceView primary) {
        if (!startedRole(c.dependentRole()) || !startedRole(c.primaryRole()) || dependent == primary) {
            return;
        }
        colocations.add(new Coloc(dependent, primary, c.score(), c.nodeAttribute()));
        for (ResourceView m : alsoBound) {
            colocations.add(new Coloc(m, primary, c.score(), c.nodeAttribute()));
        }
    }

    /**
     * A primitive or group dependent on a clone follows its instances, those in the role the
     * colocation names if the clone is promotable (Pacemaker applies role-specific colocations
     * only with promotable clones); the clone's placement feels the dependent's wishes.
     */
    void colocateWithClone(Colocation c, ResourceView dependent, List<ResourceView> alsoBound, CloneView clone) {
        if (!startedRole(c.dependentRole())) {
            return;
        }
        boolean roles = clone.promotable();
        CloneColoc cc = new CloneColoc(dependent, clone, c.score(), roles && isPromotedRole(c.primaryRole()),
                roles && isUnpromotedRole(c.primaryRole()));
        cloneColocsByDependent.computeIfAbsent(dependent.id, k -> new ArrayList<>()).add(cc);
        clones.addPrimaryColocation(cc);
        for (ResourceView m : alsoBound) {
            cloneColocsByDependent.computeIfAbsent(m.id, k -> new ArrayList<>()).add(new CloneColoc(m, clone,
                    c.score(), cc.withPromoted(), cc.withUnpromoted()));
        }
    }

    /**
     * The members of a dependent group that come after an unmanaged member, for a mandatory
     * colocation of the group: the chain of internal colocations that normally carries the
     * group's colocations from its first member stops at a member that stays where it is, so
     * the members after it are bound by the group's mandatory colocations themselves.
     */
    List<ResourceView> membersPastUnmanaged(Colocation c) {
        if (c.score().value() != Score.INFINITY) {
            return List.of();
        }
        List<String> ids = ws.config.group(c.resource()).map(g -> g.members()).orElse(List.of());
        List<ResourceView> out = new ArrayList<>();
        boolean pastUnmanaged = false;
        for (String id : ids) {
            ResourceView m = ws.resources.get(id);
            if (m == null) {
                continue;
            }
            if (pastUnmanaged) {
                out.add(m);
            }
            pastUnmanaged |= !m.managed;
        }
        return out;
    }

    static boolean startedRole(Role role) {
        return role == null || role == Role.STARTED;
    }

    static boolean isPromotedRole(Role role) {
        return role == Role.PROMOTED;
    }

    static boolean isUnpromotedRole(Role role) {
        return role == Role.UNPROMOTED;
    }

    ScoreLedger ledger() {
        return ledger;
    }

    /**
     * Resources by priority, then in configuration order; each pulls in what it is colocated
     * with first.
     */
    void assignAll() {
        ws.resources.values().forEach(r -> {
            if (r.clone == null) {
                r.scores = baseScores(r);
            }
        });
        List<Variant> order = new ArrayList<>(ws.variants);
        if (utilization.active()) {
            order.sort(new CapacityOrder(this));
        } else {
            order.sort(Comparator.comparingInt((Variant v) -> -v.priority()));
        }
        int connections = RemoteConnections.connectionsFirst(ws, order);
        order.subList(0, connections).forEach(v -> v.assign(this));
        if (RemoteConnections.settle(ws)) {
            // Remote nodes are up or down now: score what is left again.
            ws.resources.values().forEach(r -> {
                if (r.clone == null && !r.assigned) {
                    ledger.forget(r.id);
                    r.scores = baseScores(r);
                }
            });
        }
        order.subList(connections, order.size()).forEach(v -> v.assign(this));
    }

    /** A clone: its primaries first, then its instances and their roles ({@link CloneAssigner}). */
    void assignClone(CloneView c) {
        clones.assign(c);
    }

    /** A primitive (or group member): its primaries first, then the best node for it. */
    void assign(ResourceView r) {
        if (r.clone != null) {
            clones.assign(r.clone);
            return;
        }
        if (r.assigned || r.assigning) {
            return;
        }
        r.assigning = true;
        BundleNodes.assignActiveSiblingsFirst(this, r);
        List<Coloc> asDependent = new ArrayList<>(byDependent.getOrDefault(r.id, List.of()));
        // Pacemaker's order of a dependent's colocations: mandatory ones first, then by the
        // primary's priority (highest first), then by the primary's name.
        asDependent.sort(Comparator.comparing((Coloc c) -> !(c.score.isPositiveInfinity()
                || c.score.isNegativeInfinity()))
                .thenComparing((Coloc c) -> -c.primary.priority).thenComparing((Coloc c) -> c.primary.id));
        Map<String, Score> scores = new TreeMap<>(r.scores);
        r.scores = scores;
        for (Coloc c : asDependent) {
            assign(c.primary);
            applyPrimary(c, scores);
        }
        for (CloneColoc c : cloneColocsByDependent.getOrDefault(r.id, List.of())) {
            clones.assign(c.primary());
        }
        for (CloneColoc c : cloneColocsByDependent.getOrDefault(r.id, List.of())) {
            applyClone(c, scores);
        }
        BundleNodes.withContainerHost(this, r, scores);
        for (BundleColocations.BundleColoc c : bundleColocations.of(r)) {
            c.containers().forEach(this::assign);
            bundleColocations.apply(c, scores, ledger);
        }
        addDependentInfluence(r, scores, new HashSet<>(Set.of(r.id)), true);
        BundleNodes.banFullHosts(ws, r, scores, ledger);
        r.scores = scores;
        // Under no-quorum-policy=freeze what is active is managed as usual; only what is
        // inactive may not start (Pacemaker's "quorum freeze").
        boolean frozen = frozen() && ws.fencing.requires(r.resource) != Fencing.Requires.NOTHING
                && r.activeOn.isEmpty();
        if (stopsForFailure(ws, r)) {
            r.assign(null);
            ledger.decide(r.id, "stopped: it failed, and its on-fail is stop");
        } else if (fixedPlacement(r) || frozen) {
            r.assign(r.current());
            ledger.decide(r.id, r.current() == null ? "stays stopped" : "stays on " + r.current() + " ("
                    + (!r.managed ? "unmanaged" : r.blocked() ? "blocked: a stop failed"
                    : r.pending() ? "an operation on it is still running on " + r.pendingOn : "no quorum, frozen") + ")");
            if (r.assignedNode() == null && !fixedPlacement(r) && !r.targetStopped) {
                // Frozen: assigned where it would start, but the start cannot run without quorum.
                r.assign(best(r, scores));
                startWithoutQuorum(r, "due to quorum freeze");
            }
        } else if (r.runsNowhere) {
            r.assign(null);
            ledger.decide(r.id, r.removed ? "stopped: no longer in the configuration"
                    : "stopped: active on several nodes, multiple-active=stop_only");
        } else {
            String mostFree = utilization.active() ? banInsufficientCapacity(r, scores) : null;
            String target = partialMigrationTarget(r);
            r.assign(BundleNodes.keepCurrent(ws, r, scores, choose(r, scores, target != null ? target : mostFree)));
        }
        if (r.assignedNode() != null) {
            ws.nodes.get(r.assignedNode()).assigned++;
        }
        if (r.destination() != null) {
            utilization.consume(r.destination(), r); // (a start that cannot run takes no capacity)
        }
        r.assigning = false;
        r.assigned = true;
        BundleNodes.afterAssigned(this, r);
    }

    /**
     * The node a remote connection halfway through a live migration was migrating to, or null:
     * Pacemaker assigns such a connection preferring that node (where its score is as good as the
     * best), so that the migration can complete.
     */
    private String partialMigrationTarget(ResourceView r) {
        if (!RemoteConnections.isConnection(ws, r)) {
            return null;
        }
        String target = ws.status.migrations().getOrDefault(r.id, dev.vigil.model.MigrationStatus.none())
                .partialTarget();
        return target != null && ws.nodes.containsKey(target) && ws.nodes.get(target).eligible ? target : null;
    }

    /**
     * A managed resource whose failure has on-fail=stop is stopped and left stopped: its next
     * role is Stopped before anything is assigned (as Pacemaker's unpacking sets it), so it is
     * assigned nowhere, even where it is blocked or pending.
     */
    static boolean stopsForFailure(WorkingSet ws, ResourceView r) {
        return r.managed && ws.onFail(r) == OnFail.STOP;
    }

    /** Without quorum under no-quorum-policy=freeze, what runs keeps running and nothing starts. */
    boolean frozen() {
        return !ws.status.quorate() && ws.noQuorumPolicy.equals("freeze");
    }

    /**
     * A stopped resource whose start needs the quorum the partition lacks keeps the node it is
     * assigned to (Pacemaker assigns it, then finds its start unrunnable): it shows its start
     * blocked there, and what is colocated with it is assigned there too.
     */
    private static void startWithoutQuorum(ResourceView r, String reason) {
        r.markStartUnrunnable(ResourceView.UnrunnableStart.WITHOUT_QUORUM);
        r.startBlocked = true;
        r.blockedReason = reason;
    }

    /** Unmanaged and blocked resources stay exactly where they are. */
    private static boolean fixedPlacement(ResourceView r) {
        return !r.managed || r.blocked() || r.pending();
    }

    private void applyPrimary(Coloc c, Map<String, Score> scores) {
        if (!c.primary.assigned) {
            return; // a colocation loop: the primary is still being assigned, ignore this link
        }
        // The primary's assignment, even where its start cannot run (as Pacemaker's colocation
        // scoring): a dependent is assigned with it, and its own start is then decided.
        String where = c.primary.assignedNode();
        if (where == null) {
            if (c.score.isPositiveInfinity()) {
                scores.replaceAll((n, s) -> Score.NEGATIVE_INFINITY); // cannot run without its primary
                scores.keySet().forEach(n -> ledger.add(c.dependent.id, n, "colocated with " + c.primary.id
                        + " (INFINITY), which cannot run", Score.NEGATIVE_INFINITY));
            }
            return;
        }
        String why = "colocated with " + c.primary.id + " (" + c.score + "), which goes to " + where
                + (c.attribute == null ? "" : " (same " + c.attribute + ")");
        scores.replaceAll((n, s) -> {
            boolean together = sameAttribute(n, where, c.attribute);
            Score add = c.score.isPositiveInfinity() ? (together ? Score.ZERO : Score.NEGATIVE_INFINITY)
                    : together ? c.score : Score.ZERO;
            if (!add.equals(Score.ZERO)) {
                ledger.add(c.dependent.id, n, why, add);
            }
            return add.isNegativeInfinity() ? Score.NEGATIVE_INFINITY : s.plus(add);
        });
    }

    /**
     * INFINITY keeps the dependent to the nodes of the clone's instances that are not blocked,
     * without adding to its scores there (Pacemaker excludes the other nodes); a finite score
     * adds where they run.
     */
    private void applyClone(CloneColoc c, Map<String, Score> scores) {
        List<String> where = c.score.isPositiveInfinity() ? c.primary.withUnblockedInstance(c.where()) : c.where();
        String role = c.withPromoted ? ":Promoted" : c.withUnpromoted ? ":Unpromoted" : "";
        String why = "colocated with " + c.primary.id + role + " (" + c.score
                + "), on " + where;
        scores.replaceAll((n, s) -> {
            boolean there = where.contains(n);
            Score add = c.score.isPositiveInfinity() ? (there ? Score.ZERO
                    : Score.NEGATIVE_INFINITY) : there ? c.score : Score.ZERO;
            if (!add.equals(Score.ZERO)) {
                ledger.add(c.dependent.id, n, why, add);
            }
            return add.isNegativeInfinity() ? Score.NEGATIVE_INFINITY : s.plus(add);
        });
    }

    /** Adds what unassigned dependents would like, scaled by the colocation, unless it leaves no node. */
    private void addDependentInfluence(ResourceView r, Map<String, Score> scores, Set<String> visited,
            boolean record) {
        for (Coloc c : byPrimary.getOrDefault(r.id, List.of())) {
            if (c.dependent.assigned || !visited.add(c.dependent.id) || c.score.value() == 0) {
                continue;
            }
            Map<String, Score> own = new TreeMap<>(c.dependent.scores);
            addDependentInfluence(c.dependent, own, visited, false);
            Map<String, Score> wanted = c.attribute == null ? own : bestWithSameAttribute(own, c.attribute);
            double factor = c.score.value() / (double) Score.INFINITY;
            if (factor < 0) {
                // an anti-colocated dependent's dislikes do not make the primary like a node
                wanted.replaceAll((n, w) -> w.value() < 0 ? Score.ZERO : w);
            }
            Map<String, Score> merged = new TreeMap<>(scores);
            merged.replaceAll((n, s) -> s.plus(scaled(wanted.getOrDefault(n, Score.ZERO), factor)));
            boolean anyBefore = scores.values().stream().anyMatch(s -> s.value() >= 0);
            boolean anyAfter = merged.values().stream().anyMatch(s -> s.value() >= 0);
            if (anyAfter || !anyBefore) {
                for (String n : record ? merged.keySet() : Set.<String>of()) {
                    Score delta = scaled(wanted.getOrDefault(n, Score.ZERO), factor);
                    ledger.add(r.id, n, "preference of " + c.dependent.id + ", colocated with it (" + c.score + ")",
                            delta);
                }
                scores.putAll(merged);
            }
        }
    }

    /**
     * A resource's scores as Pacemaker weighs it when choosing what to assign first: its own,
     * plus, through each colocation it has with a primary, that primary's scores scaled by the
     * colocation (and so on up the chain), a primary's share dropped when it would leave no node
     * at 0 or more. A group counts from its last member, whose chain runs through the members
     * before it to the group's own primaries; a clone primary counts as it stands before its
     * instances are placed ({@link CloneAssigner#scoresBeforePlacement}).
     */
    Map<String, Score> withPrimaries(ResourceView r) {
        Map<String, Score> work = new TreeMap<>(r.scores);
        if (work.values().stream().anyMatch(s -> s.value() >= 0)) {
            addPrimaries(r, work, 1.0, new HashSet<>(Set.of(r.id)));
        }
        return work;
    }

    private void addPrimaries(ResourceView r, Map<String, Score> work, double factor, Set<String> visited) {
        for (Coloc c : byDependent.getOrDefault(r.id, List.of())) {
            if (!visited.add(c.primary.id)) {
                continue;
            }
            double f = factor * c.score.value() / Score.INFINITY;
            Map<String, Score> theirs = c.attribute == null ? c.primary.scores
                    : bestWithSameAttribute(c.primary.scores, c.attribute);
            Map<String, Score> merged = new TreeMap<>(work);
            merged.replaceAll((n, s) -> s.plus(rounded(theirs.getOrDefault(n, Score.NEGATIVE_INFINITY), f)));
            if (merged.values().stream().anyMatch(s -> s.value() >= 0)) {
                addPrimaries(c.primary, merged, f, visited);
                work.putAll(merged);
            }
            visited.remove(c.primary.id);
        }
        for (CloneColoc c : cloneColocsByDependent.getOrDefault(r.id, List.of())) {
            double f = factor * c.score().value() / Score.INFINITY;
            Map<String, Score> theirs = clones.scoresBeforePlacement(c.primary());
            Map<String, Score> merged = new TreeMap<>(work);
            merged.replaceAll((n, s) -> s.plus(rounded(theirs.getOrDefault(n, Score.NEGATIVE_INFINITY), f)));
            if (merged.values().stream().anyMatch(s -> s.value() >= 0)) {
                work.putAll(merged);
            }
        }
    }

    /** A score scaled by a colocation's factor, rounded, and never rounded to 0 from a non-zero score. */
    static Score rounded(Score s, double factor) {
        if (s.isNegativeInfinity() || s.isPositiveInfinity() || Math.abs(factor) >= 1.0) {
            return scaled(s, factor);
        }
        long v = Math.round(s.value() * factor);
        if (v == 0 && s.value() != 0 && factor != 0) {
            v = factor * s.value() > 0 ? 1 : -1;
        }
        return Score.of(v);
    }

    /** A resource's scores with the wishes of its unassigned dependents folded in, as it pulls its primary. */
    Map<String, Score> withDependents(ResourceView r) {
        Map<String, Score> own = new TreeMap<>(r.scores);
        addDependentInfluence(r, own, new HashSet<>(Set.of(r.id)), false);
        return own;
    }

    /**
     * Whether two nodes count as "together" for a colocation: the same node, or (with a node
     * attribute) nodes with the same value of it; a node without the attribute matches none.
     */
    boolean sameAttribute(String a, String b, String attribute) {
        if (attribute == null) {
            return a.equals(b);
        }
        String va = ws.nodes.get(a).attributes.get(attribute);
        return va != null && va.equalsIgnoreCase(String.valueOf(ws.nodes.get(b).attributes.get(attribute)));
    }

    /** For each node, the best of the scores of the nodes sharing its value of the attribute. */
    private Map<String, Score> bestWithSameAttribute(Map<String, Score> wanted, String attribute) {
        Map<String, Score> best = new TreeMap<>();
        for (String n : wanted.keySet()) {
            Score b = Score.NEGATIVE_INFINITY;
            for (Map.Entry<String, Score> m : wanted.entrySet()) {
                if (sameAttribute(n, m.getKey(), attribute) && m.getValue().compareTo(b) > 0) {
                    b = m.getValue();
                }
            }
            best.put(n, b);
        }
        return best;
    }

    static Score scaled(Score s, double factor) {
        if (s.isNegativeInfinity() || s.isPositiveInfinity()) {
            if (factor < 0) {
                return s.isPositiveInfinity() ? Score.NEGATIVE_INFINITY : Score.POSITIVE_INFINITY;
            }
            return factor >= 1.0 ? s : Score.of((long) (s.value() * factor));
        }
        return Score.of((long) (s.value() * factor));
    }

    /**
     * Pacemaker's capacity check before a resource is placed: if some available node has room
     * for it and every unassigned resource that must run with it (INFINITY colocations either
     * way, a group's later members), nodes without that room are banned; otherwise nodes
     * without room for it alone are, and the node with most free capacity is returned as the
     * one to prefer on equal scores.
     */
    private String banInsufficientCapacity(ResourceView r, Map<String, Score> scores) {
        List<ResourceView> together = new ArrayList<>();
        collectColocated(r, r, together);
        Map<String, Integer> all = utilization.sum(together.stream().filter(x -> x == r || !x.assigned).toList());
        boolean anyCapable = false;
        String mostFree = null;
        for (Map.Entry<String, Score> e : scores.entrySet()) {
            if (e.getValue().value() < 0) {
                continue;
            }
            anyCapable |= utilization.fits(e.getKey(), all);
            if (mostFree == null || utilization.compareFree(e.getKey(), mostFree) < 0) {
                mostFree = e.getKey();
            }
        }
        Map<String, Integer> needed = anyCapable ? all : utilization.need(r);
        String what = anyCapable && together.size() > 1 ? r.id + " and what is colocated with it" : r.id;
        for (Map.Entry<String, Score> e : scores.entrySet()) {
            if (e.getValue().value() >= 0 && !utilization.fits(e.getKey(), needed)) {
                ledger.add(r.id, e.getKey(), "not enough free capacity for " + what + " " + needed + " (free "
                        + utilization.freeOn(e.getKey()) + ", placement-strategy=" + ws.config.placementStrategy()
                        + ")", Score.NEGATIVE_INFINITY);
                e.setValue(Score.NEGATIVE_INFINITY);
            }
        }
        return anyCapable ? null : mostFree;
    }

    /** The resource and, transitively, what is colocated with it or it with, with INFINITY. */
    List<ResourceView> colocatedWith(ResourceView r) {
        List<ResourceView> out = new ArrayList<>();
        collectColocated(r, r, out);
        return out;
    }

    private void collectColocated(ResourceView r, ResourceView origin, List<ResourceView> out) {
        if (out.contains(r)) {
            return;
        }
        out.add(r);
        for (Coloc c : byDependent.getOrDefault(r.id, List.of())) {
            if (c.primary != origin && c.score.isPositiveInfinity()) {
                collectColocated(c.primary, origin, out);
            }
        }
        for (Coloc c : byPrimary.getOrDefault(r.id, List.of())) {
            if (c.dependent != origin && c.score.isPositiveInfinity()) {
                collectColocated(c.dependent, origin, out);
            }
        }
    }

    private String choose(ResourceView r, Map<String, Score> scores, String prefer) {
        if (r.targetStopped) {
            ledger.decide(r.id, "stopped: target-role is Stopped");
            return null;
        }
        if (!ws.canRun(r) && !(frozen() && !r.activeOn.isEmpty())) {
            ledger.decide(r.id, "stopped: the partition has no quorum (no-quorum-policy=" + ws.noQuorumPolicy + ")");
            if (ws.fencing.startupDisabled()) {
                return null;
            }
            if (r.activeOn.isEmpty()) {
                startWithoutQuorum(r, "due to no quorum");
            } else {
                // Active: assigned as usual (what is colocated with it follows it there), but it
                // cannot start (or stay) there, so it stops.
                r.markStartUnrunnable(ResourceView.UnrunnableStart.WITHOUT_QUORUM);
            }
            return best(r, scores);
        }
        String best = best(r, scores);
        if (prefer != null && best != null && scores.get(prefer) != null
                && scores.get(prefer).compareTo(scores.get(best)) >= 0) {
            // a remote connection's partial migration target, or (no node has room for everything
            // that must run with it) the freest node
            best = prefer;
        }
        ledger.decide(r.id, best == null ? "stopped: no node has a score of 0 or more"
                : "placed on " + best + " (score " + scores.get(best) + ")" + tieNote(best, scores, r));
        return best;
    }

    private String tieNote(String best, Map<String, Score> scores, ResourceView r) {
        long tied = scores.values().stream().filter(s -> s.equals(scores.get(best))).count();
        if (tied < 2) {
            return "";
        }
        if (utilization.strategy == Utilization.Strategy.MINIMAL) {
            return "; of " + tied + " nodes with that score: where it runs now if the score is positive, else the "
                    + "first by name (placement-strategy=minimal)";
        }
        return "; of " + tied + " nodes with that score: "
                + (utilization.strategy == Utilization.Strategy.BALANCED ? "most free capacity, then " : "")
                + "fewest resources assigned so far (" + (ws.nodes.get(best).assigned)
                + "), then where it runs now, then the first by name";
    }

    private String best(ResourceView r, Map<String, Score> scores) {
        String best = null;
        for (Map.Entry<String, Score> e : scores.entrySet()) {
            if (e.getValue().value() < 0) {
                continue;
            }
            if (best == null || better(e.getKey(), best, scores, r.current())) {
                best = e.getKey();
            }
        }
        // Pacemaker keeps a resource where it runs when that node ties with the best positive score.
        String here = r.current();
        if (best != null && here != null && !here.equals(best) && scores.get(best).value() > 0
                && scores.containsKey(here) && scores.get(here).equals(scores.get(best))
                && ws.nodes.get(here).eligible) {
            return here;
        }
        return best;
    }

    boolean better(String a, String b, Map<String, Score> scores, String current) {
        int c = scores.get(a).compareTo(scores.get(b));
        if (c != 0) {
            return c > 0;
        }
        if (utilization.strategy == Utilization.Strategy.MINIMAL) {
            return a.compareTo(b) < 0; // fill nodes in order rather than spread
        }
        if (utilization.strategy == Utilization.Strategy.BALANCED) {
            int free = utilization.compareFree(a, b);
            if (free != 0) {
                return free < 0;
            }
        }
        int la = ws.nodes.get(a).assigned, lb = ws.nodes.get(b).assigned;
        if (la != lb) {
            return la < lb;
        }
        if (a.equals(current) != b.equals(current)) {
            return a.equals(current);
        }
        return a.compareTo(b) < 0;
    }

    /** Location, stickiness and availability, before any colocation. */
    private Map<String, Score> baseScores(ResourceView r) {
        Map<String, Score> scores = new TreeMap<>();
        String ticketBan = ws.tickets.banOf(r);
        String lockedTo = ws.shutdownLocks.get(r.id);
        // A guest's connection opts in everywhere: where it may run is its container's to say.
        boolean optedIn = ws.symmetric || (RemoteConnections.isConnection(ws, r) && ws.remotes.isGuest(r.configId()));
        List<LocationConstraint> discovery = null;
        for (NodeView n : ws.nodes.values()) {
            Score s = optedIn ? Score.ZERO : null;
            for (LocationConstraint l : locationsFor(r)) {
                if (!startedRole(l.forRole())) {
                    continue;
                }
                Score add = locationScore(l, n);
                if (add != null) {
                    ledger.add(r.id, n.name, "location " + l.id(), add);
                    s = s == null ? add : s.plus(add);
                }
            }
            s = withHealth(r.id, r.resource, n, s);
            if (s == null) {
                ledger.add(r.id, n.name, "opt-in cluster (symmetric-cluster=false), no location allows this node",
                        Score.NEGATIVE_INFINITY);
                s = Score.NEGATIVE_INFINITY;
            }
            if (r.activeOn.contains(n.name) && r.managed) {
                ledger.add(r.id, n.name, "resource-stickiness, running here", r.stickiness);
                s = s.plus(r.stickiness);
            }
            int failCount = Containers.failCount(ws, r, n.name);
            ResourceState state = r.state(n.name);
            boolean ignored = ws.onFailOf(r.configId(), state) == OnFail.IGNORE;
            boolean banned = r.migrationThreshold > 0 && failCount >= r.migrationThreshold && !ignored;
            String ban = !n.online ? "node is offline" : n.shuttingDown ? "node is shutting down"
                    : !n.eligible ? "node is in standby" : ticketBan != null ? ticketBan
                    : lockedTo != null && !lockedTo.equals(n.name) ? "shutdown-lock: locked to " + lockedTo
                    : banned ? "fail count " + failCount + " reached migration-threshold " + r.migrationThreshold
                    : state.role() == ResourceRole.AGENT_MISSING ? "agent not installed there"
                    : RemoteConnections.bannedFrom(ws, r, n.name);
            if (ban == null) {
                if (discovery == null) {
                    discovery = ResourceDiscovery.of(ws, r); // the same for every node
                }
                ban = ResourceDiscovery.exclusiveBan(discovery, n);
            }
            if (ban != null) {
                ledger.add(r.id, n.name, ban, Score.NEGATIVE_INFINITY);
                s = Score.NEGATIVE_INFINITY;
            }
            scores.put(n.name, s);
        }
        return scores;
    }

    /**
     * Adds the node's health score ({@link NodeHealth}) as a location constraint would, unless
     * it is negative and the resource allows unhealthy nodes.
     */
    Score withHealth(String id, dev.vigil.model.Resource r, NodeView n, Score s) {
        Score h = health.of(n.attributes);
        if (h.equals(Score.ZERO) || (h.value() < 0
                && dev.vigil.model.ClusterConfig.isTrue(ws.config.meta(r, "allow-unhealthy-nodes", "false")))) {
            return s;
        }
        ledger.add(id, n.name, "node health (node-health-strategy)", h);
        return s == null ? h : s.plus(h);
    }

    private List<LocationConstraint> locationsFor(ResourceView r) {
        List<LocationConstraint> own = locationsByResource.getOrDefault(r.id, List.of());
        if (r.group == null) {
            return own;
        }
        List<LocationConstraint> all = new ArrayList<>(own);
        all.addAll(locationsByResource.getOrDefault(r.group, List.of()));
        return all;
    }

    /** The score a constraint gives a node, or null when it says nothing about it. */
    static Score locationScore(LocationConstraint l, NodeView n) {
        return locationScore(l, n, false);
    }

    /** The same, for the rules of the Promoted role ({@code promoted}) or of the Started role. */
    static Score locationScore(LocationConstraint l, NodeView n, boolean promoted) {
        if (l.node() != null) {
            return l.node().equals(n.name) ? l.score() : null;
        }
        Score total = null;
        for (Rule rule : l.rules()) {
            boolean roleMatches = promoted ? isPromotedRole(rule.forRole()) || isPromotedRole(l.forRole())
                    : startedRole(rule.forRole());
            if (roleMatches && rule.matches(n.attributes, n.now)) {
                Score s = rule.scoreFor(n.attributes);
                total = total == null ? s : total.plus(s);
            }
        }
        return total;
    }
}
