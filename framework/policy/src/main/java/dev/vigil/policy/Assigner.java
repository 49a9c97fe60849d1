package dev.vigil.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.vigil.model.Colocation;
import dev.vigil.model.Group;
import dev.vigil.model.LocationConstraint;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.Rule;
import dev.vigil.model.Score;

/**
 * Chooses a node for every primitive.
 *
 * <ol>
 * <li>Base scores: 0 on every node (−INFINITY in an opt-in cluster), plus location constraints
 * and rules, plus stickiness where the resource is active; −INFINITY where the node is not
 * eligible, where the fail count reached migration-threshold, or where the agent is missing.</li>
 * <li>Resources are assigned by priority, then in configuration order. A resource's primaries
 * (what it is colocated with) are assigned before it, and their placement applied: INFINITY
 * keeps it to the primary's node, −INFINITY keeps it off, finite scores add.</li>
 * <li>Dependents not yet assigned pull too: their scores (and their dependents', recursively)
 * are added scaled by the colocation score, unless that would leave no node at all.</li>
 * <li>The node with the highest score wins; ties go to the node with the fewest resources
 * assigned so far, then to the node where it runs now, then to the first node by name. A resource
 * with no node scoring zero or more stays stopped.</li>
 * </ol>
 * A group is its members colocated each with the one before (INFINITY) and ordered.
 */
final class Assigner {
    /** One colocation between two primitives. */
    static final class Coloc {
        final ResourceView dependent;
        final ResourceView primary;
        final Score score;

        Coloc(ResourceView dependent, ResourceView primary, Score score) {
            this.dependent = dependent;
            this.primary = primary;
            this.score = score;
        }
    }

    /** A primitive (or group) colocated with a clone's instances, or with its promoted ones. */
    static final class CloneColoc {
        final ResourceView dependent;
        final CloneView clone;
        final Score score;
        final boolean withPromoted;

        CloneColoc(ResourceView dependent, CloneView clone, Score score, boolean withPromoted) {
            this.dependent = dependent;
            this.clone = clone;
            this.score = score;
            this.withPromoted = withPromoted;
        }
    }

    private final WorkingSet ws;
    private final ScoreLedger ledger = new ScoreLedger();
    private final Map<String, List<CloneColoc>> cloneColocsByDependent = new java.util.HashMap<>();
    private final List<Coloc> colocations = new ArrayList<>();
    private final Map<String, List<Coloc>> byDependent = new java.util.HashMap<>();
    private final Map<String, List<Coloc>> byPrimary = new java.util.HashMap<>();
    private final Map<String, List<LocationConstraint>> locationsByResource = new java.util.HashMap<>();

    Assigner(WorkingSet ws) {
        this.ws = ws;
        for (LocationConstraint l : ws.config.locations()) {
            locationsByResource.computeIfAbsent(l.resource(), k -> new ArrayList<>()).add(l);
        }
        for (Group g : ws.config.groups()) {
            List<String> m = g.members();
            for (int i = 1; i < m.size(); i++) {
                colocations.add(new Coloc(ws.resources.get(m.get(i)), ws.resources.get(m.get(i - 1)),
                        Score.POSITIVE_INFINITY));
            }
        }
        for (Colocation c : ws.config.colocations()) {
            CloneView clone = ws.clones.get(c.withResource());
            if (clone != null && startedRole(c.role())) {
                ResourceView d = ws.representative(c.resource());
                if (d != null) {
                    cloneColocsByDependent.computeIfAbsent(d.id, k -> new ArrayList<>()).add(new CloneColoc(d, clone,
                            c.score(), isPromotedRole(c.withRole())));
                }
                continue;
            }
            if (!startedRole(c.role()) || !startedRole(c.withRole())) {
                continue; // role-specific colocations belong to promotable resources
            }
            ResourceView d = ws.representative(c.resource());
            ResourceView p = ws.representative(c.withResource());
            if (d != null && p != null && d != p) {
                colocations.add(new Coloc(d, p, c.score()));
            }
        }
        for (Coloc c : colocations) {
            byDependent.computeIfAbsent(c.dependent.id, k -> new ArrayList<>()).add(c);
            byPrimary.computeIfAbsent(c.primary.id, k -> new ArrayList<>()).add(c);
        }
    }

    private static boolean startedRole(String role) {
        return role == null || role.equalsIgnoreCase("Started");
    }

