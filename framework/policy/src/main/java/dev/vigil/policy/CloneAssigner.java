package dev.vigil.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.model.Colocation;
import dev.vigil.model.LocationConstraint;
import dev.vigil.model.OnFail;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.Score;

/**
 * Places a clone's instances and chooses which are promoted, as Pacemaker's clone and
 * promotable schedulers do; the {@link Assigner} hands every clone here and shares its node
 * choice (ties) and score rules.
 */
final class CloneAssigner {
    /**
     * A clone colocated with something (a primitive, a group or another clone): where its
     * instances may run ({@code dependentPromoted} false) or where its promoted instance may be
     * (true).
     */
    record DependentColoc(CloneView dependent, boolean dependentPromoted, boolean dependentUnpromoted,
            Variant primary, boolean withPromoted, Score score) {
        /** It places the instances (no role of the clone named), rather than choosing which are promoted. */
        boolean placesInstances() {
            return !dependentPromoted && !dependentUnpromoted;
        }

        /** The nodes where the primary will be (in the role asked for). */
        List<String> where() {
            return primary instanceof CloneView c ? c.placedNodes(withPromoted) : primary.nodes(withPromoted);
        }
    }

    private final Assigner assigner;
    private final WorkingSet ws;
    private final ScoreLedger ledger;
    /** Colocations in which a clone is the dependent, by clone id. */
    private final Map<String, List<DependentColoc>> asDependent = new HashMap<>();
    /** Colocations of primitives (or groups) with a clone, by clone id. */
    private final Map<String, List<Assigner.CloneColoc>> asPrimary = new HashMap<>();

    CloneAssigner(Assigner assigner) {
        this.assigner = assigner;
        this.ws = assigner.ws;
        this.ledger = assigner.ledger;
    }

    /** {@code colocation ID SCORE: CLONE[:ROLE] OTHER[:ROLE]}: the clone follows OTHER. */
    void addDependentColocation(CloneView clone, Colocation c, Variant p) {
        if ((Assigner.startedRole(c.dependentRole()) || Assigner.isPromotedRole(c.dependentRole())
                || Assigner.isUnpromotedRole(c.dependentRole()))) {
            // A role named for a clone that is not promotable is ignored, as Pacemaker does.
            boolean primaryRoles = !(p instanceof CloneView pc) || pc.promotable();
            asDependent.computeIfAbsent(clone.id, k -> new ArrayList<>()).add(new DependentColoc(clone,
                    Assigner.isPromotedRole(c.dependentRole()), Assigner.isUnpromotedRole(c.dependentRole()), p,
                    primaryRoles && Assigner.isPromotedRole(c.primaryRole()), c.score()));
        }
    }

    /** A primitive (or group) that follows the clone: its wishes pull the clone's placement. */
    void addPrimaryColocation(Assigner.CloneColoc c) {
        asPrimary.computeIfAbsent(c.primary().id, k -> new ArrayList<>()).add(c);
    }

    /**
     * A clone (Pacemaker's instance placement): the clone's node scores come from locations on
     * it and on its child, availability, and what it is colocated with. Instances active where
     * they may stay keep their node, up to an even share per node; the rest go one by one to
     * the best node that still has room ({@code clone-node-max}), by score plus the
     * instance's stickiness, then fewest resources, then name; at most {@code clone-max} run.
     * A promotable clone then promotes the best {@code promoted-max} instances by promotion score.
     */
    void assign(CloneView c) {
        if (c.assigned || c.assigning) {
            return;
        }
        c.assigning = true;
        BundleNodes.assignContainersFirst(assigner, c.id);
        List<DependentColoc> colocs = asDependent.getOrDefault(c.id, List.of());
        for (DependentColoc d : colocs) {
            d.primary().assign(assigner);
        }
        c.scores = cloneBaseScores(c, true);
        for (DependentColoc d : colocs) {
            if (d.placesInstances()) {
                applyToClone(d, c.scores);
            }
        }
        c.allowedScores = ledger.quietly(() -> cloneBaseScores(c, false));
        addDependentsPreferences(c, false, c.scores);
        ResourceView first = c.instances.get(0).first();
        if (fixedPlacement(c) || assigner.frozen()) {
            for (CloneView.Instance i : c.instances) {
                String here = i.current();
                i.assign(here);
                i.promoted = here != null && i.first().state(here).role() == ResourceRole.PROMOTED;
            }
            ledger.decide(c.id, "instances stay where they are");
        } else if (c.promotable() && demotesWithoutQuorum()) {
            keepActiveInstancesUnpromoted(c);
        } else if (first.targetStopped) {
            ledger.decide(c.id, "stopped: target-role is Stopped");
        } else if (!ws.canRun(first)) { // requires=nothing runs without quorum
            ledger.decide(c.id, "stopped: the partition has no quorum (no-quorum-policy=" + ws.noQuorumPolicy + ")");
            if (!ws.fencing.startupDisabled()) {
                placeWithoutQuorum(c, colocs); // (places the members itself)
                c.assigning = false;
                c.assigned = true;
                return;
            }
        } else {
            placeInstances(c);
            if (c.promotable()) {
                assignPromotion(c, colocs);
            }
        }
        for (CloneView.Instance i : c.instances) {
            placeMembers(i);
        }
        c.assigning = false;
        c.assigned = true;
    }

