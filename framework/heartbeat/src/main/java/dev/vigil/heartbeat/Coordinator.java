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
        return choose(incarnations, java.util.Set.of());
    }

    /**
     * As {@link #choose(Map)}, passing over members that are shutting down ({@code leaving})
     * while any other member can take the role: a leaving DC hands its role over.
     */
    public static String choose(Map<String, Long> incarnations, java.util.Set<String> leaving) {
        return incarnations.entrySet().stream()
                .min(Comparator.<Map.Entry<String, Long>, Boolean>comparing(e -> leaving.contains(e.getKey()))
                        .thenComparingLong(Map.Entry::getValue).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).orElse(null);
    }
}
