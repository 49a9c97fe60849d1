package dev.vigil.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.MigrationStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.RemoteNodes;

/**
 * Remote and guest nodes in a decision, with Pacemaker's semantics (lib/pacemaker/pcmk_sched_remote.c,
 * pcmk_sched_primitive.c): connection resources (and guest containers) are assigned before
 * anything else and never on a remote node, nor are fencing devices; once they are, a remote node
 * is up for this transition exactly when its connection will run somewhere and it is not unclean;
 * the actions on a remote node are ordered against its connection: what starts there waits for
 * the connection to start; what stops there stops before the connection stops when the
 * connection stays or goes for good, and after it started elsewhere when it moves.
 */
final class RemoteConnections {
    private RemoteConnections() {
    }

    /** Is {@code r} a remote node's connection (for a guest node, its implicit connection)? */
    static boolean isConnection(WorkingSet ws, ResourceView r) {
        return r.clone == null && ws.remotes.nodeOf(r.configId()).isPresent();
    }

    /** Is {@code r} the container that runs a guest node? */
    static boolean isGuestContainer(WorkingSet ws, ResourceView r) {
        return r.clone == null && ws.remotes.guestIn(r.configId()).isPresent();
    }

    /**
     * A remote node's connection may migrate unless configured otherwise, so that the node floats
     * between cluster nodes without stopping what runs on it (a guest's connection follows its
     * container, and migrates only with remote-allow-migrate).
     */
    static boolean migratesByDefault(WorkingSet ws, ResourceView r) {
        return isConnection(ws, r) && !ws.remotes.isGuest(r.configId())
                && RemoteNodes.REMOTE_AGENT.equals(r.resource.agentSpec());
    }

    /** Why {@code r} may not run on {@code node}, or null: connections and fencing devices avoid remote nodes. */
    static String bannedFrom(WorkingSet ws, ResourceView r, String node) {
        String waiting = waitingToReconnect(ws, r);
        if (waiting != null) {
            return waiting;
        }
        String forcedTo = Containers.remoteNodeIn(ws, r);
        if (forcedTo != null && !forcedTo.equals(node)) {
            return "its container is remote node " + forcedTo + ": it runs there only";
        }
        String bundled = BundleNodes.bannedFrom(ws, r, node);
        if (bundled != null) {
            return bundled;
        }
        if (!ws.remotes.defines(node)) {
            return null;
        }
        if (isConnection(ws, r) || (isGuestContainer(ws, r) && !BundleNodes.nestable(ws, r, node))) {
            return "a remote connection or container runs on cluster nodes only";
        }
        if (Fencing.isDevice(r.resource)) {
            return "a fencing device runs on cluster nodes only";
        }
        return null;
    }

    /**
     * Why a failed remote connection with a {@code reconnect_interval} stays stopped: it may not
     * connect again until that long after its last failure (Pacemaker's remote reset), or null.
     */
    static String waitingToReconnect(WorkingSet ws, ResourceView r) {
        String interval = r.resource.params().get("reconnect_interval");
        if (interval == null || !isConnection(ws, r)) {
            return null;
        }
        Duration delay;
        try {
            delay = dev.vigil.model.Durations.parse(interval);
        } catch (RuntimeException e) {
            return null; // not a duration: no delay, as Pacemaker ignores it
        }
        if (delay.isZero() || delay.isNegative()) {
            return null;
        }
        for (dev.vigil.model.ResourceState s : r.states.values()) {
            // A failure still current is cleared only once the node has been fenced; an older one
            // expires after the interval, as a failure-timeout would.
            boolean failedNow = s.role() == dev.vigil.model.ResourceRole.FAILED;
            boolean recent = s.failCount() > 0 && (s.lastFailure() == null || ws.now.isBefore(s.lastFailure().plus(delay)));
            if (failedNow || recent) {
                return "the connection failed and waits reconnect_interval " + interval + " before connecting again";
            }
        }
        return null;
    }

