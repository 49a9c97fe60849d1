package dev.vigil.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code clone ID PRIMITIVE [meta ...]}: the primitive runs on several nodes at once, one
 * instance per node (anonymous). With {@code promotable=true} the instances have two roles:
 * up to {@code promoted-max} of them are promoted (a database primary), the others unpromoted
 * (its replicas).
 */
public final class Clone {
    public static final String PROMOTABLE = "promotable";
    public static final String CLONE_MAX = "clone-max";
    public static final String CLONE_NODE_MAX = "clone-node-max";
    public static final String PROMOTED_MAX = "promoted-max";
    public static final String PROMOTED_NODE_MAX = "promoted-node-max";

    private final String id;
    private final String child;
    private final Map<String, String> meta;

    private Clone(String id, String child, Map<String, String> meta) {
        this.id = Objects.requireNonNull(id);
        this.child = Objects.requireNonNull(child);
        this.meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        for (String perNode : new String[] {CLONE_NODE_MAX, PROMOTED_NODE_MAX}) {
            String v = meta.get(perNode);
            if (v != null && !v.equals("1")) {
                throw new IllegalArgumentException("clone '" + id + "': " + perNode + "=" + v
                        + " is not supported (one instance per node)");
            }
        }
        intMeta(CLONE_MAX, Integer.MAX_VALUE);
        intMeta(PROMOTED_MAX, 1);
    }

    public static Clone of(String id, String child, Map<String, String> meta) {
        return new Clone(id, child, meta);
    }

    public String id() {
        return id;
    }

    /** The primitive it clones. */
    public String child() {
        return child;
    }

    public Map<String, String> meta() {
        return meta;
    }

    public boolean promotable() {
        return ClusterConfig.isTrue(meta.getOrDefault(PROMOTABLE, "false"));
    }

    /** How many instances may run (default: one per node). */
    public int maxInstances() {
        return intMeta(CLONE_MAX, Integer.MAX_VALUE);
    }

    /** How many instances may be promoted (default 1). */
    public int maxPromoted() {
        return intMeta(PROMOTED_MAX, 1);
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