    /** No quorum, and no-quorum-policy=demote. */
    private boolean demotesWithoutQuorum() {
        return !ws.status.quorate() && ws.noQuorumPolicy.equals("demote");
    }

    /**
     * no-quorum-policy=demote for a promotable clone (Pacemaker's effective quorum policy): an
     * instance active as Promoted or Unpromoted is left running, at most Unpromoted; one that is
     * stopped cannot start, as everything else without quorum.
     */
    private void keepActiveInstancesUnpromoted(CloneView c) {
        for (CloneView.Instance i : c.instances) {
            String at = i.current();
            NodeView n = at == null ? null : ws.nodes.get(at);
            i.assign(n != null && n.online ? at : null);
            i.promoted = false;
        }
        ledger.decide(c.id, "no quorum (no-quorum-policy=demote): active instances stay, none promoted");
    }

    private static boolean fixedPlacement(CloneView c) {
        return c.views().stream().anyMatch(v -> !v.managed || v.blocked() || v.pending());
    }

    /**
     * Without quorum Pacemaker still places the instances (and chooses which to promote), then
     * finds their starts unrunnable: the members not active yet keep the node they are assigned,
     * where their start (or promotion) shows blocked; the active ones stop. None runs: the
     * instances keep their nodes, but run nowhere ({@link CloneView.Instance#destination()}).
     */
    private void placeWithoutQuorum(CloneView c, List<DependentColoc> colocs) {
        placeInstances(c);
        if (c.promotable()) {
            assignPromotion(c, colocs);
        }
        for (CloneView.Instance i : c.instances) {
            placeMembers(i);
            for (ResourceView m : i.members) {
                if (m.assignedNode() != null && m.activeOn.isEmpty()) {
                    m.markStartUnrunnable(ResourceView.UnrunnableStart.WITHOUT_QUORUM);
                    m.startBlocked = true;
                    m.blockedReason = "due to no quorum";
                    m.promotionBlocked = i.promoted;
                } else {
                    m.assign(null);
                }
            }
            i.unrunnableWithoutQuorum = true;
            i.promoted = false;
        }
    }