    /**
     * Why {@code r} is not probed on remote node {@code node}, or null (Pacemaker's
     * pcmk__probe_rsc_on_node): connections, containers of guests and fencing devices never
     * run there; and nothing is probed on a guest whose container will stop or move, nor on
     * one whose container is stopped (nothing can be active there).
     */
    static String noProbe(WorkingSet ws, ResourceView r, String node) {
        String bundled = BundleNodes.bannedFrom(ws, r, node);
        if (bundled != null) {
            return bundled;
        }
        if (!ws.remotes.defines(node)) {
            return null;
        }
        if (isConnection(ws, r) || (isGuestContainer(ws, r) && !BundleNodes.nestable(ws, r, node))
                || Fencing.isDevice(r.resource)) {
            return "a remote node cannot host connections, containers or fencing devices";
        }
        if (!ws.remotes.isGuest(node)) {
            return null;
        }
        ResourceView container = ws.remotes.container(node).map(ws.resources::get).orElse(null);
        if (container == null) {
            return null;
        }
        if (container.activeOn.isEmpty()) {
            return "the guest's container is stopped";
        }
        NodeStatus s = ws.status.nodes().get(node);
        boolean moving = container.destination() != null && !container.activeOn.contains(container.destination());
        if ((s != null && s.unclean()) || container.failed() || container.destination() == null || moving) {
            return "the guest's container will stop";
        }
        return null;
    }

    /**
     * Moves the variants that are connections to the front of {@code order}, keeping the order
     * otherwise, and says how many there are.
     */
    static int connectionsFirst(WorkingSet ws, List<Variant> order) {
        List<Variant> first = new ArrayList<>();
        List<Variant> rest = new ArrayList<>();
        for (Variant v : order) {
            ResourceView r = ws.resources.get(v.id());
            // A bundle's connections are placed with its containers, in the bundle's turn.
            (r != null && isConnection(ws, r) && !BundleNodes.isBundleConnection(ws, r) ? first : rest).add(v);
        }
        order.clear();
        order.addAll(first);
        order.addAll(rest);
        return first.size();
    }

    /**
     * Once the connections are assigned: a remote node is up in this transition when its connection
     * will run and it is clean. Says whether there are remote nodes at all.
     */
    static boolean settle(WorkingSet ws) {
        if (ws.remotes.connections().isEmpty()) {
            return false;
        }
        ws.remotes.connections().forEach((node, connection) -> {
            NodeView n = ws.nodes.get(node);
            ResourceView c = ws.resources.get(connection);
            NodeStatus s = ws.status.nodes().get(node);
            if (n == null || c == null || s == null) {
                return;
            }
            if (BundleNodes.isBundleConnection(ws, c)) {
                return; // settled when its bundle places it (BundleNodes.afterAssigned)
            }
            if (ws.remotes.isGuest(node)) {
                settleGuest(n, c);
                return;
            }
            String lastKnown = c.destination() == null && c.activeOn.isEmpty() ? activeThere(s) : null;
            if (lastKnown != null) {
                ws.fencing.fenceRemote(s, lastKnown + " is active there (fencing will be revoked if remote connection "
                        + "can be re-established elsewhere)");
            } else if (unrecoverable(ws, c)) {
                if (s.resources().values().stream().anyMatch(r -> r.isActive())) {
                    ws.fencing.fenceRemote(s, "resources are active but connection is unrecoverable");
                } else if (unknownThere(ws, n)) {
                    ws.fencing.fenceRemote(s, "resources are in unknown state and connection is unrecoverable");
                }
            }
            boolean up = c.destination() != null && !s.unclean() && !ws.fencing.fences(node);
            n.online = up;
            n.eligible = up && !ClusterConfig.isTrue(n.attributes.get(ClusterConfig.NODE_STANDBY))
                    && !ClusterConfig.isTrue(n.attributes.get("maintenance")) && !n.shuttingDown;
        });
        return true;
    }

    /**
     * A guest is up once its connection is placed, even when it is fenced by recovering its
     * container: it may run resources again in this transition.
     */
    static void settleGuest(NodeView n, ResourceView connection) {
        boolean up = connection.destination() != null;
        n.online = up;
        n.eligible = up && !ClusterConfig.isTrue(n.attributes.get(ClusterConfig.NODE_STANDBY))
                && !ClusterConfig.isTrue(n.attributes.get("maintenance")) && !n.shuttingDown;
    }

