package dev.vigil.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.model.Bundle;
import dev.vigil.model.Resource;
import dev.vigil.model.Score;

/**
 * How the engine places and orders a bundle's implicit resources (lib/pacemaker/pcmk_sched_bundle.c):
 * <ul>
 * <li>its guest nodes ({@code BUNDLE-i}) are for the bundle's primitive only: Pacemaker bans every
 * other resource from them and probes nothing else there, and the primitive runs nowhere else;</li>
 * <li>its containers are placed like clone instances: those that can stay first, each where it
 * runs when that scores as well as the best node, at most replicas-per-host on a node; a
 * container may nest on a Pacemaker Remote node;</li>
 * <li>a replica's connection follows its container (for a nested one, the remote node's own
 * connection), or, when the container cannot run, is placed by its own scores with its start
 * unrunnable; once it is placed, its guest node is up or down;</li>
 * <li>a promotable bundle promotes after its containers' starts and stops.</li>
 * </ul>
 */
final class BundleNodes {
    private BundleNodes() {
    }

    /** Why {@code r} may not run on {@code node}, or null, as far as bundles decide. */
    static String bannedFrom(WorkingSet ws, ResourceView r, String node) {
        return bannedFrom(ws, r.clone == null ? null : r.clone.id, node);
    }

    /** The same for an instance of the clone {@code cloneId} (null: not a clone instance). */
    static String bannedFrom(WorkingSet ws, String cloneId, String node) {
        if (ws.config.bundles().isEmpty()) {
            return null;
        }
        Bundle owner = ownerOf(ws, node);
        Bundle mine = cloneId == null ? null : ws.config.bundles().stream()
                .filter(b -> b.hasGuestNodes() && b.cloneId().equals(cloneId)).findFirst().orElse(null);
        if (owner != null && owner != mine) {
            return "a bundle's guest node runs only the bundle's own resource";
        }
        if (mine != null && owner == null) {
            return "a bundled resource runs only on its bundle's guest nodes";
        }
        return null;
    }

    private static Bundle ownerOf(WorkingSet ws, String node) {
        for (Bundle b : ws.config.bundles()) {
            if (b.ownsNode(node)) {
                return b;
            }
        }
        return null;
    }

    /**
     * A bundle connection without an address of its own ({@code addr=#uname}) connects to the
     * host of its container: Pacemaker puts that host's name in its parameters (and so in their
     * digest), the node the container is assigned to, else where the connection runs.
     */
    static Resource withHostAddress(WorkingSet ws, Resource r, String node) {
        if (!"#uname".equalsIgnoreCase(r.params().get("addr")) || ws.config.bundleOf(r.id()).isEmpty()) {
            return r;
        }
        ResourceView container = ws.remotes.container(r.id()).map(ws.resources::get).orElse(null);
        String host = container != null && container.destination() != null ? container.destination() : node;
        if (host == null) {
            return r;
        }
        Map<String, String> params = new LinkedHashMap<>(r.params());
        params.put("addr", host);
        return Resource.of(r.id(), r.agentClass(), r.agentProvider(), r.agentType(), params, r.meta(), r.operations());
    }

    /**
     * Containers are placed as a clone's instances are: those active where they may stay go
     * first, before one that must move or start (lib/pacemaker/pcmk_sched_instances.c assigns instances to their current nodes
     * before the others), so a container that must move does not take a node from one that stays.
     */
    static void assignActiveSiblingsFirst(Assigner assigner, ResourceView r) {
        Bundle b = bundleOfContainer(assigner.ws, r);
        if (b == null || canStay(r)) {
            return;
        }
        for (int i = 0; i < b.replicas(); i++) {
            ResourceView sibling = assigner.ws.resources.get(b.containerId(i));
            if (sibling != null && sibling != r && canStay(sibling)) {
                assigner.assign(sibling);
            }
        }
    }

    /** Active on one node that it may still run on. */
    private static boolean canStay(ResourceView r) {
        if (r.activeOn.size() != 1) {
            return false;
        }
        Score here = r.scores.get(r.activeOn.get(0));
        return here != null && here.value() >= 0;
    }