    private void placeInstances(CloneView c) {
        int max = c.clone.maxInstances(ws.nodes.size());
        int perNode = c.clone.maxPerNode();
        long available = c.scores.values().stream().filter(s -> s.value() >= 0).count();
        int share = available == 0 ? 0 : (int) Math.max(1, Math.min(perNode, max / available));
        boolean everyNode = max >= available;
        Map<String, Integer> count = new TreeMap<>();
        int placed = 0;
        List<CloneView.Instance> order = new ArrayList<>(c.instances);
        order.removeIf(i -> i.orphan);
        // Instances active and healthy where they may stay keep their node, up to an even share.
        for (CloneView.Instance i : order) {
            String here = i.current();
            if (here == null || placed >= max || i.members.stream().anyMatch(m -> m.failedOn(here))) {
                continue;
            }
            Map<String, Score> scores = instanceScores(c, i);
            if (scores.get(here).value() >= 0 && count.getOrDefault(here, 0) < share
                    && roomFor(c, i, scores, count, perNode, everyNode).nodes().contains(here)
                    && !betterNodesTakeTheRest(scores, here, count, perNode, max - placed)) {
                i.assign(here);
                i.score = scores.get(here);
                count.merge(here, 1, Integer::sum);
                ws.nodes.get(here).assigned += i.members.size();
                consume(i, here);
                placed++;
            }
        }
        // The rest, those that have the best node first; but an instance active on a node where
        // the clone's locations or its own failures no longer allow it (availability and
        // colocations aside) goes after the others (Pacemaker's instance order): a free
        // instance takes the node left, and the other one stops rather than moves.
        List<CloneView.Instance> rest = new ArrayList<>();
        Map<CloneView.Instance, Score> best = new HashMap<>();
        Map<CloneView.Instance, Boolean> disallowed = new HashMap<>();
        for (CloneView.Instance i : order) {
            if (i.assignedNode() == null) {
                rest.add(i);
                Map<String, Score> scores = instanceScores(c, i);
                best.put(i, scores.values().stream().max(Comparator.naturalOrder()).orElse(Score.ZERO));
                String here = i.current();
                disallowed.put(i, here != null && (c.allowedScores.getOrDefault(here, Score.NEGATIVE_INFINITY).value() < 0
                        || i.members.stream().anyMatch(m -> banOf(m, ws.nodes.get(here)) != null)));
            }
        }
        // Then, as Pacemaker, an active instance before an inactive one (even when its node
        // cannot run it any more: it is still the instance that was there).
        rest.sort(Comparator.comparing((CloneView.Instance i) -> disallowed.get(i))
                .thenComparing((CloneView.Instance i) -> i.current() == null)
                .thenComparing(Comparator.comparing((CloneView.Instance i) -> best.get(i)).reversed()));
        for (CloneView.Instance i : rest) {
            if (placed >= max) {
                continue;
            }
            Map<String, Score> scores = instanceScores(c, i);
            Room room = roomFor(c, i, scores, count, perNode, everyNode);
            String chosen = null;
            for (Map.Entry<String, Score> e : scores.entrySet()) {
                String n = e.getKey();
                if (e.getValue().value() < 0 || count.getOrDefault(n, 0) >= perNode || !room.nodes().contains(n)) {
                    continue;
                }
                if (chosen == null || assigner.better(n, chosen, scores, i.current())) {
                    chosen = n;
                }
            }
            if (chosen != null && room.prefer() != null && room.nodes().contains(room.prefer())
                    && scores.get(room.prefer()).compareTo(scores.get(chosen)) >= 0) {
                chosen = room.prefer(); // no node has room for everything: the freest one
            }
            if (chosen != null) {
                i.assign(chosen);
                i.score = scores.get(chosen);
                count.merge(chosen, 1, Integer::sum);
                ws.nodes.get(chosen).assigned += i.members.size();
                consume(i, chosen);
                placed++;
            }
        }
        ledger.decide(c.id, placed == 0 ? "stopped: no node has a score of 0 or more"
                : "instances on " + c.instanceNodes());
    }

    /**
     * Pacemaker's early assignment: an instance keeps its node unless the nodes that score
     * better for it could take every instance still to place (one is reserved for each such
     * node, up to clone-node-max, before the instance may stay).
     */
    private static boolean betterNodesTakeTheRest(Map<String, Score> scores, String here, Map<String, Integer> count,
            int perNode, int available) {
        Score mine = scores.get(here);
        int room = 0;
        for (Map.Entry<String, Score> e : scores.entrySet()) {
            if (!e.getKey().equals(here) && e.getValue().value() >= 0 && e.getValue().compareTo(mine) > 0) {
                room += Math.max(0, perNode - count.getOrDefault(e.getKey(), 0));
            }
        }
        return room >= available;
    }

    /** Where an instance may go for capacity, and the freest node to prefer when none has room for all. */
    record Room(List<String> nodes, String prefer) {
    }

