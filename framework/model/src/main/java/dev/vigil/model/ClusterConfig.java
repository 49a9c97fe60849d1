package dev.vigil.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The cluster configuration: one versioned, immutable document. Every change makes a new
 * instance with a higher {@link #version()}; the highest version wins when nodes compare.
 */
public final class ClusterConfig {
    public static final String NODE_STANDBY = "standby";

    private final long version;
    private final Map<String, String> properties;
    private final Map<String, String> resourceDefaults;
    private final Map<String, Map<String, String>> nodeAttributes;
    private final Map<String, Resource> resources;
    private final List<LocationConstraint> locations;

    private ClusterConfig(long version, Map<String, String> properties, Map<String, String> resourceDefaults,
            Map<String, Map<String, String>> nodeAttributes, Map<String, Resource> resources,
            List<LocationConstraint> locations) {
        this.version = version;
        this.properties = unmodifiableCopy(properties);
        this.resourceDefaults = unmodifiableCopy(resourceDefaults);
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        nodeAttributes.forEach((n, a) -> nodes.put(n, unmodifiableCopy(a)));
        this.nodeAttributes = Collections.unmodifiableMap(nodes);
        this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
        this.locations = List.copyOf(locations);
    }

    private static <K, V> Map<K, V> unmodifiableCopy(Map<K, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    public static ClusterConfig empty() {
        return new ClusterConfig(0, Map.of(), Map.of(), Map.of(), Map.of(), List.of());
    }

    public long version() {
        return version;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public String property(String name, String fallback) {
        return properties.getOrDefault(name, fallback);
    }

    public Map<String, String> resourceDefaults() {
        return resourceDefaults;
    }

    /** Nodes named in the configuration, with their attributes. */
    public Map<String, Map<String, String>> nodeAttributes() {
        return nodeAttributes;
    }

    public boolean isStandby(String node) {
        String v = nodeAttributes.getOrDefault(node, Map.of()).get(NODE_STANDBY);
        return v != null && (v.equalsIgnoreCase("on") || v.equalsIgnoreCase("true") || v.equals("1"));
    }

    public Collection<Resource> resources() {
        return resources.values();
    }

    public Optional<Resource> resource(String id) {
        return Optional.ofNullable(resources.get(id));
    }

    public List<LocationConstraint> locations() {
        return locations;
    }

    /** A resource's meta attribute, falling back to {@code rsc_defaults}, then to {@code fallback}. */
    public String meta(Resource r, String key, String fallback) {
        String v = r.meta().get(key);
        return v != null ? v : resourceDefaults.getOrDefault(key, fallback);
    }

    public ClusterConfig withVersion(long newVersion) {
        return new ClusterConfig(newVersion, properties, resourceDefaults, nodeAttributes, resources, locations);
    }

    /** The same configuration with one resource meta attribute set (or removed when value is null). */
    public ClusterConfig withResourceMeta(String resourceId, String key, String value) {
        Resource r = resource(resourceId)
                .orElseThrow(() -> new IllegalArgumentException("no such resource: '" + resourceId + "'"));
        Map<String, Resource> rs = new LinkedHashMap<>(resources);
        rs.put(resourceId, r.withMeta(key, value));
        return new ClusterConfig(version, properties, resourceDefaults, nodeAttributes, rs, locations);
    }

    /** The same configuration with one node attribute set (or removed when value is null). */
    public ClusterConfig withNodeAttribute(String node, String key, String value) {
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>(nodeAttributes);
        Map<String, String> attrs = new LinkedHashMap<>(nodes.getOrDefault(node, Map.of()));
        if (value == null) {
            attrs.remove(key);
        } else {
            attrs.put(key, value);
        }
        nodes.put(node, attrs);
        return new ClusterConfig(version, properties, resourceDefaults, nodes, resources, locations);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClusterConfig)) {
            return false;
        }
        ClusterConfig c = (ClusterConfig) o;
        return version == c.version && properties.equals(c.properties)
                && resourceDefaults.equals(c.resourceDefaults) && nodeAttributes.equals(c.nodeAttributes)
                && resources.equals(c.resources) && locations.equals(c.locations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, properties, resourceDefaults, nodeAttributes, resources, locations);
    }

    /** Collects the parts of a configuration; refuses duplicate ids. */
    public static final class Builder {
        private long version;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> resourceDefaults = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> nodeAttributes = new LinkedHashMap<>();
        private final Map<String, Resource> resources = new LinkedHashMap<>();
        private final List<LocationConstraint> locations = new ArrayList<>();

        public Builder version(long v) {
            version = v;
            return this;
        }

        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        public Builder resourceDefault(String name, String value) {
            resourceDefaults.put(name, value);
            return this;
        }

        public Builder nodeAttribute(String node, String name, String value) {
            nodeAttributes.computeIfAbsent(node, n -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        public Builder node(String node) {
            nodeAttributes.computeIfAbsent(node, n -> new LinkedHashMap<>());
            return this;
        }

        public Builder resource(Resource r) {
            if (resources.putIfAbsent(r.id(), r) != null) {
                throw new IllegalArgumentException("duplicate resource id '" + r.id() + "'");
            }
            return this;
        }

        public Builder location(LocationConstraint c) {
            if (locations.stream().anyMatch(l -> l.id().equals(c.id()))) {
                throw new IllegalArgumentException("duplicate constraint id '" + c.id() + "'");
            }
            locations.add(c);
            return this;
        }

        public boolean hasResource(String id) {
            return resources.containsKey(id);
        }

        public ClusterConfig build() {
            return new ClusterConfig(version, properties, resourceDefaults, nodeAttributes, resources, locations);
        }
    }
}
