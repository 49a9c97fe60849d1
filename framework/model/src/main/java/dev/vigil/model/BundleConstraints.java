package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Constraints naming a bundle, as Pacemaker applies them (lib/pacemaker/pcmk_sched_bundle.c):
 * an order with a bundle holds for each of its containers (its start is the containers' start)
 * and for its primitive's clone; the bundle's own colocations hold for its containers, or for the
 * clone when they name a promoted or unpromoted role. A colocation with a bundle as the primary
 * stays as written: the engine reads it as "with the nodes its containers run on".
 */
final class BundleConstraints {
    private BundleConstraints() {
    }

    static List<Order> orders(Order o, Map<String, Bundle> bundles) {
        List<Order> out = new ArrayList<>();
        List<String> firsts = side(o.first(), o.firstAction(), bundles);
        List<String> thens = side(o.then(), o.thenAction(), bundles);
        Bundle firstBundle = bundles.get(o.first());
        for (String f : firsts) {
            for (String t : thens) {
                String id = firsts.size() * thens.size() == 1 ? o.id() : o.id() + "-" + f + "-" + t;
                // The bundle is up once its containers that can start have: none of them alone is required.
                boolean container = firstBundle != null && firstBundle.replicaOf(f) >= 0;
                out.add(Order.of(id, f, o.firstAction(), t, o.thenAction(), o.kind(), o.symmetrical())
                        .withRequireAll(o.requireAll() && !container));
            }
        }
        return out;
    }

    static List<Colocation> colocations(Colocation c, Map<String, Bundle> bundles) {
        Bundle b = bundles.get(c.resource());
        if (b == null) {
            return List.of(c);
        }
        List<String> dependents = new ArrayList<>();
        if (isRole(c.dependentRole())) {
            if (b.hasGuestNodes()) {
                dependents.add(b.cloneId());
            }
        } else {
            for (int i = 0; i < b.replicas(); i++) {
                dependents.add(b.containerId(i));
            }
        }
        List<Colocation> out = new ArrayList<>();
        for (String d : dependents) {
            out.add(Colocation.of(c.id() + "-" + d, d, c.withResource(), c.score(), isRole(c.dependentRole()) ? c.role() : null,
                    c.withRole(), c.nodeAttribute()));
        }
        return out;
    }

    /** What an order's side naming {@code id} means: the bundle's containers and clone, or {@code id} itself. */
    private static List<String> side(String id, String action, Map<String, Bundle> bundles) {
        Bundle b = bundles.get(id);
        if (b == null) {
            return List.of(id);
        }
        List<String> out = new ArrayList<>();
        if (!isRoleAction(action)) {
            for (int i = 0; i < b.replicas(); i++) {
                out.add(b.containerId(i));
            }
        }
        if (b.hasGuestNodes()) {
            out.add(b.cloneId());
        }
        return out;
    }

    private static boolean isRoleAction(String action) {
        return action.equals("promote") || action.equals("demote");
    }

    private static boolean isRole(Role role) {
        return role != null && role != Role.STARTED;
    }
}