    /**
     * The nodes with free capacity for the instance (every candidate while utilization does
     * not count): room for its members and what is colocated with it, if any node has that;
     * else room for the instance alone (nothing for a group instance, whose members are checked
     * one by one), preferring the freest node. As in Pacemaker, an instance inherits its clone's
     * colocations, those with dependents only while the clone does not run on every node.
     */
    private Room roomFor(CloneView c, CloneView.Instance i, Map<String, Score> scores, Map<String, Integer> count,
            int perNode, boolean everyNode) {
        List<String> candidates = new ArrayList<>();
        scores.forEach((n, s) -> {
            if (s.value() >= 0 && count.getOrDefault(n, 0) < perNode) {
                candidates.add(n);
            }
        });
        Utilization u = assigner.utilization;
        if (!u.active()) {
            return new Room(candidates, null);
        }
        List<ResourceView> together = new ArrayList<>(i.members);
        if (!everyNode) {
            addDependents(c, together);
        }
        Map<String, Integer> all = u.sum(together);
        boolean anyCapable = candidates.stream().anyMatch(n -> u.fits(n, all));
        Map<String, Integer> needed = anyCapable ? all : c.isGroup() ? Map.of() : u.need(i.first());
        String prefer = null;
        if (!anyCapable) {
            for (String n : candidates) {
                if (prefer == null || u.compareFree(n, prefer) < 0) {
                    prefer = n;
                }
            }
        }
        candidates.removeIf(n -> {
            boolean out = !u.fits(n, needed);
            if (out) {
                ledger.add(i.first().id, n, "not enough free capacity " + needed + " (free " + u.freeOn(n)
                        + ", placement-strategy=" + ws.config.placementStrategy() + ")", Score.NEGATIVE_INFINITY);
            }
            return out;
        });
        return new Room(candidates, prefer);
    }

    /**
     * Unassigned resources colocated with the clone with INFINITY: a primitive or group with
     * what must run with it, or one instance of a dependent clone.
     */
    private void addDependents(CloneView c, List<ResourceView> together) {
        for (Assigner.CloneColoc cc : asPrimary.getOrDefault(c.id, List.of())) {
            if (cc.score().isPositiveInfinity() && !cc.withPromoted() && !cc.withUnpromoted()
                    && !cc.dependent().assigned) {
                assigner.colocatedWith(cc.dependent()).stream()
                        .filter(r -> !r.assigned && !together.contains(r)).forEach(together::add);
            }
        }
        for (List<DependentColoc> ds : asDependent.values()) {
            for (DependentColoc d : ds) {
                if (d.primary() == c && d.score().isPositiveInfinity() && d.placesInstances()
                        && !d.dependent().assigned && !d.dependent().instances.isEmpty()) {
                    together.addAll(d.dependent().instances.get(0).members);
                }
            }
        }
    }

    private void consume(CloneView.Instance i, String node) {
        i.members.forEach(m -> assigner.utilization.consume(node, m));
    }

    /**
     * The clone's scores, plus the instance's stickiness where it runs, minus its first
     * member's bans; a later member's bans count too unless they would leave no node at all (a
     * group instance then runs as far as it can).
     */
    private Map<String, Score> instanceScores(CloneView c, CloneView.Instance i) {
        Map<String, Score> scores = new TreeMap<>(c.scores);
        String here = i.current();
        ResourceView first = i.first();
        if (here != null && first.managed && scores.containsKey(here)) {
            scores.put(here, scores.get(here).plus(first.stickiness));
        }
        if (c.promotable()) {
            // A node where the instance could be promoted draws it (a score that forbids promotion does not repel it).
            scores.replaceAll((n, s) -> {
                Score p = promotionAttribute(i, n);
                return p != null && p.value() > 0 && !s.isNegativeInfinity() ? s.plus(p) : s;
            });
        }
        for (ResourceView m : i.members) {
            Map<String, Score> banned = new TreeMap<>(scores);
            for (String n : scores.keySet()) {
                if (banOf(m, ws.nodes.get(n)) != null) {
                    banned.put(n, Score.NEGATIVE_INFINITY);
                }
            }
            boolean anyLeft = banned.values().stream().anyMatch(s -> s.value() >= 0);
            if (m == first || anyLeft) {
                banned.forEach((n, s) -> {
                    if (s.isNegativeInfinity() && !scores.get(n).isNegativeInfinity()) {
                        ledger.add(m.id, n, banOf(m, ws.nodes.get(n)), Score.NEGATIVE_INFINITY);
                    }
                });
                scores.putAll(banned);
            }
        }
        return scores;
    }

    /** A cloned group's members run where their instance runs, as far as the group gets there. */
    private void placeMembers(CloneView.Instance i) {
        String node = i.assignedNode();
        for (ResourceView m : i.members) {
            boolean staysPut = !m.managed || m.blocked(); // left where it is, whatever bans it there
            if (node != null && !staysPut && (m.targetStopped || banOf(m, ws.nodes.get(node)) != null)) {
                node = null; // this member cannot run there, nor can the members after it
            }
            m.assign(Assigner.stopsForFailure(ws, m) ? null : node); // (the members after it are not held back)
            m.scores = new TreeMap<>(i.first().clone.scores);
            m.assigned = true;
        }
    }

