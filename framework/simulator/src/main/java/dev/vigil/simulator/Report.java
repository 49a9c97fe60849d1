package dev.vigil.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;

import dev.vigil.model.Cib;
import dev.vigil.model.Clone;
import dev.vigil.model.Group;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.RemoteNodes;
import dev.vigil.model.Resource;
import dev.vigil.policy.Action;
import dev.vigil.policy.Change;
import dev.vigil.policy.ResourcePlacement;
import dev.vigil.policy.Transition;

/** Formats a decision as crm_simulate does (-S layout), as JSON, or as a DOT graph of actions. */
final class Report {
    private final Cib cib;
    private final Transition transition;
    /** Guest nodes' implicit connections are never listed, as crm_simulate hides them. */
    private final RemoteNodes remotes;

    Report(Cib cib, Transition transition) {
        this.cib = cib;
        this.transition = transition;
        this.remotes = RemoteNodes.of(cib.config());
    }

    String text(boolean simulate, boolean scores) {
        StringBuilder out = new StringBuilder();
        out.append("Current cluster status:\n");
        FutureTask<String> revisedStatus = null;
        if (simulate && transition.revised().size() >= STATUS_ON_ITS_OWN_THREAD_FROM) {
            // The status after, written on another core meanwhile: for a large cluster the status
            // lines are a good part of the work. (The model and the transition do not change.)
            revisedStatus = new FutureTask<>(() -> {
                StringBuilder after = new StringBuilder();
                status(after, transition.revised(), true);
                return after.toString();
            });
            Thread t = new Thread(revisedStatus, "revised-status");
            t.setDaemon(true);
            t.start();
        }
        status(out, transition.current(), false);
        if (scores) {
            out.append("\nAllocation scores:\n");
            transition.allocationScores().forEach((rsc, byNode) -> byNode.forEach((node, s) ->
                    out.append("pcmk__primitive_assign: ").append(rsc).append(" allocation score on ").append(node)
                            .append(": ").append(s).append('\n')));
        }
        out.append("\nTransition Summary:\n");
        for (Change c : transition.changes()) {
            out.append("  * ").append(c).append('\n');
        }
        if (!simulate) {
            return out.toString();
        }
        out.append("\nExecuting Cluster Transition:\n");
        for (Action a : transition.actions()) {
            if (a.kind() == Action.Kind.FENCE) {
                out.append("  * Fencing ").append(a.node()).append(" (").append(a.fenceAction()).append(")\n");
            } else if (a.kind() == Action.Kind.NOTIFY && a.pseudo()) {
                out.append("  * Pseudo action:   ").append(a).append('\n');
            } else if (a.pseudo()) {
                out.append("  * Pseudo action:   ").append(a.instance()).append('_').append(a.kind().operation())
                        .append("_0\n");
            } else {
                out.append("  * Resource action: ");
                padded(out, String.valueOf(a.instance()), 15).append(' ')
                        .append(a.kind().operation()).append(a.interval().isZero() ? "" : "=" + a.interval().toMillis())
                        .append(" on ").append(a.node()).append('\n');
            }
        }
        out.append("\nRevised Cluster Status:\n");
        if (revisedStatus != null) {
            out.append(result(revisedStatus));
        } else {
            status(out, transition.revised(), true);
        }
        return out.toString();
    }

    /** From this many resource placements on, {@link #text} writes the status after on a thread of its own. */
    private static final int STATUS_ON_ITS_OWN_THREAD_FROM = 1000;

    /** What the task made; a failure there as if it had happened here. */
    private static String result(FutureTask<String> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code String.format("%-WIDTHs", s)}, appended: a line per action is too many for a formatter each. */
    private static StringBuilder padded(StringBuilder out, String s, int width) {
        out.append(s);
        for (int i = s.length(); i < width; i++) {
            out.append(' ');
        }
        return out;
    }

    /** Nodes the transition fences (reboot or off): unclean before, offline after. */
    private Set<String> fenced() {
        return transition.actions().stream()
                .filter(a -> a.kind() == Action.Kind.FENCE && !"on".equals(a.fenceAction()))
                .map(Action::node).collect(Collectors.toCollection(TreeSet::new));
    }

    private void status(StringBuilder out, List<ResourcePlacement> placements, boolean after) {
        nodesAndResources(out, placements, after);
        Map<String, List<ResourcePlacement>> instancesByPrimitive = new HashMap<>();
        for (ResourcePlacement p : placements) {
            int colon = p.resource().lastIndexOf(':');
            if (colon > 0) {
                instancesByPrimitive.computeIfAbsent(p.resource().substring(0, colon), k -> new ArrayList<>()).add(p);
            }
        }
        for (Clone c : cib.config().clones()) {
            if (cib.config().bundleOf(c.id()).isEmpty()) {
                clone(out, c, instancesByPrimitive);
            }
        }
        cib.config().bundles().forEach(b -> BundleLines.append(out, cib.config(), b, placements));
    }

