package dev.vigil.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.vigil.model.Score;

/**
 * Every contribution to every resource's score on every node, in the order the assigner made
 * them, and the reason for each choice: what {@code --explain} prints.
 */
final class ScoreLedger {
    private final Map<String, Map<String, List<String>>> contributions = new LinkedHashMap<>();
    private final Map<String, String> decisions = new LinkedHashMap<>();

    /** Drops what was recorded of the resource's scores, before they are computed again. */
    void forget(String rsc) {
        contributions.remove(rsc);
    }

    /** Whether contributions are being recorded (off while a score is computed a second way). */
    private boolean recording = true;

    /** Runs the computation without recording its contributions. */
    <T> T quietly(Supplier<T> computation) {
        boolean was = recording;
        recording = false;
        try {
            return computation.get();
        } finally {
            recording = was;
        }
    }

    void add(String rsc, String node, String why, Score delta) {
        if (!recording || (delta.value() == 0 && !delta.isNegativeInfinity())) {
            return;
        }
        String sign = delta.value() > 0 ? "+" : "";
        entries(rsc, node).add(why + ": " + sign + delta);
    }

    void set(String rsc, String node, String why, Score value) {
        if (!recording) {
            return;
        }
        entries(rsc, node).add(why + ": = " + value);
    }

    void decide(String rsc, String text) {
        decisions.put(rsc, text);
    }

    private List<String> entries(String rsc, String node) {
        return contributions.computeIfAbsent(rsc, r -> new TreeMap<>()).computeIfAbsent(node, n -> new ArrayList<>());
    }

    /** Plain-words explanation: per node, the final score and its contributions; then the choice. */
    List<String> explain(String rsc, Map<String, Score> finalScores) {
        List<String> out = new ArrayList<>();
        out.add(rsc + ": " + decisions.getOrDefault(rsc, "not considered"));
        Map<String, List<String>> per = contributions.getOrDefault(rsc, Map.of());
        for (Map.Entry<String, Score> e : finalScores.entrySet()) {
            out.add("  on " + e.getKey() + ": " + e.getValue());
            for (String c : per.getOrDefault(e.getKey(), List.of())) {
                out.add("    " + c);
            }
        }
        return out;
    }
}