    /** The clone as a whole: locations on it and its child, availability, opt-in. */
    private Map<String, Score> cloneBaseScores(CloneView c, boolean availability) {
        Map<String, Score> scores = new TreeMap<>();
        List<LocationConstraint> locations = new ArrayList<>(assigner.locationsByResource.getOrDefault(c.id, List.of()));
        if (c.isGroup()) {
            locations.addAll(assigner.locationsByResource.getOrDefault(c.clone.child(), List.of()));
        }
        for (dev.vigil.model.Resource child : c.children.subList(0, 1)) {
            locations.addAll(assigner.locationsByResource.getOrDefault(child.id(), List.of()));
        }
        for (NodeView n : ws.nodes.values()) {
            Score s = ws.symmetric ? Score.ZERO : null;
            for (LocationConstraint l : locations) {
                if (!Assigner.startedRole(l.forRole())) {
                    continue;
                }
                Score add = Assigner.locationScore(l, n);
                if (add != null) {
                    ledger.add(c.id, n.name, "location " + l.id(), add);
                    s = s == null ? add : s.plus(add);
                }
            }
            s = assigner.withHealth(c.id, c.children.get(0), n, s);
            if (s == null) {
                ledger.add(c.id, n.name, "opt-in cluster (symmetric-cluster=false), no location allows this node",
                        Score.NEGATIVE_INFINITY);
                s = Score.NEGATIVE_INFINITY;
            }
            String ban = !availability ? null : !n.online ? "node is offline" : n.shuttingDown ? "node is shutting down"
                    : !n.eligible ? "node is in standby" : ResourceDiscovery.exclusiveBan(locations, n);
            ban = ban != null ? ban : BundleNodes.bannedFrom(ws, c.id, n.name);
            if (ban != null) {
                ledger.add(c.id, n.name, ban, Score.NEGATIVE_INFINITY);
                s = Score.NEGATIVE_INFINITY;
            }
            scores.put(n.name, s);
        }
        return scores;
    }

    /**
     * The clone's scores as the assignment order ({@link CapacityOrder}) sees them before
     * anything is placed: the locations on it where an instance may run, -INFINITY where the
     * node is not eligible or where a failure bans an anonymous clone (a fail count at
     * migration-threshold bans every instance there). Nothing is recorded.
     */
    Map<String, Score> scoresBeforePlacement(CloneView c) {
        Map<String, Score> out = ledger.quietly(() -> cloneBaseScores(c, true));
        for (NodeView n : ws.nodes.values()) {
            boolean failed = !c.unique && c.views().stream().anyMatch(v -> banOf(v, n) != null);
            if (!n.eligible || failed) {
                out.put(n.name, Score.NEGATIVE_INFINITY);
            }
        }
        return out;
    }

    /** Why a primitive may not run on a node (failures, missing agent), or null. */
    private String banOf(ResourceView r, NodeView n) {
        String ticketBan = ws.tickets.banOf(r);
        if (ticketBan != null) {
            return ticketBan;
        }
        int failCount = r.state(n.name).failCount();
        boolean ignored = ws.onFailOf(r.configId(), r.state(n.name)) == OnFail.IGNORE;
        boolean banned = r.migrationThreshold > 0 && failCount >= r.migrationThreshold && !ignored;
        return banned ? "fail count " + failCount + " reached migration-threshold " + r.migrationThreshold
                : r.state(n.name).role() == ResourceRole.AGENT_MISSING ? "agent not installed there" : null;
    }