    private void nodesAndResources(StringBuilder out, List<ResourcePlacement> placements, boolean after) {
        out.append("  * Node List:\n");
        List<String> online = new ArrayList<>(), offline = new ArrayList<>(), standby = new ArrayList<>();
        Set<String> fenced = fenced();
        for (NodeStatus n : cib.status().nodes().values()) {
            boolean sb = dev.vigil.model.ClusterConfig.isTrue(n.attributes().getOrDefault("standby",
                    cib.config().nodeAttributes().getOrDefault(n.name(), Map.of()).get("standby")));
            if ((fenced.contains(n.name()) && !after) || (n.unclean() && !fenced.contains(n.name()) && !n.online())) {
                out.append("    * Node ").append(n.name()).append(": UNCLEAN (")
                        .append(n.online() ? "online" : "offline").append(")\n");
            } else if (!n.online() || n.unclean() || fenced.contains(n.name())) {
                offline.add(n.name());
            } else if (sb) {
                standby.add(n.name());
            } else {
                online.add(n.name());
            }
        }
        for (String n : standby) {
            out.append("    * Node ").append(n).append(": standby\n");
        }
        if (!online.isEmpty()) {
            out.append("    * Online: [ ").append(String.join(" ", online)).append(" ]\n");
        }
        if (!offline.isEmpty()) {
            out.append("    * OFFLINE: [ ").append(String.join(" ", offline)).append(" ]\n");
        }
        out.append("\n  * Full List of Resources:\n");
        Map<String, List<ResourcePlacement>> byResource = new TreeMap<>();
        placements.forEach(p -> byResource.computeIfAbsent(p.resource(), k -> new ArrayList<>()).add(p));
        Set<String> inGroups = new TreeSet<>();
        for (Group g : cib.config().groups()) {
            inGroups.addAll(g.members());
        }
        for (Resource r : cib.config().resources()) {
            if (inGroups.contains(r.id()) || cib.config().cloneOf(r.id()).isPresent()
                    || cib.config().bundleOf(r.id()).isPresent()) {
                continue;
            }
            primitive(out, "    ", r, byResource.get(r.id()));
        }
        byResource.forEach((id, where) -> removed(id).ifPresent(r -> primitive(out, "    ", r, where)));
        for (Group g : cib.config().groups()) {
            if (cib.config().cloneOf(g.id()).isPresent()) {
                continue;
            }
            out.append("    * Resource Group: ").append(g.id()).append(":\n");
            for (String m : g.members()) {
                primitive(out, "      ", cib.config().resource(m).orElseThrow(), byResource.get(m));
            }
        }
    }

    /**
     * A resource no longer configured that still runs (an orphan), as the agent the status
     * recorded it with; empty for configured resources and clone instances.
     */
    private Optional<Resource> removed(String id) {
        int colon = id.lastIndexOf(':');
        if (cib.config().resource(id).isPresent() || remotes.isImplicit(id)
                || (colon > 0 && cib.config().resource(id.substring(0, colon)).isPresent())) {
            return Optional.empty();
        }
        return cib.status().nodes().values().stream().map(n -> n.resource(id).agent())
                .filter(Objects::nonNull).findFirst().map(agent -> {
                    String[] spec = agent.split(":");
                    return Resource.of(id, spec[0], spec.length > 2 ? spec[1] : null, spec[spec.length - 1], Map.of(),
                            Map.of(), List.of());
                });
    }

    /**
     * A clone's active instances, as crm_simulate shows them: an anonymous clone's healthy
     * instances (every member active on one node, in a plain role) as lists by role under the
     * child's id ({@code Started: [ n1 n2 ]}), any other instance member by member.
     */
    private void clone(StringBuilder out, Clone c, Map<String, List<ResourcePlacement>> instancesByPrimitive) {
        out.append("    * Clone Set: ").append(c.id()).append(" [").append(c.child()).append("]")
                .append(c.promotable() ? " (promotable)" : "").append(":\n");
        List<String> children = cib.config().group(c.child()).map(Group::members).orElse(List.of(c.child()));
        Map<String, List<ResourcePlacement>> byInstance = new TreeMap<>();
        for (String child : children) {
            for (ResourcePlacement p : instancesByPrimitive.getOrDefault(child, List.of())) {
                String id = p.resource();
                byInstance.computeIfAbsent(id.substring(id.lastIndexOf(':') + 1), k -> new ArrayList<>()).add(p);
            }
        }
        Map<String, List<String>> lists = new TreeMap<>();
        List<ResourcePlacement> detailed = new ArrayList<>();
        for (List<ResourcePlacement> members : byInstance.values()) {
            ResourcePlacement first = members.get(0);
            boolean healthy = !cib.config().uniqueInstances(c) && members.size() == children.size()
                    && members.stream().allMatch(p -> p.node().equals(first.node()) && p.role().equals(first.role()))
                    && List.of("Started", "Promoted", "Unpromoted").contains(first.role());
            if (healthy) {
                lists.computeIfAbsent(first.role(), k -> new ArrayList<>()).add(first.node());
            } else {
                detailed.addAll(members);
            }
        }
        lists.forEach((role, nodes) -> out.append("      * ").append(role).append(": [ ")
                .append(String.join(" ", new TreeSet<>(nodes))).append(" ]\n"));
        for (ResourcePlacement p : detailed) {
            String id = p.resource();
            Resource r = cib.config().resource(id.substring(0, id.lastIndexOf(':'))).orElseThrow();
            instance(out, id, r, p);
        }
    }

