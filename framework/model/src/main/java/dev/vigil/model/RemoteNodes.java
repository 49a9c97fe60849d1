package dev.vigil.model;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Pacemaker Remote nodes and guest nodes a configuration defines, each with the resource
 * that connects it (Pacemaker Explained, "Pacemaker Remote"). A primitive of agent
 * {@code ocf:pacemaker:remote} defines a remote node named by its id; a primitive with the meta
 * attribute {@code remote-node=NAME} (a container such as a VM) defines the guest node NAME, and
 * with it an implicit connection resource named NAME ({@link #implicitConnections}), which runs
 * where the container runs, after it (as lib/pengine/unpack.c expands the meta attributes). Such a
 * node is a member only while its connection runs: what is placed there is run through the
 * cluster node hosting the connection.
 */
public final class RemoteNodes {
    /** The agent of a remote node's connection resource. */
    public static final String REMOTE_AGENT = "ocf:pacemaker:remote";
    /** The meta attribute marking a resource the cluster made itself, not shown to the user. */
    public static final String INTERNAL = "internal_rsc";

    private final Map<String, String> connectionByNode;
    private final Map<String, String> nodeByConnection;
    /** Guest node to the container (the configured primitive with {@code remote-node}) that runs it. */
    private final Map<String, String> guests;
    /** Guest node to its implicit connection resource, made from the container's meta attributes. */
    private final Map<String, Resource> implicit;

    private RemoteNodes(Map<String, String> connectionByNode, Map<String, String> guests,
            Map<String, Resource> implicit) {
        this.connectionByNode = Collections.unmodifiableMap(connectionByNode);
        this.guests = Collections.unmodifiableMap(guests);
        this.implicit = Collections.unmodifiableMap(implicit);
        Map<String, String> inverse = new LinkedHashMap<>();
        connectionByNode.forEach((n, c) -> inverse.put(c, n));
        this.nodeByConnection = Collections.unmodifiableMap(inverse);
    }

    /** The remote and guest nodes of {@code config}, in configuration order. */
    public static RemoteNodes of(ClusterConfig config) {
        Map<String, String> connections = new LinkedHashMap<>();
        Map<String, String> guests = new LinkedHashMap<>();
        Map<String, Resource> implicit = new LinkedHashMap<>();
        for (Resource r : config.resources()) {
            String guest = r.meta().get("remote-node");
            if (guest != null && !guest.isEmpty() && config.cloneOf(r.id()).isEmpty()) {
                if (config.resource(guest).isPresent() || connections.containsKey(guest)) {
                    continue; // a resource of that name exists: Pacemaker makes no guest node of it
                }
                connections.put(guest, guest);
                guests.put(guest, r.id());
                implicit.put(guest, connectionFor(guest, r));
            } else if (REMOTE_AGENT.equals(r.agentSpec())) {
                connections.put(r.id(), r.id());
            }
        }
        return new RemoteNodes(connections, guests, implicit);
    }

    /**
     * The connection resource Pacemaker adds for the guest node {@code guest} of {@code container}
     * (lib/pengine/remote.c): {@code ocf:pacemaker:remote}, internal (never listed), launched by the
     * container; remote-addr, remote-port, remote-connect-timeout, remote-allow-migrate and
     * is-managed of the container carry over; a 30 s monitor.
     */
    private static Resource connectionFor(String guest, Resource container) {
        Map<String, String> cm = container.meta();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(INTERNAL, "true");
        meta.put("container", container.id());
        if (cm.containsKey("remote-allow-migrate")) {
            meta.put("allow-migrate", cm.get("remote-allow-migrate"));
        }
        if (cm.containsKey("is-managed")) {
            meta.put("is-managed", cm.get("is-managed"));
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (cm.containsKey("remote-addr")) {
            params.put("addr", cm.get("remote-addr"));
        }
        if (cm.containsKey("remote-port")) {
            params.put("port", cm.get("remote-port"));
        }
        Duration timeout;
        try {
            timeout = Durations.parse(cm.getOrDefault("remote-connect-timeout", "60s"));
        } catch (RuntimeException e) {
            timeout = Duration.ofSeconds(60);
        }
        List<Operation> ops = List.of(Operation.of("monitor", Duration.ofSeconds(30), Duration.ofSeconds(30)),
                Operation.of("start", Duration.ZERO, timeout));
        return Resource.of(guest, "ocf", "pacemaker", "remote", params, meta, ops);
    }

    /**
     * The same, plus remote nodes the status still records ({@code node_state remote_node="true"})
     * whose connection was removed from the configuration: the orphaned connection, of the same
     * name, keeps them up until it is stopped.
     */
    public RemoteNodes withOrphans(Collection<String> recordedRemoteNodes) {
        Map<String, String> connections = new LinkedHashMap<>(connectionByNode);
        recordedRemoteNodes.forEach(n -> connections.putIfAbsent(n, n));
        return new RemoteNodes(connections, new LinkedHashMap<>(guests), new LinkedHashMap<>(implicit));
    }

    /** Is {@code node} a remote or guest node (rather than a cluster node)? */
    public boolean defines(String node) {
        return connectionByNode.containsKey(node);
    }

    /** A guest node: its connection is implicit, launched by the container resource that runs it. */
    public boolean isGuest(String node) {
        return guests.containsKey(node);
    }

    /** The container resource that runs the guest node {@code node}, if it is a guest. */
    public Optional<String> container(String node) {
        return Optional.ofNullable(guests.get(node));
    }

    /** The guest node {@code resource} runs, if it is the container of one. */
    public Optional<String> guestIn(String resource) {
        return guests.entrySet().stream().filter(e -> e.getValue().equals(resource)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** The implicit connection resources of the guest nodes, in configuration order. */
    public Collection<Resource> implicitConnections() {
        return implicit.values();
    }

    /** Is {@code resource} a guest node's implicit connection (not configured, never listed)? */
    public boolean isImplicit(String resource) {
        return implicit.containsKey(resource);
    }

    /** The resource whose running makes {@code node} a member (for a guest, its implicit connection). */
    public Optional<String> connection(String node) {
        return Optional.ofNullable(connectionByNode.get(node));
    }

    /** The remote or guest node {@code resource} connects, if it is a connection (or container) resource. */
    public Optional<String> nodeOf(String resource) {
        return Optional.ofNullable(nodeByConnection.get(resource));
    }

    /** Remote and guest node names, each with its connection resource. */
    public Map<String, String> connections() {
        return connectionByNode;
    }
}
