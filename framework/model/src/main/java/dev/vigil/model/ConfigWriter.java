package dev.vigil.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a configuration in the language {@link ConfigReader} reads; reading it back gives an equal config. */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    /** Why the configuration language has no bundles. */
    static final String RUNTIME_HAS_NO_CONTAINERS = "bundles are not supported by Vigil's runtime, which has no "
            + "container agent (docker, podman); they are read from Pacemaker CIB XML for simulation only";

    public static String write(ClusterConfig c) {
        if (!c.bundles().isEmpty()) {
            // Written out, a bundle would become plain docker/podman primitives the runtime cannot run.
            throw new IllegalArgumentException(RUNTIME_HAS_NO_CONTAINERS + " (bundle "
                    + c.bundles().iterator().next().id() + ")");
        }
        StringBuilder out = new StringBuilder();
        out.append("version ").append(c.version()).append('\n');
        if (!c.properties().isEmpty()) {
            out.append("property").append(pairs(c.properties())).append('\n');
        }
        if (!c.resourceDefaults().isEmpty()) {
            out.append("rsc_defaults").append(pairs(c.resourceDefaults())).append('\n');
        }
        c.nodeAttributes().forEach((node, attrs) -> {
            out.append("node ").append(node);
            if (!attrs.isEmpty()) {
                // the node's CIB id first, as CibReader reads it, so that text through a CIB stays the same
                Map<String, String> ordered = new LinkedHashMap<>();
                if (attrs.containsKey("#id")) {
                    ordered.put("#id", attrs.get("#id"));
                }
                ordered.putAll(attrs);
                out.append(" attributes").append(pairs(ordered));
            }
            if (!c.nodeUtilization(node).isEmpty()) {
                out.append(" utilization").append(amounts(c.nodeUtilization(node)));
            }
            out.append('\n');
        });
        for (Resource r : c.resources()) {
            out.append("primitive ").append(r.id()).append(' ').append(r.agentSpec());
            if (!r.params().isEmpty()) {
                out.append(" params").append(pairs(r.params()));
            }
            for (Operation op : r.operations()) {
                out.append(" op ").append(op.name())
                        .append(" interval=").append(Durations.format(op.interval()))
                        .append(op.defaultTimeout() ? "" : " timeout=" + Durations.format(op.timeout()))
                        .append(op.onFail() == null ? "" : " on-fail=" + op.onFail())
                        .append(op.role() == null ? "" : " role=" + op.role())
                        .append(op.enabled() ? "" : " enabled=false");
                if (!op.params().isEmpty()) {
                    out.append(" op_params").append(pairs(op.params()));
                }
            }
            if (!r.meta().isEmpty()) {
                out.append(" meta").append(pairs(r.meta()));
            }
            if (!c.resourceUtilization(r.id()).isEmpty()) {
                out.append(" utilization").append(amounts(c.resourceUtilization(r.id())));
            }
            out.append('\n');
        }
        if (!c.operationDefaults().isEmpty()) {
            out.append("op_defaults").append(pairs(c.operationDefaults())).append('\n');
        }
        for (Group g : c.groups()) {
            out.append("group ").append(g.id()).append(' ').append(String.join(" ", g.members()));
            if (!g.meta().isEmpty()) {
                out.append(" meta").append(pairs(g.meta()));
            }
            out.append('\n');
        }
        for (Clone k : c.clones()) {
            out.append("clone ").append(k.id()).append(' ').append(k.child());
            if (!k.meta().isEmpty()) {
                out.append(" meta").append(pairs(k.meta()));
            }
            out.append('\n');
        }
        for (LocationConstraint l : c.locations()) {
            out.append("location ").append(l.id()).append(' ').append(l.resource())
                    .append(l.role() == null ? "" : ":" + l.role());
            if (l.node() != null) {
                out.append(' ').append(l.score()).append(": ").append(quote(l.node()));
            }
            for (int i = 0; i < l.rules().size(); i++) {
                LocationRules.write(l.rules().get(i), LocationRules.defaultId(l.id(), i), out);
            }
            out.append('\n');
        }
        for (Colocation x : c.colocations()) {
            out.append("colocation ").append(x.id()).append(' ').append(x.score()).append(": ")
                    .append(x.resource()).append(x.role() == null ? "" : ":" + x.role()).append(' ')
                    .append(x.withResource()).append(x.withRole() == null ? "" : ":" + x.withRole()).append('\n');
        }
        for (Order o : c.orders()) {
            String kind = o.kind().name().charAt(0) + o.kind().name().substring(1).toLowerCase(Locale.ROOT);
            out.append("order ").append(o.id()).append(' ').append(kind).append(": ")
                    .append(o.first()).append(':').append(o.firstAction()).append(' ')
                    .append(o.then()).append(':').append(o.thenAction())
                    .append(o.symmetrical() ? "" : " symmetrical=false")
                    .append(o.requireAll() ? "" : " require-all=false").append('\n');
        }
        TicketStatements.write(c, out);
        writeTopology(c.fencingLevels(), out);
        return out.toString();
    }

    /** One {@code fencing_topology} line: each target once, then its levels in index order. */
    private static void writeTopology(List<FencingLevel> levels, StringBuilder out) {
        if (levels.isEmpty()) {
            return;
        }
        out.append("fencing_topology");
        List<FencingLevel> written = new ArrayList<>();
        for (FencingLevel first : levels) {
            if (written.stream().anyMatch(w -> w.sameTarget(first))) {
                continue;
            }
            out.append(' ').append(first.describeTarget());
            levels.stream().filter(l -> l.sameTarget(first)).sorted(Comparator.comparingInt(FencingLevel::index))
                    .forEach(l -> out.append(' ').append(String.join(",", l.devices())));
            written.add(first);
        }
        out.append('\n');
    }

    private static String pairs(Map<String, String> m) {
        return m.entrySet().stream()
                .map(e -> " " + quote(e.getKey()) + "=" + quote(e.getValue()))
                .collect(Collectors.joining());
    }

    private static String amounts(Map<String, Integer> m) {
        return m.entrySet().stream().map(e -> " " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining());
    }

    /** A word as the reader tokenizes it: quoted when empty or holding blanks or '#'; a '"' cannot be written. */
    static String quote(String v) {
        if (v.indexOf('"') >= 0) {
            throw new IllegalArgumentException("the configuration language cannot write a value holding '\"': " + v);
        }
        return v.isEmpty() || v.chars().anyMatch(ch -> Character.isWhitespace(ch) || ch == '#')
                ? '"' + v + '"' : v;
    }
}
