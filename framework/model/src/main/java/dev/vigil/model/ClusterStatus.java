package dev.vigil.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What the cluster looks like now: the nodes, whether the view holds quorum, who coordinates. */
public final class ClusterStatus {
    private final Map<String, NodeStatus> nodes;
    private final boolean quorate;
    private final String dc;

    private ClusterStatus(Map<String, NodeStatus> nodes, boolean quorate, String dc) {
        this.nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
        this.quorate = quorate;
        this.dc = dc;
    }

    public static ClusterStatus of(Map<String, NodeStatus> nodes, boolean quorate, String dc) {
        return new ClusterStatus(nodes, quorate, dc);
    }

    /** All known nodes, sorted by name. */
    public Map<String, NodeStatus> nodes() {
        return nodes;
    }

    public boolean quorate() {
        return quorate;
    }

    /** The designated coordinator, or null. */
    public String dc() {
        return dc;
    }
}
