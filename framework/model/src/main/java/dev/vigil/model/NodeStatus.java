package dev.vigil.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A node as the policy engine sees it: is it a member, and what runs on it. */
public final class NodeStatus {
    /** Pacemaker's reason for a node that left the membership without a clean shutdown. */
    public static final String LOST = "peer is no longer part of the cluster";

    private final String name;
    private final boolean online;
    private final Map<String, ResourceState> resources;
    private final Map<String, String> attributes;
    private final boolean shuttingDown;
    private final Map<String, String> pending;
    private final boolean unclean;
    private final String uncleanReason;

    private NodeStatus(String name, boolean online, Map<String, ResourceState> resources,
            Map<String, String> attributes, boolean shuttingDown, Map<String, String> pending, boolean unclean) {
        this(name, online, sortedById(resources), attributes, shuttingDown, pending, unclean,
                unclean ? LOST : null);
    }

    /** @param resources kept as it is: in the order of their ids, and never changed after */
    private NodeStatus(String name, boolean online, Map<String, ResourceState> resources, Map<String, String> attributes,
            boolean shuttingDown, Map<String, String> pending, boolean unclean, String uncleanReason) {
        this.unclean = unclean;
        this.uncleanReason = uncleanReason;
        this.pending = Collections.unmodifiableMap(new TreeMap<>(pending));
        this.name = Objects.requireNonNull(name);
        this.online = online;
        this.resources = resources;
        this.attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
        this.shuttingDown = shuttingDown;
    }

    /**
     * A copy of the resources in the order of their ids, as a hash map: a node may record
     * thousands, which the policy engine looks up one by one and goes through more than once
     * (faster so than in a tree).
     */
    private static Map<String, ResourceState> sortedById(Map<String, ResourceState> resources) {
        return resources.isEmpty() ? Map.of() : Collections.unmodifiableMap(inIdOrder(resources));
    }

    /** A copy of the resources in the order of their ids, to change no more once given to {@link #read}. */
    static LinkedHashMap<String, ResourceState> inIdOrder(Map<String, ResourceState> resources) {
        String[] ids = resources.keySet().toArray(new String[0]);
        Arrays.sort(ids);
        LinkedHashMap<String, ResourceState> out = new LinkedHashMap<>(ids.length * 4 / 3 + 1);
        for (String id : ids) {
            out.put(id, resources.get(id));
        }
        return out;
    }

    /**
     * A node read from the status: as {@link #of(String, boolean, Map, Map, boolean)} or, with
     * {@code uncleanReason}, {@link #unclean(String, boolean, Map, Map, String)}. It keeps
     * {@code resources} if they are {@code inIdOrder} (see {@link #inIdOrder}; then the caller
     * must not change them afterwards), else it sorts a copy.
     */
    static NodeStatus read(String name, boolean online, Map<String, ResourceState> resources, boolean inIdOrder,
            Map<String, String> attributes, boolean shuttingDown, String uncleanReason) {
        Map<String, ResourceState> kept = resources.isEmpty() ? Map.of()
                : inIdOrder ? Collections.unmodifiableMap(resources) : sortedById(resources);
        return new NodeStatus(name, online, kept, attributes, uncleanReason == null && shuttingDown,
                Map.of(), uncleanReason != null, uncleanReason);
    }

    public static NodeStatus of(String name, boolean online, Map<String, ResourceState> resources) {
        return new NodeStatus(name, online, resources, Map.of(), false, Map.of(), false);
    }

    /** @param pending operations running on the node now, by resource (e.g. web -> start) */
    public static NodeStatus of(String name, boolean online, Map<String, ResourceState> resources,
            Map<String, String> pending) {
        return new NodeStatus(name, online, resources, Map.of(), false, pending, false);
    }

    /**
     * @param attributes the node's transient attributes (standby, fail counts, custom ones for rules)
     * @param shuttingDown the node is leaving the cluster: everything must stop there
     */
    public static NodeStatus of(String name, boolean online, Map<String, ResourceState> resources,
            Map<String, String> attributes, boolean shuttingDown) {
        return new NodeStatus(name, online, resources, attributes, shuttingDown, Map.of(), false);
    }

    /**
     * A node lost without a clean shutdown and not fenced since (Pacemaker's "UNCLEAN (offline)"):
     * {@code resources} are the states it last reported, and they may still be running there.
     */
    public static NodeStatus unclean(String name, Map<String, ResourceState> resources, Map<String, String> attributes) {
        return new NodeStatus(name, false, resources, attributes, false, Map.of(), true);
    }

    /**
     * Unclean for {@code reason} (Pacemaker's words: {@code peer is no longer part of the cluster},
     * {@code node is unclean} for a node never seen at start-up, ...). {@code online}: still a
     * member of the membership layer (Pacemaker's "UNCLEAN (online)"), e.g. its controller died.
     */
    public static NodeStatus unclean(String name, boolean online, Map<String, ResourceState> resources,
            Map<String, String> attributes, String reason) {
        return new NodeStatus(name, online, sortedById(resources), attributes, false, Map.of(), true,
                Objects.requireNonNull(reason));
    }

    /** Lost without a clean shutdown and not fenced since: what it ran may still run. */
    public boolean unclean() {
        return unclean;
    }

    /** Why the node is unclean, or null when it is not. */
    public String uncleanReason() {
        return uncleanReason;
    }

    /** The same node with these transient attributes (e.g. {@code #node-unfenced}) instead of its own. */
    public NodeStatus withAttributes(Map<String, String> newAttributes) {
        return new NodeStatus(name, online, resources, newAttributes, shuttingDown, pending, unclean, uncleanReason);
    }

    /** Transient node attributes reported in the status, as opposed to configured ones. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** Operations running on the node now, by resource: their outcome is not known yet. */
    public Map<String, String> pending() {
        return pending;
    }

    public boolean shuttingDown() {
        return shuttingDown;
    }

    public String name() {
        return name;
    }

    /** A member of the current quorate view. */
    public boolean online() {
        return online;
    }

    public Map<String, ResourceState> resources() {
        return resources;
    }

    /** The resource's state here; {@link ResourceRole#UNKNOWN} when the node never reported it. */
    public ResourceState resource(String id) {
        ResourceState s = resources.get(id);
        return s != null ? s : ResourceState.of(ResourceRole.UNKNOWN);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NodeStatus)) {
            return false;
        }
        NodeStatus n = (NodeStatus) o;
        return name.equals(n.name) && online == n.online && resources.equals(n.resources)
                && attributes.equals(n.attributes) && shuttingDown == n.shuttingDown && pending.equals(n.pending)
                && unclean == n.unclean && Objects.equals(uncleanReason, n.uncleanReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, online, resources, attributes);
    }
}
