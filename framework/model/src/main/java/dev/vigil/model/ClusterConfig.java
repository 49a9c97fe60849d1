package dev.vigil.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cluster configuration: one versioned, immutable document. Every change makes a new
 * instance with a higher {@link #version()}; the highest version wins when nodes compare.
 */
public final class ClusterConfig {
    public static final String NODE_STANDBY = "standby";

    private final long version;
    private final Map<String, String> properties;
    private final Map<String, String> resourceDefaults;
    private final Map<String, String> operationDefaults;
    private final Map<String, Map<String, String>> nodeAttributes;
    private final Map<String, Resource> resources;
    private final Map<String, Group> groups;
    private final Map<String, Clone> clones;
    private final Map<String, Bundle> bundles;
    private final List<LocationConstraint> locations;
    private final List<Colocation> colocations;
    private final List<Order> orders;
    private final List<FencingLevel> fencingLevels;
    private final List<TicketConstraint> tickets;
    private final Map<String, TicketState> ticketStates;
    /** Capacities of nodes and needs of primitives by utilization attribute (Pacemaker's {@code utilization} sets). */
    private final Map<String, Map<String, Integer>> nodeUtilization;
    private final Map<String, Map<String, Integer>> resourceUtilization;
    /** Lookups by member: the group of each grouped primitive, the clone of each cloned id. */
    private final Map<String, Group> groupByMember = new HashMap<>();
    private final Map<String, Clone> cloneByChild = new HashMap<>();

    private ClusterConfig(Builder b) {
        this.version = b.version;
        this.properties = unmodifiableCopy(b.properties);
        this.resourceDefaults = unmodifiableCopy(b.resourceDefaults);
        this.operationDefaults = unmodifiableCopy(b.operationDefaults);
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        b.nodeAttributes.forEach((n, a) -> nodes.put(n, unmodifiableCopy(a)));
        this.nodeAttributes = Collections.unmodifiableMap(nodes);
        this.resources = unmodifiableCopy(b.resources);
        this.groups = unmodifiableCopy(b.groups);
        this.clones = unmodifiableCopy(b.clones);
        this.bundles = unmodifiableCopy(b.bundles);
        this.locations = List.copyOf(b.locations);
        this.colocations = List.copyOf(b.colocations);
        this.orders = List.copyOf(b.orders);
        this.fencingLevels = List.copyOf(b.fencingLevels);
        this.tickets = List.copyOf(b.tickets);
        this.ticketStates = unmodifiableCopy(b.ticketStates);
        this.nodeUtilization = nestedCopy(b.nodeUtilization);
        this.resourceUtilization = nestedCopy(b.resourceUtilization);
        groups.values().forEach(g -> g.members().forEach(m -> groupByMember.putIfAbsent(m, g)));
        clones.values().forEach(c -> cloneByChild.putIfAbsent(c.child(), c));
    }

    private static <K, V> Map<K, V> unmodifiableCopy(Map<K, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    private static Map<String, Map<String, Integer>> nestedCopy(Map<String, Map<String, Integer>> m) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, unmodifiableCopy(v));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    public static ClusterConfig empty() {
        return builder().build();
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

    public Map<String, String> operationDefaults() {
        return operationDefaults;
    }

    /** Nodes named in the configuration, with their attributes. */
    public Map<String, Map<String, String>> nodeAttributes() {
        return nodeAttributes;
    }

    public boolean isStandby(String node) {
        return isTrue(nodeAttributes.getOrDefault(node, Map.of()).get(NODE_STANDBY));
    }

    /** Pacemaker's booleans: true, on, yes, y, 1 (any case). */
    public static boolean isTrue(String v) {
        if (v == null) {
            return false;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": case "on": case "yes": case "y": case "1":
                return true;
            default:
                return false;
        }
    }

    /** Each node's capacity by utilization attribute ({@code cpu=8 memory=16384}); empty when none. */
    public Map<String, Integer> nodeUtilization(String node) {
        return nodeUtilization.getOrDefault(node, Map.of());
    }

    /** What a primitive needs by utilization attribute; empty when it declares nothing. */
    public Map<String, Integer> resourceUtilization(String resourceId) {
        return resourceUtilization.getOrDefault(resourceId, Map.of());
    }

    /** Nodes with a capacity, in configuration order. */
    public Map<String, Map<String, Integer>> nodeUtilizations() {
        return nodeUtilization;
    }

    /**
     * The {@code placement-strategy} property: {@code default} (utilization ignored),
     * {@code utilization}, {@code balanced} or {@code minimal}.
     */
    public String placementStrategy() {
        return property("placement-strategy", "default").toLowerCase(Locale.ROOT);
    }

    /** Primitives, in configuration order (group members included). */
    public Collection<Resource> resources() {
        return resources.values();
    }

    public Optional<Resource> resource(String id) {
        return Optional.ofNullable(resources.get(id));
    }

    public Collection<Group> groups() {
        return groups.values();
    }

    public Optional<Group> group(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    public Collection<Clone> clones() {
        return clones.values();
    }

    /**
     * The bundles, each already expanded into its containers, addresses and the clone of its
     * primitive (which {@link #resources()} and {@link #clones()} list like any other).
     */
    public Collection<Bundle> bundles() {
        return bundles.values();
    }

    public Optional<Bundle> bundle(String id) {
        return Optional.ofNullable(bundles.get(id));
    }

    /** The bundle that made {@code resourceId} (a container, address or connection), or its primitive's clone. */
    public Optional<Bundle> bundleOf(String resourceId) {
        for (Bundle b : bundles.values()) {
            if (b.replicaOf(resourceId) >= 0 || (b.hasGuestNodes() && (b.cloneId().equals(resourceId)
                    || b.child().orElseThrow().equals(resourceId)))) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    public Optional<Clone> clone(String id) {
        return Optional.ofNullable(clones.get(id));
    }

    /** The clone of a primitive: the clone of the primitive itself, or of the group it is in. */
    public Optional<Clone> cloneOf(String resourceId) {
        Clone direct = cloneByChild.get(resourceId);
        if (direct != null) {
            return Optional.of(direct);
        }
        return groupOf(resourceId).map(g -> cloneByChild.get(g.id()));
    }

    /**
     * Are the clone's instances distinct (globally-unique)? Only when asked for and every
     * cloned primitive's agent class can run unique instances (ocf, stonith); a clone of an
     * lsb or systemd service is anonymous whatever its meta attributes say, as in Pacemaker.
     */
    public boolean uniqueInstances(Clone c) {
        if (!c.globallyUnique()) {
            return false;
        }
        List<String> children = group(c.child()).map(Group::members).orElse(List.of(c.child()));
        return children.stream().map(this::resource).allMatch(r -> r.isPresent()
                && ("ocf".equals(r.get().agentClass()) || "stonith".equals(r.get().agentClass())));
    }

    /** The group a primitive belongs to. */
    public Optional<Group> groupOf(String resourceId) {
        return Optional.ofNullable(groupByMember.get(resourceId));
    }

    public List<LocationConstraint> locations() {
        return locations;
    }

    public List<Colocation> colocations() {
        return colocations;
    }

    public List<Order> orders() {
        return orders;
    }

    /** The {@code rsc_ticket} constraints, one per resource, in configuration order. */
    public List<TicketConstraint> ticketConstraints() {
        return tickets;
    }

    /** The tickets whose state was stated, by ticket. */
    public Map<String, TicketState> ticketStates() {
        return ticketStates;
    }

    /** A ticket's state; a ticket whose state was never stated is not granted. */
    public TicketState ticketState(String ticket) {
        return ticketStates.getOrDefault(ticket, TicketState.notGranted(ticket));
    }

    /** The same configuration with one ticket's state set (crm_ticket --grant, --revoke, --standby). */
    public ClusterConfig withTicketState(TicketState state) {
        return toBuilder().ticketState(state).build();
    }

    /** The fencing topology ({@code fencing_topology}, {@code <fencing-topology>}), in configuration order. */
    public List<FencingLevel> fencingLevels() {
        return fencingLevels;
    }

    /**
     * The topology levels for a node, in index order (empty: no topology for it). As Pacemaker's
     * fencer, one target applies: levels naming the node, else those of the first pattern that
     * matches it, else those of the first attribute/value the node has.
     */
    public List<FencingLevel> fencingLevelsFor(String node) {
        Map<String, String> attrs = nodeAttributes.getOrDefault(node, Map.of());
        for (FencingLevel.TargetKind kind : FencingLevel.TargetKind.values()) {
            Optional<FencingLevel> first = fencingLevels.stream()
                    .filter(l -> l.kind() == kind && l.appliesTo(node, attrs)).findFirst();
            if (first.isPresent()) {
                return fencingLevels.stream().filter(l -> l.sameTarget(first.get()))
                        .sorted(Comparator.comparingInt(FencingLevel::index))
                        .collect(Collectors.toList());
            }
        }
        return List.of();
    }

    /** A resource's meta attribute: its own, its group's, then {@code rsc_defaults}, then {@code fallback}. */
    public String meta(Resource r, String key, String fallback) {
        String v = r.meta().get(key);
        if (v != null) {
            return v;
        }
        Optional<Group> g = groupOf(r.id());
        if (g.isPresent() && g.get().meta().containsKey(key)) {
            return g.get().meta().get(key);
        }
        Optional<Clone> c = cloneOf(r.id());
        if (c.isPresent() && c.get().meta().containsKey(key)) {
            return c.get().meta().get(key);
        }
        return resourceDefaults.getOrDefault(key, fallback);
    }

    public ClusterConfig withVersion(long newVersion) {
        return toBuilder().version(newVersion).build();
    }

    /** The same configuration with one resource meta attribute set (or removed when value is null). */
    public ClusterConfig withResourceMeta(String resourceId, String key, String value) {
        Resource r = resource(resourceId)
                .orElseThrow(() -> new IllegalArgumentException("no such resource: '" + resourceId + "'"));
        Builder b = toBuilder();
        b.resources.put(resourceId, r.withMeta(key, value));
        return b.build();
    }

    /** The same configuration with one cluster property set. */
    public ClusterConfig withProperty(String name, String value) {
        return toBuilder().property(name, value).build();
    }

    /** The same configuration with one node attribute set (or removed when value is null). */
    public ClusterConfig withNodeAttribute(String node, String key, String value) {
        Builder b = toBuilder();
        Map<String, String> attrs = new LinkedHashMap<>(b.nodeAttributes.getOrDefault(node, Map.of()));
        if (value == null) {
            attrs.remove(key);
        } else {
            attrs.put(key, value);
        }
        b.nodeAttributes.put(node, attrs);
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.version = version;
        b.properties.putAll(properties);
        b.resourceDefaults.putAll(resourceDefaults);
        b.operationDefaults.putAll(operationDefaults);
        nodeAttributes.forEach((n, a) -> b.nodeAttributes.put(n, new LinkedHashMap<>(a)));
        b.resources.putAll(resources);
        b.groups.putAll(groups);
        b.clones.putAll(clones);
        b.bundles.putAll(bundles);
        b.locations.addAll(locations);
        b.colocations.addAll(colocations);
        b.orders.addAll(orders);
        b.fencingLevels.addAll(fencingLevels);
        b.tickets.addAll(tickets);
        b.ticketStates.putAll(ticketStates);
        nodeUtilization.forEach((n, u) -> b.nodeUtilization.put(n, new LinkedHashMap<>(u)));
        resourceUtilization.forEach((r, u) -> b.resourceUtilization.put(r, new LinkedHashMap<>(u)));
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClusterConfig)) {
            return false;
        }
        ClusterConfig c = (ClusterConfig) o;
        return version == c.version && properties.equals(c.properties)
                && resourceDefaults.equals(c.resourceDefaults) && operationDefaults.equals(c.operationDefaults)
                && nodeAttributes.equals(c.nodeAttributes) && resources.equals(c.resources)
                && groups.equals(c.groups) && clones.equals(c.clones) && bundles.equals(c.bundles)
                && locations.equals(c.locations) && colocations.equals(c.colocations)
                && orders.equals(c.orders) && fencingLevels.equals(c.fencingLevels)
                && tickets.equals(c.tickets) && ticketStates.equals(c.ticketStates)
                && nodeUtilization.equals(c.nodeUtilization) && resourceUtilization.equals(c.resourceUtilization);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, properties, resourceDefaults, nodeAttributes, resources, groups, locations);
    }

    /** Collects the parts of a configuration; refuses duplicate ids. */
    public static final class Builder {
        private long version;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> resourceDefaults = new LinkedHashMap<>();
        private final Map<String, String> operationDefaults = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> nodeAttributes = new LinkedHashMap<>();
        private final Map<String, Resource> resources = new LinkedHashMap<>();
        private final Map<String, Group> groups = new LinkedHashMap<>();
        private final Map<String, Clone> clones = new LinkedHashMap<>();
        private final Map<String, Bundle> bundles = new LinkedHashMap<>();
        private final List<LocationConstraint> locations = new ArrayList<>();
        private final List<Colocation> colocations = new ArrayList<>();
        private final List<Order> orders = new ArrayList<>();
        private final List<FencingLevel> fencingLevels = new ArrayList<>();
        private final List<TicketConstraint> tickets = new ArrayList<>();
        private final Map<String, TicketState> ticketStates = new LinkedHashMap<>();
        private final Map<String, Map<String, Integer>> nodeUtilization = new LinkedHashMap<>();
        private final Map<String, Map<String, Integer>> resourceUtilization = new LinkedHashMap<>();

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

        public Builder operationDefault(String name, String value) {
            operationDefaults.put(name, value);
            return this;
        }

        public Builder nodeAttribute(String node, String name, String value) {
            nodeAttributes.computeIfAbsent(node, n -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        /** A node's capacity for one utilization attribute. */
        public Builder nodeUtilization(String node, String name, int value) {
            node(node);
            nodeUtilization.computeIfAbsent(node, n -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        /** What a primitive needs of one utilization attribute. */
        public Builder resourceUtilization(String resourceId, String name, int value) {
            resourceUtilization.computeIfAbsent(resourceId, n -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        public Builder node(String node) {
            nodeAttributes.computeIfAbsent(node, n -> new LinkedHashMap<>());
            return this;
        }

        private void checkNewId(String id) {
            if (hasResource(id)) {
                throw new IllegalArgumentException("duplicate resource id '" + id + "'");
            }
        }

        public Builder resource(Resource r) {
            checkNewId(r.id());
            resources.put(r.id(), r);
            return this;
        }

        public Builder group(Group g) {
            checkNewId(g.id());
            groups.put(g.id(), g);
            return this;
        }

        public Builder clone(Clone c) {
            checkNewId(c.id());
            clones.put(c.id(), c);
            return this;
        }

        /** The ids of the constraints added so far (of all kinds: they share one name space). */
        private final Set<String> constraintIds = new HashSet<>();

        /** Records the id of a constraint about to be added; refused if another one has it. */
        private void checkNewConstraint(String id) {
            if (!constraintIds.add(id)) {
                throw new IllegalArgumentException("duplicate constraint id '" + id + "'");
            }
        }

        /** A bundle; its implicit resources, clone and constraints are added on their own. */
        public Builder bundle(Bundle bu) {
            bundles.put(bu.id(), bu);
            return this;
        }

        /** Moves what {@code from} needs to {@code to} (a bundled primitive's needs are its container's). */
        public Builder copyUtilization(String from, String to) {
            Map<String, Integer> u = resourceUtilization.get(from);
            if (u != null) {
                resourceUtilization.put(to, new LinkedHashMap<>(u));
            }
            return this;
        }

        public Builder dropUtilization(String of) {
            resourceUtilization.remove(of);
            return this;
        }

        public Builder location(LocationConstraint c) {
            checkNewConstraint(c.id());
            locations.add(c);
            return this;
        }

        public Builder colocation(Colocation c) {
            checkNewConstraint(c.id());
            colocations.add(c);
            return this;
        }

        public Builder order(Order o) {
            checkNewConstraint(o.id());
            orders.add(o);
            return this;
        }

        public Builder ticket(TicketConstraint t) {
            checkNewConstraint(t.id());
            tickets.add(t);
            return this;
        }

        /** States a ticket's state; a later state of the same ticket replaces an earlier one. */
        public Builder ticketState(TicketState state) {
            ticketStates.put(state.ticket(), state);
            return this;
        }

        /** Adds a topology level; refuses a second level with the same target and index (Pacemaker's rule). */
        public Builder fencingLevel(FencingLevel level) {
            if (fencingLevels.stream().anyMatch(l -> l.sameTarget(level) && l.index() == level.index())) {
                throw new IllegalArgumentException("fencing level " + level.index() + " for "
                        + level.describeTarget() + " is defined twice");
            }
            fencingLevels.add(level);
            return this;
        }

        /** Primitives outside groups and clones, groups outside clones, and clones, as read so far. */
        public List<String> topLevelResourceIds() {
            Set<String> inside = new HashSet<>();
            groups.values().forEach(g -> inside.addAll(g.members()));
            clones.values().forEach(c -> inside.add(c.child()));
            List<String> out = new ArrayList<>();
            resources.keySet().stream().filter(id -> !inside.contains(id)).forEach(out::add);
            groups.keySet().stream().filter(id -> !inside.contains(id)).forEach(out::add);
            out.addAll(clones.keySet());
            return out;
        }

        public boolean hasResource(String id) {
            return resources.containsKey(id) || groups.containsKey(id) || clones.containsKey(id)
                    || bundles.containsKey(id);
        }

        public ClusterConfig build() {
            for (String r : resourceUtilization.keySet()) {
                if (!resources.containsKey(r)) {
                    throw new IllegalArgumentException("utilization for '" + r + "', which is not a primitive");
                }
            }
            return new ClusterConfig(this);
        }
    }
}
