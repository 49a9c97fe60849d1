package dev.vigil.policy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import dev.vigil.model.ClusterConfig;

/**
 * Node capacities and resource needs under {@code placement-strategy}, as Pacemaker's
 * scheduler uses them: every node starts with its configured capacity and loses what each
 * resource assigned to it needs. {@code default} ignores utilization; {@code utilization}
 * makes a node without enough free capacity ineligible; {@code balanced} also prefers, among
 * nodes with equal scores, the node with more free capacity; {@code minimal} fills nodes in
 * name order instead of spreading resources.
 *
 * <p>A node lacking an attribute a resource needs has none of it; amounts compare per
 * attribute (a need of {@code cpu=2} fits only where at least 2 cpu are left).
 */
final class Utilization {
    enum Strategy {
        DEFAULT, UTILIZATION, BALANCED, MINIMAL;

        /** Pacemaker treats an unknown strategy as default (after a configuration error). */
        static Strategy of(String s) {
            for (Strategy v : values()) {
                if (v.name().equalsIgnoreCase(s)) {
                    return v;
                }
            }
            return DEFAULT;
        }
    }

    final Strategy strategy;
    private final ClusterConfig config;
    /** Free capacity left on each node, by utilization attribute. */
    private final Map<String, Map<String, Integer>> free = new LinkedHashMap<>();

    Utilization(ClusterConfig config, Collection<String> nodes) {
        this.config = config;
        this.strategy = Strategy.of(config.placementStrategy().toUpperCase(Locale.ROOT));
        for (String n : nodes) {
            free.put(n, new LinkedHashMap<>(config.nodeUtilization(n)));
        }
    }

    /** Does utilization count at all (any strategy but default)? */
    boolean active() {
        return strategy != Strategy.DEFAULT;
    }

    /** What a primitive (or an instance's member) needs. */
    Map<String, Integer> need(ResourceView r) {
        return config.resourceUtilization(r.configId());
    }

    /** The sum of what several primitives need (a group, or a resource and what must run with it). */
    Map<String, Integer> sum(Collection<ResourceView> rs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        rs.forEach(r -> need(r).forEach((k, v) -> out.merge(k, v, Integer::sum)));
        return out;
    }

    /** Has the node at least the amount needed of every attribute? */
    boolean fits(String node, Map<String, Integer> need) {
        Map<String, Integer> left = free.getOrDefault(node, Map.of());
        return need.entrySet().stream().allMatch(e -> e.getValue() <= left.getOrDefault(e.getKey(), 0));
    }

    /**
     * Negative when node {@code a} has more free capacity than {@code b}, positive when less:
     * one step per attribute where one has more than the other (Pacemaker's comparison).
     */
    int compareFree(String a, String b) {
        Map<String, Integer> fa = free.getOrDefault(a, Map.of()), fb = free.getOrDefault(b, Map.of());
        TreeSet<String> keys = new TreeSet<>(fa.keySet());
        keys.addAll(fb.keySet());
        int result = 0;
        for (String k : keys) {
            int x = fa.getOrDefault(k, 0), y = fb.getOrDefault(k, 0);
            result += Integer.compare(y, x);
        }
        return result;
    }

    /** The resource now runs (will run) on the node: its needs come off the node's free capacity. */
    void consume(String node, ResourceView r) {
        Map<String, Integer> left = free.get(node);
        if (left == null) {
            return;
        }
        // Pacemaker subtracts only from attributes the node has.
        need(r).forEach((k, v) -> left.computeIfPresent(k, (key, have) -> have - v));
    }

    /** What is free on a node, for explanations. */
    Map<String, Integer> freeOn(String node) {
        return free.getOrDefault(node, Map.of());
    }
}