    static boolean isPromotedRole(String role) {
        return role != null && (role.equalsIgnoreCase("Promoted") || role.equalsIgnoreCase("Master"));
    }

    List<Coloc> colocations() {
        return colocations;
    }

    ScoreLedger ledger() {
        return ledger;
    }

    void assignAll() {
        // Clones first: what is colocated with them (a VIP with the primary) follows where they go.
        ws.clones.values().forEach(this::assignClone);
        ws.resources.values().forEach(r -> r.scores = baseScores(r));
        List<ResourceView> order = new ArrayList<>(ws.resources.values());
        order.sort(Comparator.comparingInt((ResourceView r) -> -r.priority));
        for (ResourceView r : order) {
            assign(r);
        }
    }

    private void assign(ResourceView r) {
        if (r.assigned || r.assigning) {
            return;
        }
        r.assigning = true;
        List<Coloc> asDependent = new ArrayList<>(byDependent.getOrDefault(r.id, List.of()));
        asDependent.sort(Comparator.comparing((Coloc c) -> c.score).reversed());
        for (Coloc c : asDependent) {
            assign(c.primary);
        }
        Map<String, Score> scores = new TreeMap<>(r.scores);
        for (Coloc c : asDependent) {
            applyPrimary(c, scores);
        }
        for (CloneColoc c : cloneColocsByDependent.getOrDefault(r.id, List.of())) {
            applyClone(c, scores);
        }
        addDependentInfluence(r, scores, new HashSet<>(Set.of(r.id)), true);
        r.scores = scores;
        boolean frozen = frozen() && ws.fencing.requires(r.resource) != Fencing.Requires.NOTHING;
        if (fixedPlacement(r) || frozen) {
            r.chosen = r.current();
            ledger.decide(r.id, r.chosen == null ? "stays stopped" : "stays on " + r.chosen + " ("
                    + (!r.managed ? "unmanaged" : r.blocked() ? "blocked: a stop failed"
                    : r.pending() ? "an operation on it is still running on " + r.pendingOn : "no quorum, frozen") + ")");
            if (r.chosen == null && !fixedPlacement(r) && !r.targetStopped) {
                // Frozen: it would start there, but the start cannot run without quorum.
                r.startBlocked = true;
                r.blockedNode = best(r, scores);
                r.blockedReason = "due to quorum freeze";
            }
        } else {
            r.chosen = choose(r, scores);
        }
        if (r.chosen != null) {
            ws.nodes.get(r.chosen).assigned++;
        }
        r.assigning = false;
        r.assigned = true;
    }

    /** Without quorum under no-quorum-policy=freeze, what runs keeps running and nothing starts. */
    private boolean frozen() {
        return !ws.status.quorate() && ws.noQuorumPolicy.equals("freeze");
    }

    /** Unmanaged and blocked resources stay exactly where they are. */
    private static boolean fixedPlacement(ResourceView r) {
        return !r.managed || r.blocked() || r.pending();
    }

    private void applyPrimary(Coloc c, Map<String, Score> scores) {
        if (!c.primary.assigned) {
            return; // a colocation loop: the primary is still being assigned, ignore this link
        }
        String where = c.primary.chosen;
        if (where == null) {
            if (c.score.isPositiveInfinity()) {
                scores.replaceAll((n, s) -> Score.NEGATIVE_INFINITY); // cannot run without its primary
                scores.keySet().forEach(n -> ledger.add(c.dependent.id, n, "colocated with " + c.primary.id
                        + " (INFINITY), which cannot run", Score.NEGATIVE_INFINITY));
            }
            return;
        }
        String why = "colocated with " + c.primary.id + " (" + c.score + "), which goes to " + where;
        if (c.score.isPositiveInfinity()) {
            scores.replaceAll((n, s) -> {
                if (!n.equals(where)) {
                    ledger.add(c.dependent.id, n, why, Score.NEGATIVE_INFINITY);
                }
                return n.equals(where) ? s : Score.NEGATIVE_INFINITY;
            });
        } else if (c.score.isNegativeInfinity()) {
            ledger.add(c.dependent.id, where, why, Score.NEGATIVE_INFINITY);
            scores.computeIfPresent(where, (n, s) -> Score.NEGATIVE_INFINITY);
        } else {
            ledger.add(c.dependent.id, where, why, c.score);
            scores.computeIfPresent(where, (n, s) -> s.plus(c.score));
        }
    }

