package dev.vigil.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a configuration and a status as Pacemaker CIB XML, the reverse of {@link CibReader}:
 * reading the written CIB gives an equal configuration and status, and Pacemaker's own tools
 * ({@code crm_simulate}, {@code crm_verify}) accept it. Ids are derived from what they name,
 * so the same input always gives the same document.
 *
 * <p>What the model keeps in its own form is written in Pacemaker's: resource sets, which the
 * reader unfolds into pairwise constraints, are written as those pairs; a location with
 * {@code rsc-pattern} as one location per resource it matched; a group's or clone's instance
 * attributes on each primitive that inherited them. Vigil's own agents (no agent class) are
 * written as {@code ocf:vigil:TYPE}, which {@link CibReader} reads back as such.
 */
public final class CibWriter {
    /** The schema the written CIB declares; Pacemaker 2.1.5 validates against it. */
    static final String SCHEMA = "pacemaker-3.7";
    /**
     * The feature set a CIB written from Vigil's own configuration claims: Pacemaker 2.1.5's (it
     * refuses to update a CIB of a newer one, and keeps older behaviour for older ones).
     */
    static final String FEATURE_SET = "3.16.1";
    /** The OCF provider under which Vigil's own (classless) agents are written. */
    public static final String VIGIL_PROVIDER = "vigil";

    private final CibIds ids = new CibIds();
    private final XmlWriter xml = new XmlWriter();
    private final ClusterConfig config;
    private final ClusterStatus status;

    private final String featureSet;
    private final boolean statusNodes;
    private Instant executionDate;

    private CibWriter(ClusterConfig config, ClusterStatus status, String featureSet, boolean statusNodes) {
        this.config = config;
        this.status = status;
        this.featureSet = featureSet;
        this.statusNodes = statusNodes;
    }

    /** The configuration alone, with an empty status. */
    public static String write(ClusterConfig config) {
        return write(config, ClusterStatus.of(Map.of(), false, null));
    }

    /** A CIB as read, with the feature set it had (none when it had none). */
    public static String write(Cib cib) {
        CibWriter w = new CibWriter(cib.config(), cib.status(), cib.featureSet(), false);
        w.executionDate = cib.executionDate().orElse(null); // a saved input is decided as of then
        return w.document();
    }

    /**
     * A configuration and status of this Vigil, as a CIB of Pacemaker 2.1.5's feature set. Nodes
     * known only to the status (Vigil's members come from the node settings, not the cluster
     * configuration) are written in {@code <nodes>} too: Pacemaker ignores the state of a node
     * it has no {@code <node>} for.
     */
    public static String write(ClusterConfig config, ClusterStatus status) {
        return new CibWriter(config, status, FEATURE_SET, true).document();
    }

    private String document() {
        if (!config.bundles().isEmpty()) {
            // Written as read, a bundle would come back as its implicit primitives and clone.
            throw new IllegalArgumentException("bundle " + config.bundles().iterator().next().id()
                    + ": bundles cannot be written back to CIB XML yet");
        }
        reserveGivenIds();
        xml.start("cib").attr("crm_feature_set", featureSet).attr("validate-with", SCHEMA).attr("admin_epoch", 0).attr("epoch", config.version())
                .attr("num_updates", 0).attr("have-quorum", status.quorate() ? "1" : "0")
                .attr("dc-uuid", status.dc() == null ? null : nodeId(status.dc()))
                .attr("no-quorum-panic", panics() ? "1" : null)
                .attr("execution-date", executionDate == null ? null : executionDate.getEpochSecond());
        xml.start("configuration");
        writeProperties();
        writeDefaults("rsc_defaults", "rsc-options", config.resourceDefaults());
        writeDefaults("op_defaults", "op-options", config.operationDefaults());
        writeNodes();
        xml.start("resources");
        for (String id : topLevelResources()) {
            writeResource(id);
        }
        xml.end();
        xml.start("constraints");
        new CibConstraintWriter(xml, ids).write(config);
        xml.end();
        writeFencingTopology();
        // Templates and tags are not in the model: the reader resolves them to the resources they stand for.
        xml.end();
        new CibStatusWriter(xml, ids, config).write(status, this::nodeId);
        xml.end();
        return xml.finish();
    }

    /**
     * A cluster that has had quorum and lost it (Pacemaker's {@code no-quorum-panic}): without
     * it, {@code no-quorum-policy=suicide} is read as stop while the cluster is not quorate.
     */
    private boolean panics() {
        return "suicide".equals(config.property("no-quorum-policy", "stop")) && !status.quorate();
    }

    private void reserveGivenIds() {
        config.resources().forEach(r -> ids.reserve(r.id()));
        config.groups().forEach(g -> ids.reserve(g.id()));
        config.clones().forEach(c -> ids.reserve(c.id()));
        config.locations().forEach(l -> ids.reserve(l.id()));
        config.colocations().forEach(c -> ids.reserve(c.id()));
        config.orders().forEach(o -> ids.reserve(o.id()));
        config.ticketConstraints().forEach(t -> ids.reserve(t.id()));
        config.locations().forEach(l -> l.rules().forEach(this::reserveRuleIds));
    }

    private void reserveRuleIds(Rule r) {
        ids.reserve(r.id());
        r.rules().forEach(this::reserveRuleIds);
    }

    /** A node's CIB id: the one it was read with ({@code #id}), else its name. */
    String nodeId(String node) {
        return config.nodeAttributes().getOrDefault(node, Map.of()).getOrDefault("#id", node);
    }

    private void writeProperties() {
        xml.start("crm_config");
        if (!config.properties().isEmpty()) {
            nvpairs("cluster_property_set", "cib-bootstrap-options", config.properties());
        }
        xml.end();
    }

