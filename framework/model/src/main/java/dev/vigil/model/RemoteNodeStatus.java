package dev.vigil.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The status of a remote or guest node, from its connection resource's state on the cluster
 * nodes (Pacemaker's determine_remote_online_status in lib/pengine/unpack.c): online while the
 * connection (for a guest, its implicit connection, and its container) is active and has not
 * failed; a guest whose container failed, or whose host is lost uncleanly, is unclean ("guest is
 * unclean": recovering the container fences it). A remote node whose connection failed is offline; whether it must be
 * fenced is the policy engine's decision, once it knows whether the connection can be recovered.
 */
final class RemoteNodeStatus {
    static final String GUEST_UNCLEAN = "guest is unclean";
    static final String REMOTE_UNRECOVERABLE = "remote connection is unrecoverable";

    private RemoteNodeStatus() {
    }

    static NodeStatus of(String node, RemoteNodes remotes, Map<String, ResourceState> resources,
            Map<String, String> attrs, boolean shutdown, Map<String, Map<String, ResourceState>> statesByNode,
            Map<String, MigrationHistory.NodeRecord> presence, boolean fencing) {
        String connection = remotes.connection(node).orElseThrow();
        Presence link = presence(connection, remotes, statesByNode, presence);
        boolean guest = remotes.isGuest(node);
        attrs = new LinkedHashMap<>(attrs);
        attrs.put("#kind", guest ? "container" : "remote");
        if (guest) {
            // The guest's container decides too: failed, or on a lost host, the guest is unclean
            // (recovering the container fences it); stopped, the guest is merely down.
            Presence container = presence(remotes.container(node).orElseThrow(), remotes, statesByNode, presence);
            // Whether fencing is enabled or not: a guest is fenced by recovering its container.
            if (container.active && (container.failed || container.hostLost || link.hostLost)) {
                return NodeStatus.unclean(node, false, resources, attrs, GUEST_UNCLEAN);
            }
            return NodeStatus.of(node, link.active && !link.failed && container.active, resources, attrs, shutdown);
        }
        if (fencing && link.active && link.failedConnected) {
            // Pacemaker's on-fail=reset-remote: what ran there is unknown until the node is fenced.
            return NodeStatus.unclean(node, false, resources, attrs, REMOTE_UNRECOVERABLE);
        }
        // A connection that is merely stopped (not failed) may start again: what the node last
        // reported running is taken to run still, to be found there once it reconnects.
        boolean lastKnownActive = !link.active && !link.failed && fencing
                && resources.values().stream().anyMatch(ResourceState::isActive);
        return NodeStatus.of(node, (link.active && !link.failed) || lastKnownActive, resources, attrs, shutdown);
    }

    /** Where a resource that runs on cluster nodes only (a connection or container) is active, and how. */
    private record Presence(boolean active, boolean failed, boolean failedConnected, boolean hostLost) {
    }

    private static Presence presence(String resource, RemoteNodes remotes,
            Map<String, Map<String, ResourceState>> statesByNode, Map<String, MigrationHistory.NodeRecord> presence) {
        boolean active = false;
        boolean failed = false;
        boolean hostLost = false;
        boolean failedConnected = false;
        for (Map.Entry<String, Map<String, ResourceState>> e : statesByNode.entrySet()) {
            if (remotes.isGuest(e.getKey()) || (remotes.defines(e.getKey()) && remotes.nodeOf(resource).isPresent())) {
                continue; // connections run on cluster nodes only; containers also on remote nodes (bundles)
            }
            ResourceState s = e.getValue().get(resource);
            if (s == null || !s.isActive()) {
                continue;
            }
            active = true;
            boolean failedHere = s.role() == ResourceRole.FAILED || s.role() == ResourceRole.BLOCKED;
            failed |= failedHere;
            // A connection that failed to start never connected: nothing ran there through it.
            failedConnected |= failedHere && !"start".equals(s.failedAction());
            MigrationHistory.NodeRecord host = presence.get(e.getKey());
            hostLost |= host != null && host.unclean() && !host.online();
        }
        return new Presence(active, failed, failedConnected, hostLost);
    }
}
