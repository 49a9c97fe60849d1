package dev.vigil.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A node as the policy engine sees it: is it a member, and what runs on it. */
public final class NodeStatus {
    private final String name;
    private final boolean online;
    private final Map<String, ResourceState> resources;

    private NodeStatus(String name, boolean online, Map<String, ResourceState> resources) {
        this.name = Objects.requireNonNull(name);
        this.online = online;
        this.resources = Collections.unmodifiableMap(new TreeMap<>(resources));
    }

    public static NodeStatus of(String name, boolean online, Map<String, ResourceState> resources) {
        return new NodeStatus(name, online, resources);
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
        return resources.getOrDefault(id, ResourceState.of(ResourceRole.UNKNOWN));
    }
}