    /**
     * A clone: its instances go to the best {@code clone-max} nodes by the primitive's scores
     * (one per node); of those, a promotable clone promotes the best {@code promoted-max} by
     * promotion score: the score the agent set on that node, plus Promoted-role location
     * constraints, plus stickiness where it is promoted now. A node with no promotion score is
     * never promoted.
     */
    private void assignClone(CloneView c) {
        ResourceView p = c.primitive;
        p.scores = baseScores(p);
        if (fixedPlacement(p) || frozen()) {
            c.chosen.addAll(p.activeOn);
            c.promoted.addAll(c.promotedNow());
            ledger.decide(c.id, "instances stay where they are " + p.activeOn);
            return;
        }
        if (p.targetStopped || !ws.canRunAnywhere()) {
            ledger.decide(c.id, p.targetStopped ? "stopped: target-role is Stopped"
                    : "stopped: the partition has no quorum (no-quorum-policy=" + ws.noQuorumPolicy + ")");
            return;
        }
        List<String> candidates = new ArrayList<>();
        p.scores.forEach((n, s) -> {
            if (s.value() >= 0) {
                candidates.add(n);
            }
        });
        candidates.sort(Comparator.comparing((String n) -> p.scores.get(n)).reversed()
                .thenComparing(n -> !p.activeOn.contains(n)).thenComparing(n -> n));
        c.chosen.addAll(candidates.subList(0, Math.min(candidates.size(), c.clone.maxInstances())));
        c.chosen.forEach(n -> ws.nodes.get(n).assigned++);
        ledger.decide(c.id, c.chosen.isEmpty() ? "stopped: no node has a score of 0 or more"
                : "instances on " + c.chosen);
        if (c.promotable()) {
            assignPromotion(c);
        }
    }

    private void assignPromotion(CloneView c) {
        ResourceView p = c.primitive;
        List<String> promotedNow = c.promotedNow();
        for (String n : c.chosen) {
            Score s = agentPromotionScore(c, n);
            if (s == null) {
                continue;
            }
            for (LocationConstraint l : locationsByResource.getOrDefault(c.clone.id(), List.of())) {
                Score add = isPromotedRole(l.role()) ? locationScore(l, ws.nodes.get(n), true) : null;
                if (add != null) {
                    s = s.plus(add);
                }
            }
            if (promotedNow.contains(n)) {
                s = s.plus(p.stickiness);
            }
            c.promotionScores.put(n, s);
        }
        List<String> ranked = new ArrayList<>();
        c.promotionScores.forEach((n, s) -> {
            if (s.value() >= 0) {
                ranked.add(n);
            }
        });
        ranked.sort(Comparator.comparing((String n) -> c.promotionScores.get(n)).reversed()
                .thenComparing(n -> !promotedNow.contains(n)).thenComparing(n -> n));
        c.promoted.addAll(ranked.subList(0, Math.min(ranked.size(), c.clone.maxPromoted())));
        ledger.decide(c.id, "promotion scores " + c.promotionScores + "; promoted on " + c.promoted);
    }

    /** What the agent said (its last promotion score there) or, from a CIB, the master-RSC node attribute. */
    private Score agentPromotionScore(CloneView c, String node) {
        Integer fromAgent = c.primitive.state(node).promotionScore();
        if (fromAgent != null) {
            return Score.of(fromAgent);
        }
        String attr = ws.nodes.get(node).attributes.get("master-" + c.id);
        if (attr == null) {
            return null;
        }
        return WorkingSet.parseScore(attr);
    }

