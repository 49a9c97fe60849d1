package dev.vigil.policy;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.model.Score;

import dev.vigil.model.OnFail;

/**
 * Resources that live inside a container (meta attribute {@code container}, Pacemaker's
 * "whitebox" launcher): the resource runs where its container runs (an INFINITY colocation), starts
 * after it and stops before it (a mandatory symmetrical order), as lib/pacemaker/pcmk_sched_primitive.c
 * relates a resource to its launcher.
 */
final class Containers {
    /** A resource and the container it lives in. */
    record Pair(ResourceView resource, ResourceView container) {
    }

    private Containers() {
    }

    /**
     * A resource in a container that failed where it stays: unless its on-fail says otherwise,
     * the container is recovered with it (Pacemaker's default on-fail=restart-container), and
     * with the container everything else in it.
     */
    static void recoverWith(WorkingSet ws, ResourceView failed, OnFail onFail) {
        if (onFail != null && onFail != OnFail.RESTART_CONTAINER) {
            return;
        }
        for (Pair p : pairs(ws)) {
            ResourceView c = p.container();
            if (p.resource() == failed && c.managed && c.staysWhereItRuns()) {
                c.restart = true;
            }
        }
    }

    /**
     * The fail count that a resource's migration-threshold weighs on {@code node}: its own, plus,
     * for a container, those of the resources it launches there (Pacemaker counts the failures of
     * what a container launches as the container's).
     */
    static int failCount(WorkingSet ws, ResourceView r, String node) {
        long count = r.state(node).failCount();
        for (Pair p : pairs(ws)) {
            if (p.container() == r) {
                count += p.resource().state(node).failCount();
            }
        }
        return (int) Math.min(count, Score.INFINITY);
    }

    /** Every resource with a {@code container} (its own or its group's) that is a primitive outside clones. */
    static List<Pair> pairs(WorkingSet ws) {
        if (ws.containerPairs == null) {
            ws.containerPairs = List.copyOf(findPairs(ws));
        }
        return ws.containerPairs;
    }

    private static List<Pair> findPairs(WorkingSet ws) {
        List<Pair> out = new ArrayList<>();
        for (ResourceView r : ws.resources.values()) {
            // A group's meta attributes are its members': a group may name their container.
            String container = r.resource == null ? null : ws.config.meta(r.resource, "container", null);
            ResourceView c = container == null ? null : ws.resources.get(container);
            if (r.clone == null && c != null && c.clone == null && c != r && remoteNodeIn(ws, r) == null) {
                out.add(new Pair(r, c));
            }
        }
        return out;
    }

    /**
     * The remote or guest node a resource's {@code container} names, or null: a resource whose
     * container is a remote node's connection, or the container of a guest node, runs on that
     * node rather than beside the container (Pacemaker forces it there). A guest's own
     * connection is never so placed: it runs beside its container.
     */
    static String remoteNodeIn(WorkingSet ws, ResourceView r) {
        String container = r.resource == null || r.clone != null ? null
                : ws.config.meta(r.resource, "container", null);
        if (container == null || RemoteConnections.isConnection(ws, r)) {
            return null;
        }
        return ws.remotes.guestIn(container).orElseGet(() -> ws.remotes.nodeOf(container).orElse(null));
    }
}