    /** A node already hosting replicas-per-host of the bundle's containers takes no more. */
    static void banFullHosts(WorkingSet ws, ResourceView r, Map<String, Score> scores, ScoreLedger ledger) {
        Bundle b = bundleOfContainer(ws, r);
        if (b == null) {
            return;
        }
        Map<String, Integer> hosted = new LinkedHashMap<>();
        for (int i = 0; i < b.replicas(); i++) {
            ResourceView sibling = ws.resources.get(b.containerId(i));
            if (sibling != null && sibling != r && sibling.assigned && sibling.destination() != null) {
                hosted.merge(sibling.destination(), 1, Integer::sum);
            }
        }
        hosted.forEach((node, n) -> {
            if (n >= b.replicasPerHost() && scores.containsKey(node)) {
                ledger.add(r.id, node, "hosts " + n + " of bundle " + b.id() + "'s containers (replicas-per-host "
                        + b.replicasPerHost() + ")", Score.NEGATIVE_INFINITY);
                scores.put(node, Score.NEGATIVE_INFINITY);
            }
        });
    }

    /**
     * A container stays where it runs when that node scores as well as the best one: Pacemaker
     * assigns a bundle's containers as clone instances, each to its current node first, the
     * load of the nodes weighing only on those that must move.
     */
    static String keepCurrent(WorkingSet ws, ResourceView r, Map<String, Score> scores, String chosen) {
        if (chosen == null || r.activeOn.size() != 1 || bundleOfContainer(ws, r) == null) {
            return chosen;
        }
        String current = r.activeOn.get(0);
        Score here = scores.get(current);
        return here != null && here.value() >= 0 && here.compareTo(scores.get(chosen)) >= 0 ? current : chosen;
    }

    /**
     * The node whose attributes {@code r} reads on {@code node}: with
     * {@code container-attribute-target=host}, a guest node's attributes are its host's, the node
     * its container is placed on (else where it runs), as Pacemaker's pe__node_attribute_calculated.
     */
    static String attributeNode(WorkingSet ws, ResourceView r, String node) {
        if (!"host".equals(ws.config.meta(r.resource, "container-attribute-target", null))) {
            return node;
        }
        ResourceView container = ws.remotes.container(node).map(ws.resources::get).orElse(null);
        String host = container == null ? null : container.destination() != null ? container.destination()
                : container.activeOn.isEmpty() ? null : container.activeOn.get(0);
        return host != null && ws.nodes.containsKey(host) ? host : node;
    }

    /**
     * A promotable bundle promotes once its containers are started and stopped (Pacemaker orders
     * the bundle's promote after its running and stopped pseudo actions, and the clone's promote,
     * with its pre-notifications, after the bundle's).
     */
    static void order(WorkingSet ws, ActionPlanner p) {
        for (Bundle b : ws.config.bundles()) {
            CloneView clone = b.promotedMax() > 0 && b.hasGuestNodes() ? ws.clones.get(b.cloneId()) : null;
            if (clone == null) {
                continue;
            }
            List<Integer> promotes = new ArrayList<>();
            clone.views().forEach(v -> promotes.addAll(p.find(Action.Kind.PROMOTE, v.id)));
            if (!promotes.isEmpty()) {
                // the bundle's promote comes before the clone's, and so before its notifications
                String preNotify = clone.id + "_pre_notify_promote_0";
                for (int id = 0; id < p.actionCount(); id++) {
                    Action a = p.action(id);
                    if (a.kind() == Action.Kind.NOTIFY && a.pseudo() && a.node().isEmpty()
                            && a.toString().equals(preNotify)) {
                        promotes.add(id);
                    }
                }
            }
            for (int i = 0; i < b.replicas() && !promotes.isEmpty(); i++) {
                List<Integer> containerActions = new ArrayList<>(p.find(Action.Kind.STOP, b.containerId(i)));
                containerActions.addAll(p.find(Action.Kind.START, b.containerId(i)));
                for (int before : containerActions) {
                    promotes.forEach(after -> p.edge(before, after));
                }
            }
        }
    }