    private void applyClone(CloneColoc c, Map<String, Score> scores) {
        java.util.Set<String> where = c.withPromoted ? c.clone.promoted : c.clone.chosen;
        String why = "colocated with " + c.clone.clone.id() + (c.withPromoted ? ":Promoted" : "") + " (" + c.score
                + "), on " + where;
        scores.replaceAll((n, s) -> {
            boolean there = where.contains(n);
            Score add = c.score.isPositiveInfinity() ? (there ? Score.ZERO : Score.NEGATIVE_INFINITY)
                    : there ? c.score : Score.ZERO;
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
            if (c.dependent.assigned || !visited.add(c.dependent.id)
                    || c.score.value() <= 0) {
                continue;
            }
            Map<String, Score> wanted = new TreeMap<>(c.dependent.scores);
            addDependentInfluence(c.dependent, wanted, visited, false);
            Map<String, Score> merged = new TreeMap<>(scores);
            double factor = c.score.value() / (double) Score.INFINITY;
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

    private static Score scaled(Score s, double factor) {
        if (s.isNegativeInfinity() || s.isPositiveInfinity()) {
            return factor >= 1.0 ? s : Score.of((long) (s.value() * factor));
        }
        return Score.of((long) (s.value() * factor));
    }

    private String choose(ResourceView r, Map<String, Score> scores) {
        if (r.targetStopped) {
            ledger.decide(r.id, "stopped: target-role is Stopped");
            return null;
        }
        if (!ws.canRun(r)) {
            ledger.decide(r.id, "stopped: the partition has no quorum (no-quorum-policy=" + ws.noQuorumPolicy + ")");
            if (r.activeOn.isEmpty()) {
                r.startBlocked = true;
                r.blockedNode = best(r, scores);
                r.blockedReason = "due to no quorum";
            }
            return null;
        }
        String best = best(r, scores);
        ledger.decide(r.id, best == null ? "stopped: no node has a score of 0 or more"
                : "placed on " + best + " (score " + scores.get(best) + ")" + tieNote(best, scores, r));
        return best;
    }

    private String tieNote(String best, Map<String, Score> scores, ResourceView r) {
        long tied = scores.values().stream().filter(s -> s.equals(scores.get(best))).count();
        if (tied < 2) {
            return "";
        }
        return "; of " + tied + " nodes with that score: fewest resources assigned so far ("
                + (ws.nodes.get(best).assigned) + "), then where it runs now, then the first by name";
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
        return best;
    }

    private boolean better(String a, String b, Map<String, Score> scores, String current) {
        int c = scores.get(a).compareTo(scores.get(b));
        if (c != 0) {
            return c > 0;
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
        for (NodeView n : ws.nodes.values()) {
            Score s = ws.symmetric ? Score.ZERO : null;
            for (LocationConstraint l : locationsFor(r)) {
                if (!startedRole(l.role())) {
                    continue;
                }
                Score add = locationScore(l, n);
                if (add != null) {
                    ledger.add(r.id, n.name, "location " + l.id(), add);
                    s = s == null ? add : s.plus(add);
                }
            }
            if (s == null) {
                ledger.add(r.id, n.name, "opt-in cluster (symmetric-cluster=false), no location allows this node",
                        Score.NEGATIVE_INFINITY);
                s = Score.NEGATIVE_INFINITY;
            }
            if (r.activeOn.contains(n.name) && r.managed) {
                ledger.add(r.id, n.name, "resource-stickiness, running here", r.stickiness);
                s = s.plus(r.stickiness);
            }
            int failCount = r.state(n.name).failCount();
            boolean ignored = "ignore".equals(ws.onFailOf(r.id, r.state(n.name)));
            boolean banned = r.migrationThreshold > 0 && failCount >= r.migrationThreshold && !ignored;
            String ban = !n.online ? "node is offline" : n.shuttingDown ? "node is shutting down"
                    : !n.eligible ? "node is in standby"
                    : banned ? "fail count " + failCount + " reached migration-threshold " + r.migrationThreshold
                    : r.state(n.name).role() == ResourceRole.AGENT_MISSING ? "agent not installed there" : null;
            if (ban != null) {
                ledger.add(r.id, n.name, ban, Score.NEGATIVE_INFINITY);
                s = Score.NEGATIVE_INFINITY;
            }
            scores.put(n.name, s);
        }
        return scores;
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
    private static Score locationScore(LocationConstraint l, NodeView n) {
        return locationScore(l, n, false);
    }

    /** The same, for the rules of the Promoted role ({@code promoted}) or of the Started role. */
    private static Score locationScore(LocationConstraint l, NodeView n, boolean promoted) {
        if (l.node() != null) {
            return l.node().equals(n.name) ? l.score() : null;
        }
        Score total = null;
        for (Rule rule : l.rules()) {
            boolean roleMatches = promoted ? isPromotedRole(rule.role()) || isPromotedRole(l.role())
                    : startedRole(rule.role());
            if (roleMatches && rule.matches(n.attributes)) {
                Score s = rule.scoreFor(n.attributes);
                total = total == null ? s : total.plus(s);
            }
        }
        return total;
    }
}