    private static void instance(StringBuilder out, String id, Resource r, ResourcePlacement p) {
        String role = p.role();
        int paren = role.indexOf(" (");
        String bare = paren < 0 ? role : role.substring(0, paren);
        String flags = paren < 0 ? "" : role.substring(paren);
        out.append("      * ").append(id).append("\t(").append(r.agentSpec()).append("):\t ").append(bare).append(' ')
                .append(p.node()).append(flags).append('\n');
    }

    private static void primitive(StringBuilder out, String indent, Resource r, List<ResourcePlacement> where) {
        if (where == null || where.isEmpty()) {
            boolean disabled = "stopped".equalsIgnoreCase(r.meta().getOrDefault(Resource.TARGET_ROLE, ""));
            out.append(indent).append("* ").append(r.id()).append("\t(").append(r.agentSpec()).append("):\t Stopped")
                    .append(disabled ? " (disabled)" : "").append('\n');
            return;
        }
        for (ResourcePlacement p : where) {
            String role = p.role();
            int paren = role.indexOf(" (");
            String bare = paren < 0 ? role : role.substring(0, paren);
            String flags = paren < 0 ? "" : role.substring(paren);
            out.append(indent).append("* ").append(r.id()).append("\t(").append(r.agentSpec()).append("):\t ")
                    .append(bare).append(' ').append(p.node()).append(flags).append('\n');
        }
    }

    String json() {
        StringBuilder out = new StringBuilder("{\n");
        out.append(" \"current\": ").append(placementsJson(transition.current())).append(",\n");
        out.append(" \"placement\": ").append(placementsJson(transition.revised())).append(",\n");
        Map<List<String>, Integer> counted = new TreeMap<>(Report::compareLists);
        for (Change c : transition.changes()) {
            counted.merge(List.of(c.verb(), c.resource(), c.detail()), 1, Integer::sum);
        }
        out.append(" \"transitions\": [").append(counted.entrySet().stream()
                .map(e -> "[" + quote(e.getKey().get(0)) + ", " + quote(e.getKey().get(1)) + ", "
                        + quote(e.getKey().get(2)) + ", " + e.getValue() + "]")
                .collect(Collectors.joining(", "))).append("],\n");
        out.append(" \"order\": [").append(transition.precedence().stream().map(Report::quote).collect(Collectors.joining(", ")))
                .append("]\n}\n");
        return out.toString();
    }

    private static int compareLists(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static String placementsJson(List<ResourcePlacement> ps) {
        Map<List<String>, Integer> counted = new TreeMap<>(Report::compareLists);
        ps.forEach(p -> counted.merge(List.of(p.resource(), p.role(), p.node()), 1, Integer::sum));
        return "[" + counted.entrySet().stream().map(e -> "[" + quote(e.getKey().get(0)) + ", "
                + quote(e.getKey().get(1)) + ", " + quote(e.getKey().get(2)) + ", " + e.getValue() + "]")
                .collect(Collectors.joining(", ")) + "]";
    }

    /** crm_simulate's graph: "rsc_op_interval node" action nodes, bold edges for orderings. */
    String dot() {
        StringBuilder out = new StringBuilder(" digraph \"g\" {\n");
        for (Action a : transition.actions()) {
            out.append('"').append(a).append("\" [ style=bold color=\"green\" fontcolor=\"")
                    .append(a.pseudo() ? "orange" : "black").append("\"]\n");
        }
        for (Action a : transition.actions()) {
            for (int d : transition.dependenciesOf(a.id())) {
                out.append('"').append(transition.actions().get(d)).append("\" -> \"").append(a)
                        .append("\" [ style = bold]\n");
            }
        }
        return out.append("}\n").toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
