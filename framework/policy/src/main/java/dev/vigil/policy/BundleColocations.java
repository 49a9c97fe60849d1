package dev.vigil.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.model.Bundle;
import dev.vigil.model.Colocation;
import dev.vigil.model.Score;

/**
 * Colocations with a bundle as the primary (lib/pacemaker/pcmk_sched_bundle.c,
 * pcmk__bundle_apply_coloc_score): the dependent goes with the bundle's containers, like a
 * colocation with a clone whose instances are the containers. INFINITY keeps it to the nodes
 * hosting a container (with a promoted role named, a container whose replica is promoted); a
 * finite score adds there.
 */
final class BundleColocations {
    /** A primitive (or group) colocated with a bundle. */
    record BundleColoc(ResourceView dependent, Bundle bundle, List<ResourceView> containers, Score score,
            boolean withPromoted) {
    }

    private final WorkingSet ws;
    private final Map<String, List<BundleColoc>> byDependent = new HashMap<>();

    BundleColocations(WorkingSet ws) {
        this.ws = ws;
    }

    /** Takes {@code c} if its primary is a bundle (and says so); its dependent is a primitive or group. */
    boolean add(Colocation c) {
        Bundle b = ws.config.bundle(c.withResource()).orElse(null);
        if (b == null) {
            return false;
        }
        ResourceView d = ws.representative(c.resource());
        if (d == null || !Assigner.startedRole(c.dependentRole())) {
            return true; // a clone or a role colocated with a bundle: not applied yet
        }
        List<ResourceView> containers = new ArrayList<>();
        for (int i = 0; i < b.replicas(); i++) {
            ResourceView v = ws.resources.get(b.containerId(i));
            if (v != null) {
                containers.add(v);
            }
        }
        byDependent.computeIfAbsent(d.id, k -> new ArrayList<>())
                .add(new BundleColoc(d, b, containers, c.score(), Assigner.isPromotedRole(c.primaryRole())));
        return true;
    }

    List<BundleColoc> of(ResourceView dependent) {
        return byDependent.getOrDefault(dependent.id, List.of());
    }

    /** The nodes the colocation lets the dependent share: those of the containers assigned (and not blocked). */
    List<String> where(BundleColoc c) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.containers().size(); i++) {
            ResourceView v = c.containers().get(i);
            if (v.destination() == null || v.blocked() || out.contains(v.destination())) {
                continue;
            }
            if (c.withPromoted() && !replicaPromoted(c.bundle(), i)) {
                continue;
            }
            out.add(v.destination());
        }
        return out;
    }

    /** Will the bundled primitive of replica {@code i} be promoted (on that replica's guest node)? */
    private boolean replicaPromoted(Bundle b, int i) {
        CloneView clone = ws.clones.get(b.cloneId());
        return clone != null && clone.promotedNodes().contains(b.nodeName(i));
    }

    /** Applies it to the dependent's scores, as a colocation with a clone's instances is applied. */
    void apply(BundleColoc c, Map<String, Score> scores, ScoreLedger ledger) {
        List<String> where = where(c);
        String why = "colocated with bundle " + c.bundle().id() + (c.withPromoted() ? ":Promoted" : "") + " ("
                + c.score() + "), on " + where;
        scores.replaceAll((n, s) -> {
            boolean there = where.contains(n);
            Score add = c.score().isPositiveInfinity() ? (there ? Score.ZERO : Score.NEGATIVE_INFINITY)
                    : there ? c.score() : Score.ZERO;
            if (!add.equals(Score.ZERO)) {
                ledger.add(c.dependent().id, n, why, add);
            }
            return add.isNegativeInfinity() ? Score.NEGATIVE_INFINITY : s.plus(add);
        });
    }
}