    private void writeDefaults(String section, String setId, Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        xml.start(section);
        nvpairs("meta_attributes", setId, values);
        xml.end();
    }

    private void writeNodes() {
        xml.start("nodes");
        config.nodeAttributes().forEach((node, attrs) -> {
            xml.start("node").attr("id", nodeId(node)).attr("uname", node);
            Map<String, String> own = new LinkedHashMap<>(attrs);
            own.remove("#id");
            if (own.remove(CibReader.NODE_KIND) != null) {
                xml.attr("type", attrs.get(CibReader.NODE_KIND));
            }
            if (!own.isEmpty()) {
                nvpairs("instance_attributes", "nodes-" + nodeId(node), own);
            }
            utilization("nodes-" + nodeId(node), config.nodeUtilization(node));
            xml.end();
        });
        if (statusNodes) {
            status.reportOrder().stream().filter(n -> !config.nodeAttributes().containsKey(n))
                    .forEach(n -> xml.start("node").attr("id", n).attr("uname", n).end());
        }
        xml.end();
    }

    /**
     * Primitives outside groups and clones, groups outside clones, and clones, each where its
     * first primitive comes: the reader's order of primitives, which placement ties follow.
     */
    private List<String> topLevelResources() {
        Set<String> out = new LinkedHashSet<>();
        for (Resource r : config.resources()) {
            String top = r.id();
            Optional<Group> g = config.groupOf(top);
            if (g.isPresent()) {
                top = g.get().id();
            }
            Optional<Clone> c = config.cloneOf(r.id());
            if (c.isPresent()) {
                top = c.get().id();
            }
            out.add(top);
        }
        return new ArrayList<>(out);
    }

    private void writeResource(String id) {
        Optional<Clone> clone = config.clone(id);
        if (clone.isPresent()) {
            xml.start("clone").attr("id", id);
            meta(id, clone.get().meta());
            writeResource(clone.get().child());
            xml.end();
            return;
        }
        Optional<Group> group = config.group(id);
        if (group.isPresent()) {
            xml.start("group").attr("id", id);
            meta(id, group.get().meta());
            group.get().members().forEach(this::writePrimitive);
            xml.end();
            return;
        }
        writePrimitive(id);
    }

    private void writePrimitive(String id) {
        Resource r = config.resource(id).orElseThrow(() -> new IllegalArgumentException(
                "'" + id + "' is named in a group or clone but is not a configured primitive"));
        boolean vigilAgent = r.agentClass() == null;
        xml.start("primitive").attr("id", id).attr("class", vigilAgent ? "ocf" : r.agentClass())
                .attr("provider", vigilAgent ? VIGIL_PROVIDER : r.agentProvider()).attr("type", r.agentType());
        if (!r.params().isEmpty()) {
            nvpairs("instance_attributes", ids.derive(id, "instance_attributes"), r.params());
        }
        meta(id, r.meta());
        utilization(id, config.resourceUtilization(id));
        if (!r.operations().isEmpty()) {
            xml.start("operations");
            for (Operation op : r.operations()) {
                writeOperation(id, op);
            }
            xml.end();
        }
        xml.end();
    }

    private void writeOperation(String rsc, Operation op) {
        String opId = ids.derive(rsc, op.name(), Durations.format(op.interval()));
        xml.start("op").attr("id", opId).attr("name", op.name()).attr("interval", Durations.format(op.interval()))
                .attr("timeout", op.defaultTimeout() ? null : Durations.format(op.timeout()))
                .attr("role", op.role()).attr("on-fail", op.onFail()).attr("enabled", op.enabled() ? null : "false");
        if (!op.params().isEmpty()) {
            nvpairs("instance_attributes", ids.derive(opId, "instance_attributes"), op.params());
        }
        xml.end();
    }

    private void meta(String owner, Map<String, String> meta) {
        if (!meta.isEmpty()) {
            nvpairs("meta_attributes", ids.derive(owner, "meta_attributes"), meta);
        }
    }

    private void utilization(String owner, Map<String, Integer> amounts) {
        if (amounts.isEmpty()) {
            return;
        }
        String setId = ids.derive(owner, "utilization");
        xml.start("utilization").attr("id", setId);
        amounts.forEach((k, v) -> xml.start("nvpair").attr("id", ids.derive(setId, k)).attr("name", k)
                .attr("value", v).end());
        xml.end();
    }

    /** An attribute set; {@code setId} is made unique if it is taken. */
    private void nvpairs(String element, String setId, Map<String, String> values) {
        String id = ids.derive(setId);
        xml.start(element).attr("id", id);
        values.forEach((k, v) -> xml.start("nvpair").attr("id", ids.derive(id, k)).attr("name", k)
                .attr("value", v).end());
        xml.end();
    }

    private void writeFencingTopology() {
        if (config.fencingLevels().isEmpty()) {
            return;
        }
        xml.start("fencing-topology");
        for (FencingLevel l : config.fencingLevels()) {
            xml.start("fencing-level")
                    .attr("id", ids.derive("fl", l.kind() == FencingLevel.TargetKind.NODE ? l.target() : "level",
                            Integer.toString(l.index())))
                    .attr("index", l.index()).attr("devices", String.join(",", l.devices()));
            switch (l.kind()) {
                case NODE:
                    xml.attr("target", l.target());
                    break;
                case PATTERN:
                    xml.attr("target-pattern", l.target());
                    break;
                default:
                    xml.attr("target-attribute", l.target()).attr("target-value", l.attributeValue());
            }
            xml.end();
        }
        xml.end();
    }
}