    /**
     * The connection will run nowhere, and either it failed or the cluster node it runs on is
     * lost: what runs on its node can be stopped only by fencing (Pacemaker's remote_state_failed).
     */
    private static boolean unrecoverable(WorkingSet ws, ResourceView c) {
        if (c.destination() != null) {
            return false;
        }
        String host = c.current();
        boolean hostLost = host != null && (ws.fencing.fences(host) || ws.status.nodes().get(host).unclean());
        return hostLost || c.failed();
    }

    /** A resource the node last reported active, or null. */
    private static String activeThere(NodeStatus s) {
        return s.resources().entrySet().stream().filter(e -> e.getValue().isActive()).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** A resource that could run on the node has never been checked there: only fencing can tell. */
    private static boolean unknownThere(WorkingSet ws, NodeView n) {
        return ws.resources.values().stream().anyMatch(r -> !r.removed && !isConnection(ws, r)
                && !Fencing.isDevice(r.resource) && r.state(n.name).role() == dev.vigil.model.ResourceRole.UNKNOWN
                && ResourceDiscovery.probes(ws, r, n));
    }

    /** Orders every resource action on a remote node against that node's connection. */
    static void order(WorkingSet ws, ActionPlanner p) {
        if (ws.remotes.connections().isEmpty()) {
            return;
        }
        int count = p.actionCount();
        for (int id = 0; id < count; id++) {
            Action a = p.action(id);
            if (a.resource() == null || a.node() == null || a.kind() == Action.Kind.FENCE) {
                continue;
            }
            String connection = ws.remotes.connection(a.node()).orElse(null);
            ResourceView c = connection == null ? null : ws.resources.get(connection);
            if (c == null || c.id.equals(a.resource())) {
                continue;
            }
            orderOne(ws, p, id, a, c);
            if (a.kind() == Action.Kind.START && !a.pseudo()) {
                stopElsewhereAfterConnecting(p, a, c);
            }
        }
    }

    /**
     * A resource moving to a remote node stops where it runs only once the connection has
     * started: if the connection fails to start, the resource keeps running where it is.
     */
    private static void stopElsewhereAfterConnecting(ActionPlanner p, Action start, ResourceView c) {
        for (int stop : p.find(Action.Kind.STOP, start.resource())) {
            if (!start.node().equals(p.action(stop).node())) {
                p.find(Action.Kind.START, c.id).forEach(s -> p.edge(s, stop));
            }
        }
    }

    private static void orderOne(WorkingSet ws, ActionPlanner p, int id, Action a, ResourceView c) {
        List<Integer> starts = p.find(Action.Kind.START, c.id);
        List<Integer> stops = p.find(Action.Kind.STOP, c.id);
        String host = c.current();
        boolean hostDown = host != null && (!ws.nodes.get(host).online || ws.fencing.fences(host));
        // Halfway through a migration of the connection, the node waits until it completes.
        MigrationStatus m = ws.status.migrations().getOrDefault(c.id, MigrationStatus.none());
        boolean midMigration = c.activeOn.size() > 1 && m.partialSource() != null && m.partialTarget() != null;
        boolean alive = c.destination() != null && host != null && !hostDown && !midMigration;
        switch (a.kind()) {
            case START:
            case PROMOTE:
                starts.forEach(s -> p.edge(s, id));
                break;
            case STOP:
            case MIGRATE_TO:
            case MIGRATE_FROM:
                if (c.destination() == null || alive) {
                    stops.forEach(s -> p.edge(id, s));
                } else {
                    starts.forEach(s -> p.edge(s, id));
                }
                break;
            case DEMOTE:
                if (c.destination() != null && (host == null || hostDown || midMigration)) {
                    starts.forEach(s -> p.edge(s, id));
                }
                break;
            default:
                if (host != null && c.destination() == null) {
                    stops.forEach(s -> p.edge(id, s));
                } else {
                    starts.forEach(s -> p.edge(s, id));
                }
        }
    }
}
