package dev.vigil.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.model.Score;

/**
 * The order in which resources are assigned when utilization counts (any
 * {@code placement-strategy} but default), as Pacemaker sorts them: higher priority first;
 * then the higher score on the node where it runs now (a stopped resource has none); then the
 * higher score on the first node where two differ, nodes taken best first (online before
 * offline, under {@code balanced} the freest first, then by name). Equal resources keep their
 * configuration order.
 *
 * <p>A resource counts with its scores plus those of what it is colocated with
 * ({@link Assigner#withPrimaries}), a group from its last member (so a member that may not run
 * on a node keeps the whole group's score there down); a clone counts with zero on every node
 * where it may run, plus the locations on it.
 */
final class CapacityOrder implements Comparator<Variant> {
    private final Assigner assigner;
    private final List<String> nodes;
    private final Map<String, Map<String, Score>> scores = new HashMap<>();

    CapacityOrder(Assigner assigner) {
        this.assigner = assigner;
        this.nodes = new ArrayList<>(assigner.ws.nodes.keySet());
        Utilization u = assigner.utilization;
        nodes.sort(Comparator.comparing((String n) -> !assigner.ws.nodes.get(n).eligible)
                .thenComparing((a, b) -> u.strategy == Utilization.Strategy.BALANCED ? u.compareFree(a, b) : 0)
                .thenComparing(Comparator.naturalOrder()));
    }

    @Override
    public int compare(Variant a, Variant b) {
        int c = Integer.compare(b.priority(), a.priority());
        if (c != 0) {
            return c;
        }
        Map<String, Score> sa = scores(a), sb = scores(b);
        c = onCurrent(b, sb).compareTo(onCurrent(a, sa));
        if (c != 0) {
            return c;
        }
        for (String n : nodes) {
            c = sb.getOrDefault(n, Score.NEGATIVE_INFINITY).compareTo(sa.getOrDefault(n, Score.NEGATIVE_INFINITY));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private Score onCurrent(Variant v, Map<String, Score> scores) {
        String current = current(v);
        return current == null ? Score.NEGATIVE_INFINITY : scores.getOrDefault(current, Score.NEGATIVE_INFINITY);
    }

    private String current(Variant v) {
        ResourceView r = assigner.ws.representative(v.id());
        if (r != null) {
            return r.current();
        }
        CloneView c = assigner.ws.clones.get(v.id());
        return c == null ? null : c.views().stream().map(ResourceView::current).filter(n -> n != null)
                .findFirst().orElse(null);
    }

    /** Computed once per resource: the sort runs before anything is assigned. */
    private Map<String, Score> scores(Variant v) {
        return scores.computeIfAbsent(v.id(), id -> sortScores(v));
    }

    private Map<String, Score> sortScores(Variant v) {
        Map<String, Score> out = new TreeMap<>();
        ResourceView r = assigner.ws.representative(v.id());
        if (r == null) {
            CloneView c = assigner.ws.clones.get(v.id());
            if (c != null && !c.children.isEmpty()) {
                return assigner.clones.scoresBeforePlacement(c);
            }
            assigner.ws.nodes.values().forEach(n -> out.put(n.name, n.eligible && assigner.ws.symmetric
                    ? Score.ZERO : Score.NEGATIVE_INFINITY));
            return out;
        }
        List<String> members = assigner.ws.config.group(v.id()).map(g -> g.members()).orElse(List.of());
        ResourceView last = members.isEmpty() ? r : assigner.ws.resources.get(members.get(members.size() - 1));
        return assigner.withPrimaries(last == null ? r : last);
    }
}