    /**
     * What resources colocated with the clone (with its promoted instances, when
     * {@code promoted}) and not yet placed would like, scaled by the colocation score, added
     * to the clone's scores, unless that leaves no node: a VIP that prefers n3 and must be
     * with the promoted instance makes the instance on n3 the one promoted.
     */
    private List<Assigner.CloneColoc> addDependentsPreferences(CloneView c, boolean promoted, Map<String, Score> scores) {
        List<Assigner.CloneColoc> applied = new ArrayList<>();
        for (Assigner.CloneColoc cc : asPrimary.getOrDefault(c.id, List.of())) {
            // A dependent whose own assignment placed the clone first still counts for its
            // promotion (Pacemaker merges it all the same), not for placing the instances.
            if (cc.withPromoted() != promoted || cc.withUnpromoted() || cc.dependent().assigned
                    || cc.score().value() <= 0) {
                continue;
            }
            Map<String, Score> theirs = dependentScores(cc, promoted);
            Map<String, Score> merged = new TreeMap<>(scores);
            merged.replaceAll((n, s) -> mergeNonNegative(s, dependentWish(cc, theirs, n, promoted)));
            if (merged.values().stream().anyMatch(s -> s.value() >= 0)
                    || scores.values().stream().noneMatch(s -> s.value() >= 0)) {
                merged.keySet().forEach(n -> {
                    Score wish = dependentWish(cc, theirs, n, promoted);
                    if (!wish.equals(Score.ZERO)) {
                        ledger.add(c.id, n, "preference of " + cc.dependent().id + ", colocated with it"
                                + (promoted ? " (promoted)" : "") + " (" + cc.score() + ")", wish);
                    }
                });
                scores.putAll(merged);
                applied.add(cc);
            }
        }
        return applied;
    }

    /**
     * Pacemaker merges a dependent's scores into a clone's without making a node negative:
     * a node that scored above zero keeps 1, one at zero stays at zero.
     */
    private static Score mergeNonNegative(Score mine, Score wish) {
        Score sum = mine.plus(wish);
        if (sum.value() >= 0 || mine.value() < 0) {
            return sum;
        }
        return mine.value() > 0 ? Score.of(1) : mine;
    }

    /**
     * A dependent's score for a node, scaled by how strongly it is colocated with the clone.
     * Where the clone's instances run, only what a dependent likes counts (as Pacemaker's
     * non-negative merge for clones): it does not chase instances off nodes it avoids.
     */
    private static Score dependentWish(Assigner.CloneColoc cc, Map<String, Score> theirs, String node,
            boolean promoted) {
        Score wish = Assigner.scaled(theirs.getOrDefault(node, Score.ZERO),
                cc.score().value() / (double) Score.INFINITY);
        return promoted || wish.value() > 0 ? wish : Score.ZERO;
    }

    /**
     * What a dependent of the promoted role wants: its own scores with those of what depends
     * on it in turn folded in (Pacemaker follows the whole chain, so a group colocated with it
     * whose member may not run on a node keeps the promotion off that node); for placing the
     * instances, its own scores.
     */
    private Map<String, Score> dependentScores(Assigner.CloneColoc cc, boolean promoted) {
        return promoted ? assigner.withDependents(cc.dependent()) : cc.dependent().scores;
    }

    /** A colocation of the clone's instances with a primary: INFINITY confines, -INFINITY bans, others add. */
    private void applyToClone(DependentColoc d, Map<String, Score> scores) {
        List<String> where = d.where();
        String why = "colocated with " + d.primary().id()
                + (d.withPromoted() ? ":Promoted" : "") + " (" + d.score + "), on " + where;
        scores.replaceAll((n, s) -> {
            boolean there = where.contains(n);
            Score add = d.score().isPositiveInfinity() ? (there ? Score.ZERO : Score.NEGATIVE_INFINITY)
                    : there ? d.score : Score.ZERO;
            if (!add.equals(Score.ZERO)) {
                ledger.add(d.dependent().id, n, why, add);
            }
            return add.isNegativeInfinity() ? Score.NEGATIVE_INFINITY : s.plus(add);
        });
    }

