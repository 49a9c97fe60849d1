package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where two configurations or statuses differ, part by part, for round-trip test messages. */
final class ModelDiff {
    private final List<String> differences = new ArrayList<>();

    static List<String> between(Cib a, Cib b) {
        ModelDiff d = new ModelDiff();
        d.same("execution date", a.executionDate(), b.executionDate());
        d.config(a.config(), b.config());
        d.status(a.status(), b.status());
        return d.differences;
    }

    private void config(ClusterConfig a, ClusterConfig b) {
        same("version", a.version(), b.version());
        same("properties", a.properties(), b.properties());
        same("rsc_defaults", a.resourceDefaults(), b.resourceDefaults());
        same("op_defaults", a.operationDefaults(), b.operationDefaults());
        same("node attributes", a.nodeAttributes(), b.nodeAttributes());
        same("node utilization", a.nodeUtilizations(), b.nodeUtilizations());
        for (Resource r : a.resources()) {
            Resource other = b.resource(r.id()).orElse(null);
            if (other == null) {
                differences.add("primitive " + r.id() + " lost");
            } else if (!r.equals(other)) {
                differences.add("primitive " + r.id() + ": " + describe(r) + " became " + describe(other));
            }
            same("utilization of " + r.id(), a.resourceUtilization(r.id()), b.resourceUtilization(r.id()));
        }
        same("primitive ids", ids(a.resources().stream().map(Resource::id)), ids(b.resources().stream().map(Resource::id)));
        same("groups", a.groups().stream().map(g -> g.id() + g.members() + g.meta()).toList(),
                b.groups().stream().map(g -> g.id() + g.members() + g.meta()).toList());
        same("clones", a.clones().stream().map(c -> c.id() + "(" + c.child() + ")" + c.meta()).toList(),
                b.clones().stream().map(c -> c.id() + "(" + c.child() + ")" + c.meta()).toList());
        same("locations", a.locations().size(), b.locations().size());
        for (int i = 0; i < Math.min(a.locations().size(), b.locations().size()); i++) {
            if (!a.locations().get(i).equals(b.locations().get(i))) {
                differences.add("location " + a.locations().get(i).id() + " changed");
            }
        }
        same("colocations", a.colocations().equals(b.colocations()), true);
        same("orders", a.orders().equals(b.orders()), true);
        same("fencing topology", a.fencingLevels(), b.fencingLevels());
        same("tickets", a.ticketConstraints(), b.ticketConstraints());
        same("ticket states", a.ticketStates(), b.ticketStates());
        if (differences.isEmpty() && !a.equals(b)) {
            differences.add("configurations differ in a part not compared here");
        }
    }

    private static String describe(Resource r) {
        StringBuilder s = new StringBuilder(r.agentSpec() + " params=" + r.params() + " meta=" + r.meta() + " ops=[");
        for (Operation o : r.operations()) {
            s.append(o.name()).append('/').append(o.interval()).append('/').append(o.timeout())
                    .append(o.defaultTimeout() ? "(default)" : "").append(" on-fail=").append(o.onFail())
                    .append(" role=").append(o.role()).append(" enabled=").append(o.enabled())
                    .append(" params=").append(o.params()).append("; ");
        }
        return s.append(']').toString();
    }

    private static TreeSet<String> ids(Stream<String> s) {
        return s.collect(Collectors.toCollection(TreeSet::new));
    }

    private void status(ClusterStatus a, ClusterStatus b) {
        same("quorum", a.quorate(), b.quorate());
        same("DC", a.dc(), b.dc());
        same("report order", a.reportOrder(), b.reportOrder());
        same("migrations", a.migrations(), b.migrations());
        same("status nodes", a.nodes().keySet(), b.nodes().keySet());
        for (Map.Entry<String, NodeStatus> e : a.nodes().entrySet()) {
            NodeStatus x = e.getValue(), y = b.nodes().get(e.getKey());
            if (y == null) {
                continue;
            }
            String n = "node " + e.getKey();
            same(n + " online", x.online(), y.online());
            same(n + " unclean", x.uncleanReason(), y.uncleanReason());
            same(n + " shutting down", x.shuttingDown(), y.shuttingDown());
            same(n + " attributes", x.attributes(), y.attributes());
            same(n + " resources", x.resources().keySet(), y.resources().keySet());
            x.resources().forEach((rsc, s) -> {
                ResourceState t = y.resources().get(rsc);
                if (t != null && !s.equals(t)) {
                    differences.add(n + " " + rsc + ": " + state(s) + " became " + state(t));
                }
            });
        }
    }

    private static String state(ResourceState s) {
        return s.role() + " failcount=" + s.failCount() + " failure=" + s.failedAction() + "/" + s.failedInterval()
                + "@" + s.lastFailure() + " '" + s.lastFailureReason() + "' recorded=" + s.recorded() + " recurring="
                + s.recurring() + " agent=" + s.agent() + " monitor=" + s.monitorInterval() + " promotion="
                + s.promotionScore();
    }

    private void same(String what, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            differences.add(what + ": " + a + " became " + b);
        }
    }
}
