package dev.vigil.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.vigil.model.LocationConstraint;

/**
 * Pacemaker's {@code resource-discovery} of location constraints (Pacemaker Explained, "Location
 * Properties"): a node a constraint names with {@code never} is never probed for the resource;
 * once any of a resource's constraints says {@code exclusive}, the resource is probed, and may
 * run, only on the nodes its exclusive constraints name (lib/pacemaker/pcmk_sched_location.c,
 * apply_exclusive_discovery in pcmk_scheduler.c). A constraint names a node when it gives it a
 * score (its node, or its rules match), whatever the score.
 */
final class ResourceDiscovery {
    private ResourceDiscovery() {
    }

    /** Why {@code locations} keep their resource off {@code n}, or null. */
    static String exclusiveBan(List<LocationConstraint> locations, NodeView n) {
        if (locations.stream().noneMatch(l -> "exclusive".equals(l.discovery()))) {
            return null;
        }
        boolean named = locations.stream()
                .anyMatch(l -> "exclusive".equals(l.discovery()) && Assigner.locationScore(l, n) != null);
        return named ? null : "resource-discovery=exclusive and no exclusive location names this node";
    }

    /** May the resource be probed on {@code n}? */
    static boolean probes(WorkingSet ws, ResourceView r, NodeView n) {
        List<LocationConstraint> locations = of(ws, r);
        if (locations.isEmpty()) {
            return true;
        }
        if (exclusiveBan(locations, n) != null) {
            return false;
        }
        return locations.stream().noneMatch(l -> "never".equals(l.discovery()) && Assigner.locationScore(l, n) != null);
    }

    /** The constraints on the primitive, its group and its clone, in configuration order. */
    static List<LocationConstraint> of(WorkingSet ws, ResourceView r) {
        Map<String, List<LocationConstraint>> byResource = byResource(ws);
        List<LocationConstraint> own = byResource.getOrDefault(r.configId(), List.of());
        List<LocationConstraint> group = r.group == null ? List.of() : byResource.getOrDefault(r.group, List.of());
        List<LocationConstraint> clone = r.clone == null ? List.of() : byResource.getOrDefault(r.clone.id, List.of());
        if (group.isEmpty() && clone.isEmpty()) {
            return own; // the common case, asked for every node: no list made
        }
        Set<String> ids = new HashSet<>();
        ids.add(r.configId());
        if (r.group != null) {
            ids.add(r.group);
        }
        if (r.clone != null) {
            ids.add(r.clone.id);
        }
        return ws.config.locations().stream().filter(l -> ids.contains(l.resource())).toList();
    }

    /** The configured location constraints by the resource they name, made once per decision. */
    private static Map<String, List<LocationConstraint>> byResource(WorkingSet ws) {
        if (ws.locationsByResource == null) {
            Map<String, List<LocationConstraint>> out = new HashMap<>();
            for (LocationConstraint l : ws.config.locations()) {
                out.computeIfAbsent(l.resource(), k -> new ArrayList<>()).add(l);
            }
            out.replaceAll((k, v) -> List.copyOf(v));
            ws.locationsByResource = out;
        }
        return ws.locationsByResource;
    }
}
