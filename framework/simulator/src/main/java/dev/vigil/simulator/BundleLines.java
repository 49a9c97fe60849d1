package dev.vigil.simulator;

import java.util.List;
import java.util.Optional;

import dev.vigil.model.Bundle;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.Resource;
import dev.vigil.policy.ResourcePlacement;

/**
 * A bundle as crm_simulate lists it: a header, then one line per replica named after its guest
 * node (or its container, without one) and its address, in the role of the primitive inside (or
 * of the container) on the node hosting the container.
 */
final class BundleLines {
    private BundleLines() {
    }

    static void append(StringBuilder out, ClusterConfig config, Bundle b, List<ResourcePlacement> placements) {
        out.append("    * Container bundle").append(b.replicas() > 1 ? " set" : "").append(": ").append(b.id())
                .append(" [").append(b.image()).append("]").append(b.replicasPerHost() > 1 ? " (unique)" : "")
                .append(":\n");
        Optional<Resource> child = b.child().flatMap(config::resource);
        for (int i = 0; i < b.replicas(); i++) {
            String container = b.containerId(i);
            Resource shown = child.filter(c -> b.hasGuestNodes()).orElseGet(() -> config.resource(container).orElseThrow());
            Optional<ResourcePlacement> host = placed(placements, container, null);
            Optional<ResourcePlacement> state = b.hasGuestNodes()
                    ? placed(placements, shown.id() + ":", b.nodeName(i)) : host;
            out.append("      * ").append(b.hasGuestNodes() ? b.nodeName(i) : container);
            b.address(i).ifPresent(a -> out.append(" (").append(a).append(')'));
            out.append("\t(").append(shown.agentSpec()).append("):\t ");
            if (state.isPresent() && host.isPresent()) {
                String role = state.get().role();
                int paren = role.indexOf(" (");
                out.append(paren < 0 ? role : role.substring(0, paren)).append(' ').append(host.get().node())
                        .append(paren < 0 ? "" : role.substring(paren));
            } else {
                out.append("Stopped").append(host.map(h -> " " + h.node()).orElse(""));
            }
            out.append('\n');
        }
    }

    /** Where {@code resource} is placed (an id, or an instance prefix {@code child:} on {@code node}). */
    private static Optional<ResourcePlacement> placed(List<ResourcePlacement> placements, String resource, String node) {
        return placements.stream().filter(p -> node == null ? p.resource().equals(resource)
                : p.resource().startsWith(resource) && p.node().equals(node)).findFirst();
    }
}
