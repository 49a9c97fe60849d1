package dev.vigil.policy;

import java.util.ArrayList;
import java.util.List;

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
            if (p.resource() == failed && c.managed && c.chosen != null && c.activeOn.contains(c.chosen)) {
                c.restart = true;
            }
        }
    }

    /** Every resource with a {@code container} that is a configured primitive outside clones. */
    static List<Pair> pairs(WorkingSet ws) {
        List<Pair> out = new ArrayList<>();
        for (ResourceView r : ws.resources.values()) {
            String container = r.resource == null ? null : r.resource.meta().get("container");
            ResourceView c = container == null ? null : ws.resources.get(container);
            if (r.clone == null && c != null && c.clone == null && c != r) {
                out.add(new Pair(r, c));
            }
        }
        return out;
    }
}
