package dev.vigil.policy;

import java.util.Locale;
import java.util.Map;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.Score;

/**
 * Pacemaker's node health: the node attributes named {@code #health-*} (red, yellow, green or a
 * score) add up to a node's health score, which {@code node-health-strategy} turns into a
 * location score for every resource on that node. {@code migrate-on-red}: red bans the node;
 * {@code only-green}: red and yellow ban it; {@code progressive} and {@code custom}: the colours
 * count {@code node-health-red}, {@code -yellow} and {@code -green}, and progressive starts from
 * {@code node-health-base}. A negative health does not keep out a resource whose
 * {@code allow-unhealthy-nodes} is true.
 */
final class NodeHealth {
    private final boolean enabled;
    private final Score base;
    private final Score red;
    private final Score yellow;
    private final Score green;

    NodeHealth(ClusterConfig config) {
        String strategy = config.property("node-health-strategy", "none").toLowerCase(Locale.ROOT);
        enabled = !strategy.equals("none");
        switch (strategy) {
            case "migrate-on-red":
                red = Score.NEGATIVE_INFINITY;
                yellow = Score.ZERO;
                green = Score.ZERO;
                break;
            case "only-green":
                red = Score.NEGATIVE_INFINITY;
                yellow = Score.NEGATIVE_INFINITY;
                green = Score.ZERO;
                break;
            default: // progressive, custom
                red = option(config, "node-health-red");
                yellow = option(config, "node-health-yellow");
                green = option(config, "node-health-green");
        }
        base = strategy.equals("progressive") ? option(config, "node-health-base") : Score.ZERO;
    }

    private static Score option(ClusterConfig config, String name) {
        return WorkingSet.parseScore(config.property(name, "0"));
    }

    /** The node's health score: zero (no effect) unless a strategy is set and a health attribute says otherwise. */
    Score of(Map<String, String> nodeAttributes) {
        if (!enabled) {
            return Score.ZERO;
        }
        Score sum = base;
        for (Map.Entry<String, String> e : nodeAttributes.entrySet()) {
            if (e.getKey().startsWith("#health")) {
                sum = sum.plus(colour(e.getValue()));
            }
        }
        return sum;
    }

    private Score colour(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "red":
                return red;
            case "yellow":
                return yellow;
            case "green":
                return green;
            default:
                return WorkingSet.parseScore(value);
        }
    }
}