    /**
     * Of the placed instances, the best {@code promoted-max} by promotion score are promoted
     * (at most {@code promoted-node-max} per node): the score the agent set on that node, plus
     * Promoted-role location constraints, plus colocations of the promoted role, plus
     * stickiness where it is promoted now; if that is not negative, the clone's score for the
     * node is added and what is colocated with the promoted role pulls. An instance whose total
     * is negative is not promoted, nor is a group instance that cannot run whole; of equal
     * ones, one promoted now, then one that has not failed, then the lowest number.
     */
    private void assignPromotion(CloneView c, List<DependentColoc> colocs) {
        List<CloneView.Instance> candidates = new ArrayList<>();
        for (CloneView.Instance i : c.instances) {
            String n = i.assignedNode();
            if (n == null || i.members.stream().anyMatch(m -> m.targetStopped || banOf(m, ws.nodes.get(n)) != null)) {
                continue; // a group instance is promoted only where all of it runs
            }
            Score s = agentPromotionScore(i, n);
            for (LocationConstraint l : assigner.locationsByResource.getOrDefault(c.id, List.of())) {
                Score add = Assigner.isPromotedRole(l.forRole()) || l.node() == null ? Assigner.locationScore(l, ws.nodes.get(n), true)
                        : null;
                if (add != null) {
                    s = s.plus(add);
                }
            }
            for (DependentColoc d : colocs) {
                boolean there = d.where().contains(n);
                if (d.dependentPromoted()) {
                    // Pacemaker adds the colocation's score to the promotion priority where the
                    // primary is, INFINITY for a mandatory one (and bans it elsewhere).
                    s = d.score().isPositiveInfinity() ? (there ? s.plus(d.score) : Score.NEGATIVE_INFINITY)
                            : there ? s.plus(d.score) : s;
                } else if (d.dependentUnpromoted() && there) {
                    s = s.plus(Score.of(-(long) d.score.value())); // stays unpromoted where the primary is
                }
            }
            if (i.first().state(n).role() == ResourceRole.PROMOTED) {
                s = s.plus(i.first().stickiness);
            }
            String ticketBan = ws.tickets.promotionBanOf(c);
            if (ticketBan != null) {
                ledger.add(i.first().id, n, "no promotion: " + ticketBan, Score.NEGATIVE_INFINITY);
                s = Score.NEGATIVE_INFINITY;
            }
            i.promotionScore = s;
        }
        // Pacemaker's promotion priority: the clone's score for the node (its locations and what
        // is colocated with it), plus the non-negative priorities of the instances placed there,
        // plus the wishes of what is colocated with the promoted role; an instance whose own
        // priority is negative keeps it.
        Map<String, Score> byNode = new TreeMap<>();
        for (CloneView.Instance i : c.instances) {
            if (i.promotionScore != null) {
                byNode.putIfAbsent(i.assignedNode(), c.scores.getOrDefault(i.assignedNode(), Score.ZERO));
                if (i.promotionScore.value() >= 0) {
                    byNode.merge(i.assignedNode(), i.promotionScore, Score::plus);
                }
            }
        }
        addDependentsPreferences(c, true, byNode);
        for (CloneView.Instance i : c.instances) {
            if (i.promotionScore == null) {
                continue;
            }
            if (i.promotionScore.value() >= 0) {
                i.promotionScore = byNode.get(i.assignedNode());
            }
            if (i.promotionScore.value() >= 0) {
                candidates.add(i);
            }
        }
        candidates.sort(Comparator.comparing((CloneView.Instance i) -> i.promotionScore).reversed()
                .thenComparing(i -> i.first().state(i.assignedNode()).role() != ResourceRole.PROMOTED)
                .thenComparing(i -> i.members.stream().anyMatch(ResourceView::failed)) // a healthy one first
                .thenComparingInt(i -> i.number));
        Map<String, Integer> perNode = new TreeMap<>();
        int promoted = 0;
        for (CloneView.Instance i : candidates) {
            if (promoted < c.clone.maxPromoted()
                    && perNode.getOrDefault(i.assignedNode(), 0) < c.clone.maxPromotedPerNode()) {
                i.promoted = true;
                perNode.merge(i.assignedNode(), 1, Integer::sum);
                promoted++;
            }
        }
        ledger.decide(c.id, "promoted on " + c.promotedNodes());
    }

    /**
     * What the agent said (its last promotion score there) or, from a CIB, the node attribute
     * {@code master-NAME}: NAME is what the instance runs under in the status, else the
     * instance's id, else the primitive's; -1 when none is set.
     */
    private Score agentPromotionScore(CloneView.Instance i, String node) {
        Score s = promotionAttribute(i, node);
        return s == null ? Score.of(-1) : s;
    }

    private Score promotionAttribute(CloneView.Instance i, String node) {
        ResourceView v = i.first();
        Integer fromAgent = v.state(node).promotionScore();
        if (fromAgent != null) {
            return Score.of(fromAgent);
        }
        Map<String, String> attrs = ws.nodes.get(BundleNodes.attributeNode(ws, v, node)).attributes;
        for (String name : new String[] {i.recordedAs, v.id, v.configId()}) {
            if (name != null && attrs.containsKey("master-" + name)) {
                return WorkingSet.parseScore(attrs.get("master-" + name));
            }
        }
        return null;
    }

}
