package dev.vigil.heartbeat;

import java.util.Comparator;
import java.util.Map;

/**
 * The designated coordinator of a view: the member that has been running longest (lowest
 * incarnation, which is its start time), ties broken by name. A node that restarts comes
 * back with a higher incarnation, so it never takes the role back from a running DC.
 */
public final class Coordinator {
    private Coordinator() {
    }

    /** @param incarnations every member of the view with its incarnation; null when empty */
    public static String choose(Map<String, Long> incarnations) {
        return incarnations.entrySet().stream()
                .min(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).orElse(null);
    }
}
