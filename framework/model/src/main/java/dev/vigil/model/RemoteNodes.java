package dev.vigil.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Pacemaker Remote nodes and guest nodes a configuration defines, each with the resource
 * that connects it (Pacemaker Explained, "Pacemaker Remote"). A primitive of agent
 * {@code ocf:pacemaker:remote} defines a remote node named by its id; a primitive with the meta
 * attribute {@code remote-node=NAME} (a container such as a VM) defines the guest node NAME, whose
 * connection runs wherever the container runs. Such a node is a member only while its connection
 * runs: what is placed there is run through the cluster node hosting the connection.
 */
public final class RemoteNodes {
    /** The agent of a remote node's connection resource. */
    public static final String REMOTE_AGENT = "ocf:pacemaker:remote";

    private final Map<String, String> connectionByNode;
    private final Map<String, String> nodeByConnection;
    private final Map<String, String> guests;

    private RemoteNodes(Map<String, String> connectionByNode, Map<String, String> guests) {
        this.connectionByNode = Collections.unmodifiableMap(connectionByNode);
        this.guests = Collections.unmodifiableMap(guests);
        Map<String, String> inverse = new LinkedHashMap<>();
        connectionByNode.forEach((n, c) -> inverse.put(c, n));
        this.nodeByConnection = Collections.unmodifiableMap(inverse);
    }

    /** The remote and guest nodes of {@code config}, in configuration order. */
    public static RemoteNodes of(ClusterConfig config) {
        Map<String, String> connections = new LinkedHashMap<>();
        Map<String, String> guests = new LinkedHashMap<>();
        for (Resource r : config.resources()) {
            String guest = r.meta().get("remote-node");
            if (guest != null && !guest.isEmpty()) {
                connections.put(guest, r.id());
                guests.put(guest, r.id());
            } else if (REMOTE_AGENT.equals(r.agentSpec())) {
                connections.put(r.id(), r.id());
            }
        }
        return new RemoteNodes(connections, guests);
    }

    /**
     * The same, plus remote nodes the status still records ({@code node_state remote_node="true"})
     * whose connection was removed from the configuration: the orphaned connection, of the same
     * name, keeps them up until it is stopped.
     */
    public RemoteNodes withOrphans(Collection<String> recordedRemoteNodes) {
        Map<String, String> connections = new LinkedHashMap<>(connectionByNode);
        recordedRemoteNodes.forEach(n -> connections.putIfAbsent(n, n));
        return new RemoteNodes(connections, new LinkedHashMap<>(guests));
    }

    /** Is {@code node} a remote or guest node (rather than a cluster node)? */
    public boolean defines(String node) {
        return connectionByNode.containsKey(node);
    }

    /** A guest node: its connection is the container resource that runs it. */
    public boolean isGuest(String node) {
        return guests.containsKey(node);
    }

    /** The resource whose running makes {@code node} a member (for a guest, its container). */
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