    /**
     * A bundle's container may run on a Pacemaker Remote node (not on a guest node): Pacemaker
     * allows bundles to nest there, and their connection then runs beside the remote node's own.
     */
    static boolean nestable(WorkingSet ws, ResourceView r, String node) {
        return bundleOfContainer(ws, r) != null && !ws.remotes.isGuest(node);
    }

    /**
     * A bundle connection goes where its container's host is: the container's node, or for a
     * container on a remote node, the node of that remote node's connection (lib/pacemaker's
     * REMOTE_CONTAINER_HACK: a remote node holds one connection at a time).
     */
    static void withContainerHost(Assigner assigner, ResourceView r, Map<String, Score> scores) {
        WorkingSet ws = assigner.ws;
        if (!isBundleConnection(ws, r)) {
            return;
        }
        ResourceView container = ws.remotes.container(r.id).map(ws.resources::get).orElse(null);
        if (container == null) {
            return;
        }
        assigner.assign(container);
        String host = container.destination();
        if (host == null) {
            // Its container cannot run: Pacemaker still places the connection by its own scores
            // (it prefers the container's host by 10000 only, which an unassigned container does
            // not weigh); its start, after the container's, is then unrunnable: a stopped
            // connection shows it blocked, an active one stops.
            return;
        }
        if (ws.remotes.defines(host)) {
            ResourceView hostConnection = ws.remotes.connection(host).map(ws.resources::get).orElse(null);
            if (hostConnection != null) {
                assigner.assign(hostConnection);
            }
            host = hostConnection == null ? null : hostConnection.destination();
        }
        String where = host;
        String why = where == null ? "the remote node hosting its container will not be connected"
                : "runs beside its container, on " + where;
        scores.replaceAll((n, s) -> {
            if (n.equals(where)) {
                return s;
            }
            assigner.ledger.add(r.id, n, why, Score.NEGATIVE_INFINITY);
            return Score.NEGATIVE_INFINITY;
        });
    }

    /** Is {@code r} the connection of a bundle's guest node? */
    static boolean isBundleConnection(WorkingSet ws, ResourceView r) {
        return r.clone == null && !ws.config.bundles().isEmpty()
                && ws.config.bundleOf(r.id).map(b -> b.ownsNode(r.id)).orElse(false);
    }

    /**
     * A bundle is placed replica by replica: once a container has its node, its connection
     * follows, and once the connection is placed its guest node is up (or down) for what runs there.
     */
    static void afterAssigned(Assigner assigner, ResourceView r) {
        WorkingSet ws = assigner.ws;
        Bundle b = bundleOfContainer(ws, r);
        if (b != null && b.hasGuestNodes()) {
            ResourceView connection = ws.resources.get(b.nodeName(b.replicaOf(r.id)));
            if (connection != null) {
                assigner.assign(connection);
            }
        } else if (isBundleConnection(ws, r) && ws.nodes.containsKey(r.id)) {
            RemoteConnections.settleGuest(ws.nodes.get(r.id), r);
        }
    }

    /** Before a bundle's primitive is placed, its containers and so its guest nodes are. */
    static void assignContainersFirst(Assigner assigner, String cloneId) {
        for (Bundle b : assigner.ws.config.bundles()) {
            if (b.hasGuestNodes() && b.cloneId().equals(cloneId)) {
                for (int i = 0; i < b.replicas(); i++) {
                    ResourceView container = assigner.ws.resources.get(b.containerId(i));
                    if (container != null) {
                        assigner.assign(container);
                    }
                }
            }
        }
    }

    private static Bundle bundleOfContainer(WorkingSet ws, ResourceView r) {
        if (r.clone != null || ws.config.bundles().isEmpty()) {
            return null;
        }
        return ws.config.bundleOf(r.id).filter(b -> {
            int i = b.replicaOf(r.id);
            return i >= 0 && b.containerId(i).equals(r.id);
        }).orElse(null);
    }
}
