package dev.vigil.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code clone ID CHILD [meta ...]}: the child (a primitive or a group) runs as several
 * instances at once, {@code ID-child:0}, {@code :1}... With {@code promotable=true} the
 * instances have two roles: up to {@code promoted-max} of them are promoted (a database
 * primary), the others unpromoted (its replicas). Pacemaker's legacy names ({@code master},
 * {@code master-max}, {@code master-node-max}) are read as the current ones.
 */
public final class Clone {
    public static final String PROMOTABLE = "promotable";
    public static final String CLONE_MAX = "clone-max";
    public static final String CLONE_NODE_MAX = "clone-node-max";
    public static final String PROMOTED_MAX = "promoted-max";
    public static final String PROMOTED_NODE_MAX = "promoted-node-max";
    public static final String CLONE_MIN = "clone-min";
    public static final String GLOBALLY_UNIQUE = "globally-unique";
    public static final String INTERLEAVE = "interleave";
    public static final String ORDERED = "ordered";
    public static final String NOTIFY = "notify";
    private static final Map<String, String> LEGACY = Map.of("master-max", PROMOTED_MAX,
            "master-node-max", PROMOTED_NODE_MAX);

    private final String id;
    private final String child;
    private final Map<String, String> meta;

    private Clone(String id, String child, Map<String, String> meta) {
        this.id = Objects.requireNonNull(id);
        this.child = Objects.requireNonNull(child);
        Map<String, String> m = new LinkedHashMap<>(meta);
        LEGACY.forEach((old, current) -> {
            if (m.containsKey(old)) {
                m.putIfAbsent(current, m.get(old));
            }
        });
        this.meta = Collections.unmodifiableMap(m);
        for (String key : new String[] {CLONE_MAX, CLONE_NODE_MAX, PROMOTED_MAX, PROMOTED_NODE_MAX, CLONE_MIN}) {
            intMeta(key, 1); // refuses a value that is not a count now, not when it is used
        }
    }

    public static Clone of(String id, String child, Map<String, String> meta) {
        return new Clone(id, child, meta);
    }

    public String id() {
        return id;
    }

    /** The primitive or group it clones. */
    public String child() {
        return child;
    }

    public Map<String, String> meta() {
        return meta;
    }

    public boolean promotable() {
        return ClusterConfig.isTrue(meta.getOrDefault(PROMOTABLE, "false"));
    }

    /** Instances are distinct resources (each its own state), not interchangeable copies. */
    public boolean globallyUnique() {
        return ClusterConfig.isTrue(meta.getOrDefault(GLOBALLY_UNIQUE, "false"));
    }

    /** Orders with another clone hold instance by instance on each node, not clone-wide. */
    public boolean interleave() {
        return ClusterConfig.isTrue(meta.getOrDefault(INTERLEAVE, "false"));
    }

    /** Instances start one after another (and stop in reverse) instead of in parallel. */
    public boolean ordered() {
        return ClusterConfig.isTrue(meta.getOrDefault(ORDERED, "false"));
    }

    /** Instances are told before and after their peers start, stop, promote or demote. */
    public boolean notifies() {
        return ClusterConfig.isTrue(meta.getOrDefault(NOTIFY, "false"));
    }

    /** How many instances may run: clone-max, unlimited when not set (see {@link #maxInstances(int)}). */
    public int maxInstances() {
        return intMeta(CLONE_MAX, Integer.MAX_VALUE);
    }

    /** How many instances may run in a cluster of {@code nodes} nodes (default: one per node). */
    public int maxInstances(int nodes) {
        return intMeta(CLONE_MAX, nodes);
    }

    /** How many instances must run before what is ordered after the clone may start (default 1). */
    public int minInstances() {
        return Math.max(1, intMeta(CLONE_MIN, 1));
    }

    /** How many instances may run on one node (default 1). */
    public int maxPerNode() {
        return intMeta(CLONE_NODE_MAX, 1);
    }

    /** How many instances may be promoted (default 1). */
    public int maxPromoted() {
        return intMeta(PROMOTED_MAX, 1);
    }

    /** How many promoted instances one node may hold (default 1). */
    public int maxPromotedPerNode() {
        return intMeta(PROMOTED_NODE_MAX, 1);
    }

    private int intMeta(String key, int fallback) {
        String v = meta.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("clone '" + id + "': " + key + "=" + v + " is not a count");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Clone)) {
            return false;
        }
        Clone c = (Clone) o;
        return id.equals(c.id) && child.equals(c.child) && meta.equals(c.meta);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, child, meta);
    }
}
