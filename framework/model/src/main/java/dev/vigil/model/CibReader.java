package dev.vigil.model;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Pacemaker CIB XML: the configuration (properties, nodes, defaults, primitives,
 * groups, location/colocation/order constraints with rules) and the status (membership,
 * transient attributes, operation history, see {@link OperationHistory}). What it cannot read
 * is refused with the element, its line and the reason; it never guesses. Resource templates and
 * tags may stand for resources in constraints ({@link ConstraintTargets}); attribute sets are
 * merged by score and rule ({@link AttributeSets}), their date rules at the time the reader is
 * given. A reader keeps state while it reads: one document at a time.
 */
public final class CibReader {
    /** The node attribute recording a node's kind: "remote" for a {@code <node type="remote">}. */
    static final String NODE_KIND = "#kind";

    private final String source;
    /** The templates and tags of the document being read (set at the start of {@link #read}). */
    private ResourceTemplates templates = ResourceTemplates.of(null);
    private ConstraintTargets targets = ConstraintTargets.of(templates, null);
    /** The primitives read so far, for rules that take values from a resource (value-source). */
    private final Map<String, Resource> primitives = new LinkedHashMap<>();
    /** Each primitive's own instance_attributes sets, for value-source="param" on sets with rules. */
    private final Map<String, List<XmlElement>> primitiveParamSets = new LinkedHashMap<>();
    /** The time rules of attribute sets are evaluated at: {@link #at}, else the CIB's execution-date. */
    private Instant evaluationTime;
    /** The time for a CIB without execution-date (see {@link #undatedAt}). */
    private Instant undatedTime;
    private AttributeSets.Context sets = AttributeSets.Context.at(null);
    /** The rsc_defaults sets and what they give a resource whose agent no rule tests. */
    private List<XmlElement> resourceDefaultSets = List.of();
    /** Whether some rsc_defaults set has a rule on the resource's agent (asked once, not for each primitive). */
    private boolean defaultsTestAgent;
    /** The durations read so far: a configuration names the same few again and again. */
    private final Map<String, Duration> durations = new HashMap<>();
    private Map<String, String> resourceDefaults = Map.of();
    /** The bundles read so far, by id, for the constraints that name them. */
    private final Map<String, Bundle> bundles = new LinkedHashMap<>();
    /** The meta attributes of the group and clone around the primitive being read. */
    private Map<String, String> enclosingMeta = Map.of();

    public CibReader(String source) {
        this.source = source;
    }

    /**
     * The same reader, evaluating the rules of attribute sets (a maintenance window in a
     * cluster_property_set, a meta_attributes set for office hours) at {@code when} rather than
     * at the CIB's execution-date. Without either (nor {@link #undatedAt}), their date expressions do not hold.
     */
    public CibReader at(Instant when) {
        CibReader r = new CibReader(source);
        r.evaluationTime = when;
        r.undatedTime = undatedTime;
        return r;
    }

    /** The same reader, evaluating those rules at {@code when} if the CIB has no execution-date (a live CIB). */
    public CibReader undatedAt(Instant when) {
        CibReader r = new CibReader(source);
        r.evaluationTime = evaluationTime;
        r.undatedTime = when;
        return r;
    }

    public Cib read(String xml) {
        return read(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a CIB given as the bytes of its file (UTF-8), without decoding the whole of it first. */
    public Cib read(byte[] xml) {
        XmlElement cib = XmlElement.parse(source, xml);
        if (!cib.name.equals("cib")) {
            throw refuse(cib, "the document element is <" + cib.name + ">, not <cib>");
        }
        XmlElement configuration = required(cib, "configuration");
        ClusterConfig.Builder b = ClusterConfig.builder();
        try {
            b.version(Long.parseLong(cib.attr("epoch", "0")));
        } catch (NumberFormatException e) {
            throw refuse(cib, "epoch '" + cib.attr("epoch") + "' is not a number");
        }
        Map<String, String> nodeIds = new LinkedHashMap<>();
        templates = ResourceTemplates.of(configuration.child("resources"));
        primitives.clear();
        bundles.clear();
        Instant dated = executionDate(cib);
        sets = AttributeSets.Context.at(evaluationTime != null ? evaluationTime : dated != null ? dated : undatedTime);
        XmlElement defaults = configuration.child("rsc_defaults");
        resourceDefaultSets = defaults == null ? List.of() : defaults.children;
        resourceDefaults = attributeSets(defaults, resourceDefaultSets, sets, null);
        defaultsTestAgent = AttributeSets.testsAgent(resourceDefaultSets);
        targets = ConstraintTargets.of(templates, configuration.child("tags"));
        for (XmlElement section : configuration.children) {
            switch (section.name) {
                case "crm_config":
                    attributeSets(section, section.children("cluster_property_set"), sets, "cib-bootstrap-options")
                            .forEach(b::property);
                    break;
                case "nodes":
                    readNodes(section, b, nodeIds);
                    break;
                case "rsc_defaults":
                    resourceDefaults.forEach(b::resourceDefault);
                    break;
                case "op_defaults":
                    section.children.forEach(set -> nvpairs(set).forEach(b::operationDefault));
                    break;
                case "resources":
                    readResources(section, b);
                    break;
                case "constraints":
                    readConstraints(section, b);
                    break;
                case "fencing-topology":
                    readFencingTopology(section, b);
                    break;
                case "tags": // read with the templates, before the constraints that use them
                case "acls":
                case "alerts":
                    break; // nothing the scheduler uses yet
                default:
                    throw refuse(section, "unknown configuration section <" + section.name + ">");
            }
        }
        new TicketReader(source, targets).read(configuration, cib.child("status"), b);
        ClusterConfig config;
        try {
            neverQuorate(cib, b.build()).ifPresent(policy -> b.property("no-quorum-policy", policy));
            config = b.build();
        } catch (IllegalArgumentException e) {
            throw refuse(configuration, e.getMessage());
        }
        XmlElement status = cib.child("status");
        boolean quorate = ClusterConfig.isTrue(cib.attr("have-quorum", "false"));
        String dc = nodeIds.get(cib.attr("dc-uuid", ""));
        ClusterStatus clusterStatus = new OperationHistory(source, config).unpack(status, nodeIds, quorate, dc);
        Cib read = Cib.of(config, clusterStatus).withFeatureSet(cib.attr("crm_feature_set"));
        Instant executed = executionDate(cib);
        return executed == null ? read : read.withExecutionDate(executed);
    }

    private Instant executionDate(XmlElement cib) {
        String executed = cib.attr("execution-date");
        if (executed == null) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(executed.trim()));
        } catch (NumberFormatException e) {
            throw refuse(cib, "execution-date '" + executed + "' is not a number of seconds since the epoch");
        }
    }

    /** Attribute sets merged as Pacemaker does (see {@link AttributeSets}); errors name {@code owner}. */
    private Map<String, String> attributeSets(XmlElement owner, List<XmlElement> list, AttributeSets.Context context,
            String firstId) {
        if (list.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try {
            return AttributeSets.merge(list, context, firstId);
        } catch (IllegalArgumentException e) {
            throw refuse(owner, e.getMessage());
        }
    }

    /**
     * Pacemaker resets no-quorum-policy=suicide to stop while the cluster has never had quorum
     * (the CIB's no-quorum-panic attribute is not set) and when fencing is disabled: there is
     * nothing to lose yet, or no way to fence.
     */
    private static Optional<String> neverQuorate(XmlElement cib, ClusterConfig c) {
        if (!"suicide".equals(c.property("no-quorum-policy", "stop"))) {
            return Optional.empty();
        }
        boolean fencing = ClusterConfig.isTrue(c.property("stonith-enabled", "true"));
        boolean panic = !cib.attr("no-quorum-panic", "0").equals("0");
        boolean quorate = ClusterConfig.isTrue(cib.attr("have-quorum", "false"));
        return fencing && (panic || quorate) ? Optional.empty() : Optional.of("stop");
    }

    private ConfigException refuse(XmlElement e, String reason) {
        return new ConfigException(source, e.line, "<" + e.name + (e.attr("id") == null ? "" : " id=" + e.attr("id"))
                + ">: " + reason);
    }

    private XmlElement required(XmlElement parent, String name) {
        XmlElement c = parent.child(name);
        if (c == null) {
            throw refuse(parent, "lacks <" + name + ">");
        }
        return c;
    }

    private String requiredAttr(XmlElement e, String name) {
        String v = e.attr(name);
        if (v == null) {
            throw refuse(e, "lacks attribute " + name);
        }
        return v;
    }

    /** The name/value pairs of an attribute set; the first set giving a name wins, as in Pacemaker. */
    /**
     * A set's name/value pairs, the first of a name winning; the value {@code #default} means
     * "not set" and removes an earlier value of that name (Pacemaker's populate_hash).
     */

    static Map<String, String> nvpairs(XmlElement set) {
        Map<String, String> out = new LinkedHashMap<>();
        for (XmlElement nv : set.children("nvpair")) {
            String name = nv.attr("name");
            if (name == null) {
                continue;
            }
            String value = nv.attr("value", "");
            if (value.equalsIgnoreCase("#default")) {
                out.remove(name);
            } else {
                out.putIfAbsent(name, value);
            }
        }
        return out;
    }

    private void readNodes(XmlElement nodes, ClusterConfig.Builder b, Map<String, String> ids) {
        for (XmlElement node : nodes.children("node")) {
            String uname = requiredAttr(node, "uname");
            ids.put(node.attr("id", uname), uname);
            b.node(uname);
            if ("remote".equals(node.attr("type"))) {
                b.nodeAttribute(uname, NODE_KIND, "remote"); // a Pacemaker Remote node, connected or not
            }
            if (!node.attr("id", uname).equals(uname)) {
                b.nodeAttribute(uname, "#id", node.attr("id")); // the engine takes the name when they are the same
            }
            attributeSets(node, node.children("instance_attributes"), sets, null)
                    .forEach((k, v) -> b.nodeAttribute(uname, k, v));
            // Pacemaker 2.1.5 reads capacities from here only, not from transient attributes in the status.
            utilization(node, "node " + uname).forEach((k, v) -> b.nodeUtilization(uname, k, v));
        }
    }

    private void readResources(XmlElement resources, ClusterConfig.Builder b) {
        for (XmlElement r : resources.children) {
            switch (r.name) {
                case "primitive":
                    b.resource(primitive(r, Map.of(), b));
                    break;
                case "group":
                    b.group(group(r, b, Map.of()));
                    break;
                case "clone":
                case "master":
                    b.clone(clone(r, b));
                    break;
                case "bundle":
                    bundle(r, b);
                    break;
                case "template":
                    break; // collected beforehand: see ResourceTemplates
                default:
                    throw refuse(r, "unknown resource element");
            }
        }
    }

    /** @param inherited the instance attributes of the clone around it, passed on to its members */
    private Group group(XmlElement r, ClusterConfig.Builder b, Map<String, String> inherited) {
        Map<String, String> params = instanceAttributes(r, inherited);
        Map<String, String> groupMeta = meta(r, sets);
        Map<String, String> outer = enclosingMeta;
        enclosingMeta = new LinkedHashMap<>(groupMeta);
        outer.forEach(enclosingMeta::putIfAbsent);
        List<String> members = new ArrayList<>();
        for (XmlElement m : r.children) {
            if (m.name.equals("primitive")) {
                Resource p = primitive(m, params, b);
                b.resource(p);
                members.add(p.id());
            } else if (!isAttributeSet(m)) {
                throw refuse(m, "a group may hold only primitives");
            }
        }
        enclosingMeta = outer;
        try {
            return Group.of(requiredAttr(r, "id"), members, groupMeta);
        } catch (IllegalArgumentException e) {
            throw refuse(r, e.getMessage());
        }
    }

    /**
     * {@code <bundle>}: read, then expanded into the resources Pacemaker makes for each replica
     * (see {@link Bundle}): the containers, the addresses (each with its container, started
     * before it), the guest nodes (through the containers' remote-node), and the clone of the
     * primitive inside. Pacemaker's docker and podman containers are read; rkt is refused.
     */
    private void bundle(XmlElement r, ClusterConfig.Builder b) {
        String id = requiredAttr(r, "id");
        XmlElement container = r.child("docker") != null ? r.child("docker") : r.child("podman");
        if (container == null) {
            throw refuse(r, r.child("rkt") != null ? "rkt containers are not supported (Pacemaker dropped them too)"
                    : "a bundle needs a <docker> or <podman> container");
        }
        Bundle.Builder bb = Bundle.builder(id, container.name).image(container.attr("image"))
                .replicas(count(container, "replicas", null)).replicasPerHost(count(container, "replicas-per-host", 1))
                .promotedMax(count(container, "promoted-max", count(container, "master-max", 0)))
                .runCommand(container.attr("run-command")).options(container.attr("options"))
                .containerNetwork(container.attr("network"));
        XmlElement network = r.child("network");
        if (network != null) {
            String addHost = network.attr("add-host");
            bb.network(network.attr("ip-range-start"), network.attr("host-netmask"), network.attr("host-interface"),
                    network.attr("control-port"), addHost == null || !isFalse(addHost));
            for (XmlElement pm : network.children("port-mapping")) {
                String port = pm.attr("port");
                String source = port != null ? port : pm.attr("range");
                if (source == null || source.isEmpty()) {
                    throw refuse(pm, "a port-mapping needs a port or a range");
                }
                bb.port(new Bundle.Port(source, port != null ? pm.attr("internal-port", source) : source));
            }
        }
        XmlElement storage = r.child("storage");
        if (storage != null) {
            for (XmlElement sm : storage.children("storage-mapping")) {
                String source = sm.attr("source-dir");
                boolean perReplica = source == null;
                source = perReplica ? sm.attr("source-dir-root") : source;
                if (source == null || sm.attr("target-dir") == null) {
                    throw refuse(sm, "a storage-mapping needs a source-dir (or source-dir-root) and a target-dir");
                }
                bb.mount(new Bundle.Mount(source, sm.attr("target-dir"), sm.attr("options"), perReplica));
            }
        }
        Map<String, String> meta = meta(r, sets);
        XmlElement inside = r.child("primitive");
        Resource child = null;
        if (inside != null) {
            enclosingMeta = meta;
            child = primitive(inside, Map.of(), b);
            enclosingMeta = Map.of();
            bb.child(child.id());
        }
        Bundle bundle = bb.build();
        if (child != null && !bundle.hasNetwork()) {
            throw refuse(inside, "cannot control " + child.id() + " inside bundle " + id
                    + " without ip-range-start or control-port");
        }
        bundles.put(id, bundle);
        b.bundle(bundle);
        for (int i = 0; i < bundle.replicas(); i++) {
            Resource c = bundle.container(i, meta);
            b.resource(c);
            if (child != null) {
                b.copyUtilization(child.id(), c.id()); // the primitive's needs are its container's
            }
            bundle.ip(i, meta).ifPresent(ip -> {
                b.resource(ip);
                b.colocation(Colocation.of(ip.id() + "-with-container", ip.id(), c.id(), Score.POSITIVE_INFINITY, null, null,
                        null));
                b.order(Order.of(ip.id() + "-before-container", ip.id(), "start", c.id(), "start",
                        Order.Kind.MANDATORY, true));
            });
        }
        if (child != null) {
            b.dropUtilization(child.id());
            b.resource(child);
            Map<String, String> cloneMeta = new LinkedHashMap<>(meta);
            cloneMeta.put(Clone.ORDERED, "true");
            cloneMeta.put(Clone.CLONE_MAX, Integer.toString(bundle.replicas()));
            cloneMeta.put(Clone.CLONE_NODE_MAX, "1"); // one instance per guest node, each its replica's
            cloneMeta.put(Clone.GLOBALLY_UNIQUE, Boolean.toString(bundle.replicasPerHost() > 1));
            if (ClusterConfig.isTrue(child.meta().getOrDefault(Clone.NOTIFY, "false"))) {
                cloneMeta.put(Clone.NOTIFY, "true");
            }
            if (bundle.promotedMax() > 0) {
                cloneMeta.put(Clone.PROMOTABLE, "true");
                cloneMeta.put(Clone.PROMOTED_MAX, Integer.toString(bundle.promotedMax()));
            }
            b.clone(Clone.of(bundle.cloneId(), child.id(), cloneMeta));
        }
    }

    private static boolean isFalse(String v) {
        return List.of("false", "no", "off", "0", "n").contains(v.trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** A count attribute of a bundle's container: a negative or unreadable one counts as the minimum, as in Pacemaker. */
    private static Integer count(XmlElement e, String name, Integer fallback) {
        String v = e.attr(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException x) {
            return fallback;
        }
    }

    /**
     * A location naming a bundle holds for each of its containers and addresses; one for the
     * promoted or unpromoted role holds for its primitive's clone (lib/pacemaker/pcmk_sched_bundle.c).
     */
    private static List<LocationConstraint> bundleLocation(Bundle bundle, LocationConstraint l) {
        List<String> targets = new ArrayList<>();
        String role = l.role();
        if (role != null && (role.equals("Promoted") || role.equals("Unpromoted"))) {
            bundle.child().filter(c -> bundle.hasGuestNodes()).ifPresent(c -> targets.add(bundle.cloneId()));
        } else {
            for (int i = 0; i < bundle.replicas(); i++) {
                targets.add(bundle.containerId(i));
                bundle.ipId(i).ifPresent(targets::add);
            }
        }
        List<LocationConstraint> out = new ArrayList<>();
        for (String t : targets) {
            String id = l.id() + "-" + t; // constraint ids are unique: one per implicit resource
            LocationConstraint copy = l.rules().isEmpty() ? LocationConstraint.of(id, t, l.node(), l.score(), role)
                    : LocationConstraint.ofRules(id, t, role, l.rules());
            out.add(copy.withDiscovery(l.discovery()));
        }
        return out;
    }

    /** {@code <clone>} of one primitive or group; {@code <master>} is Pacemaker's old promotable clone. */
    private Clone clone(XmlElement r, ClusterConfig.Builder b) {
        Map<String, String> params = instanceAttributes(r, Map.of());
        Map<String, String> meta = meta(r, sets);
        enclosingMeta = meta;
        String child = null;
        for (XmlElement c : r.children) {
            if (isAttributeSet(c)) {
                continue;
            }
            if (child != null) {
                throw refuse(c, "a clone holds one primitive or group");
            }
            if (c.name.equals("primitive")) {
                Resource p = primitive(c, params, b);
                b.resource(p);
                child = p.id();
            } else if (c.name.equals("group")) {
                Group g = group(c, b, params);
                b.group(g);
                child = g.id();
            } else {
                throw refuse(c, "a clone may hold a primitive or a group, not <" + c.name + ">");
            }
        }
        enclosingMeta = Map.of();
        if (child == null) {
            throw refuse(r, "a clone needs a primitive or a group to clone");
        }
        if (r.name.equals("master")) {
            meta.put(Clone.PROMOTABLE, "true");
        }
        try {
            return Clone.of(requiredAttr(r, "id"), child, meta);
        } catch (IllegalArgumentException e) {
            throw refuse(r, e.getMessage());
        }
    }

    private static boolean isAttributeSet(XmlElement e) {
        // a group's or clone's own utilization is not used: Pacemaker sums its primitives'
        return e.name.equals("meta_attributes") || e.name.equals("instance_attributes") || e.name.equals("utilization");
    }

    private Map<String, String> meta(XmlElement r, AttributeSets.Context context) {
        return new LinkedHashMap<>(attributeSets(r, r.children("meta_attributes"), context, null));
    }

    /** The {@code <utilization>} sets of a node or primitive; the first set giving a name wins. */
    private Map<String, Integer> utilization(XmlElement e, String owner) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> nv : attributeSets(e, e.children("utilization"), sets, null).entrySet()) {
            try {
                out.putIfAbsent(nv.getKey(), ConfigReader.utilizationValue(nv.getValue(), nv.getKey(), owner));
            } catch (IllegalArgumentException x) {
                throw refuse(e, x.getMessage());
            }
        }
        return out;
    }

    /**
     * A resource's instance attributes: its own, then those of the group or clone around it that
     * it does not set itself (Pacemaker passes a parent's parameters on to its primitives, and
     * hashes them with theirs in the operation digests).
     */
    private static Map<String, String> instanceAttributes(XmlElement r, Map<String, String> inherited) {
        Map<String, String> params = new LinkedHashMap<>();
        r.children("instance_attributes").forEach(set -> nvpairs(set).forEach(params::putIfAbsent));
        inherited.forEach(params::putIfAbsent);
        return params;
    }

    private Resource primitive(XmlElement p, Map<String, String> inherited, ClusterConfig.Builder b) {
        String id = requiredAttr(p, "id");
        XmlElement template;
        try {
            template = templates.templateOf(p);
        } catch (IllegalArgumentException e) {
            throw refuse(p, e.getMessage());
        }
        // With a template, the primitive's own values come first and override the template's.
        Map<String, Integer> needs = utilization(p, "primitive " + id);
        Map<String, String> params = instanceAttributes(p, Map.of());
        XmlElement agent = template != null ? template : p;
        AttributeSets.Context forAgent = sets.forAgent(agent.attr("class"), agent.attr("provider"), agent.attr("type"));
        Map<String, String> meta = meta(p, forAgent);
        if (template != null) {
            utilization(template, "template " + template.attr("id")).forEach(needs::putIfAbsent);
            instanceAttributes(template, Map.of()).forEach(params::putIfAbsent);
            meta(template, forAgent).forEach(meta::putIfAbsent);
        }
        agentDefaults(p, forAgent).forEach((k, v) -> {
            if (!meta.containsKey(k) && !enclosingMeta.containsKey(k)) {
                meta.put(k, v);
            }
        });
        inherited.forEach(params::putIfAbsent);
        needs.forEach((k, v) -> b.resourceUtilization(id, k, v));
        List<Operation> ops = new ArrayList<>();
        for (XmlElement op : ResourceTemplates.operations(p, template)) {
            ops.add(operation(op));
        }
        String cls = requiredAttr(agent, "class"), provider = agent.attr("provider");
        if (cls.equals("ocf") && CibWriter.VIGIL_PROVIDER.equals(provider)) {
            cls = provider = null; // one of Vigil's own agents, as CibWriter writes them
        }
        Resource r = Resource.of(id, cls, provider, requiredAttr(agent, "type"), params, meta, ops);
        primitives.putIfAbsent(id, r);
        primitiveParamSets.putIfAbsent(id, p.children("instance_attributes"));
        return r;
    }

    /**
     * The rsc_defaults that differ for this primitive's agent (sets with an rsc_expression):
     * they become its own meta attributes, below its own and its group's or clone's.
     */
    private Map<String, String> agentDefaults(XmlElement p, AttributeSets.Context forAgent) {
        if (!defaultsTestAgent) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        attributeSets(p, resourceDefaultSets, forAgent, null).forEach((k, v) -> {
            if (!v.equals(resourceDefaults.get(k))) {
                out.put(k, v);
            }
        });
        return out;
    }

    private Operation operation(XmlElement op) {
        try {
            Duration interval = duration(op.attr("interval", "0"));
            Map<String, String> meta = new LinkedHashMap<>();
            op.children("meta_attributes").forEach(set -> nvpairs(set).forEach(meta::putIfAbsent));
            String configured = op.attr("timeout", meta.get("timeout"));
            Duration parsed = configured == null ? null : timeoutOrNull(configured);
            Duration timeout = parsed == null ? DEFAULT_TIMEOUT : parsed;
            String enabled = op.attr("enabled", meta.getOrDefault("enabled", "true"));
            Map<String, String> params = new LinkedHashMap<>();
            op.children("instance_attributes").forEach(set -> nvpairs(set).forEach(params::putIfAbsent));
            Operation o = Operation.of(requiredAttr(op, "name"), interval, timeout,
                    op.attr("on-fail", meta.get("on-fail")), currentRoleName(op.attr("role")),
                    ClusterConfig.isTrue(enabled)).withParams(params);
            return parsed == null ? o.withDefaultTimeout() : o;
        } catch (IllegalArgumentException e) {
            throw refuse(op, e.getMessage());
        }
    }

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** {@link Durations#parse}, remembered (text that is not a duration fails each time it is read). */
    private Duration duration(String text) {
        Duration d = durations.get(text);
        if (d == null) {
            d = Durations.parse(text);
            durations.put(text, d);
        }
        return d;
    }

    /** A configured operation timeout; one that is not a duration is ignored, as Pacemaker does (default applies). */
    private Duration timeoutOrNull(String text) {
        try {
            return duration(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * {@code <fencing-level id index devices target|target-pattern|target-attribute+target-value>};
     * devices are separated by commas. A level naming no target, or two, is refused.
     */
    private void readFencingTopology(XmlElement topology, ClusterConfig.Builder b) {
        for (XmlElement level : topology.children) {
            if (!level.name.equals("fencing-level")) {
                throw refuse(level, "unknown element in <fencing-topology>");
            }
            int index;
            try {
                index = Integer.parseInt(requiredAttr(level, "index").trim());
            } catch (NumberFormatException e) {
                throw refuse(level, "index '" + level.attr("index") + "' is not a number");
            }
            List<String> devices = new ArrayList<>();
            for (String d : requiredAttr(level, "devices").split(",")) {
                if (!d.isBlank()) {
                    devices.add(d.trim());
                }
            }
            String node = level.attr("target"), pattern = level.attr("target-pattern");
            String attribute = level.attr("target-attribute");
            int targets = (node == null ? 0 : 1) + (pattern == null ? 0 : 1) + (attribute == null ? 0 : 1);
            if (targets != 1) {
                throw refuse(level, "needs exactly one of target, target-pattern or target-attribute");
            }
            try {
                if (node != null) {
                    b.fencingLevel(FencingLevel.forNode(node, index, devices));
                } else if (pattern != null) {
                    b.fencingLevel(FencingLevel.forPattern(pattern, index, devices));
                } else {
                    b.fencingLevel(FencingLevel.forAttribute(attribute, requiredAttr(level, "target-value"), index,
                            devices));
                }
            } catch (IllegalArgumentException e) {
                throw refuse(level, e.getMessage());
            }
        }
    }

    /**
     * A role by its current name, Pacemaker's legacy ones (Master, Slave) as Promoted and
     * Unpromoted; one naming no role is refused ({@link Role#parse}).
     */
    private static String currentRoleName(String role) {
        Role r = Role.parse(role);
        return r == null ? null : r.toString();
    }

    private void readConstraints(XmlElement constraints, ClusterConfig.Builder b) {
        for (XmlElement c : constraints.children) {
            if (c.name.equals("rsc_ticket")) {
                continue; // read with the ticket states, by TicketReader
            }
            try {
                if (c.child("resource_set") != null) {
                    for (XmlElement set : c.children("resource_set")) {
                        for (XmlElement ref : set.children("resource_ref")) {
                            if (bundles.containsKey(ref.attr("id"))) {
                                throw refuse(c, "resource sets naming bundle '" + ref.attr("id")
                                        + "' are not supported yet");
                            }
                        }
                    }
                    readSets(c, b, setsOf(c));
                    continue;
                }
                List<ResourceSets.Set> asSets = setsForTargets(c);
                if (asSets != null) {
                    readSets(c, b, asSets);
                    continue;
                }
                switch (c.name) {
                    case "rsc_location":
                        readLocation(c, b);
                        break;
                    case "rsc_colocation":
                        Score score = colocationScore(c);
                        if (score.value() != 0) {
                            BundleConstraints.colocations(Colocation.of(requiredAttr(c, "id"), requiredAttr(c, "rsc"),
                                    requiredAttr(c, "with-rsc"), score, c.attr("rsc-role"), c.attr("with-rsc-role"),
                                    c.attr("node-attribute")), bundles).forEach(b::colocation);
                        }
                        break;
                    case "rsc_order":
                        BundleConstraints.orders(order(c), bundles).forEach(b::order);
                        break;
                    default:
                        throw refuse(c, "unknown constraint");
                }
            } catch (ConfigException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw refuse(c, e.getMessage());
            }
        }
    }

    /**
     * A colocation's score; without one it is 0, and Pacemaker ignores a colocation of score 0
     * (its dependent is neither drawn to nor kept from the other resource).
     */
    private static Score colocationScore(XmlElement c) {
        String score = c.attr("score");
        return score == null ? Score.ZERO : Score.parse(score);
    }

    /** The resource sets of a constraint, a template or tag among their members standing for what it covers. */
    private List<ResourceSets.Set> setsOf(XmlElement c) {
        List<ResourceSets.Set> sets = new ArrayList<>();
        for (XmlElement set : c.children("resource_set")) {
            List<String> members = new ArrayList<>();
            set.children("resource_ref").forEach(r -> members.addAll(targets.expand(requiredAttr(r, "id"))));
            if (set.children("resource_ref").isEmpty()) {
                throw refuse(set, "a resource set needs at least one resource_ref");
            }
            sets.add(new ResourceSets.Set(members, ClusterConfig.isTrue(set.attr("sequential", "true")),
                    ClusterConfig.isTrue(set.attr("require-all", "true")), set.attr("action", "start"),
                    currentRoleName(set.attr("role")), !"group".equalsIgnoreCase(set.attr("ordering", "group"))));
        }
        return sets;
    }

    /**
     * A constraint naming a template or tag instead of a resource, as the resource sets it means
     * (Pacemaker's tag-to-set conversion), or null when it names resources only.
     */
    private List<ResourceSets.Set> setsForTargets(XmlElement c) {
        switch (c.name) {
            case "rsc_location":
                return targets.isGroupOfResources(c.attr("rsc"))
                        ? List.of(targetSet(c.attr("rsc"), "start", null)) : null;
            case "rsc_colocation":
                if (!targets.isGroupOfResources(c.attr("rsc")) && !targets.isGroupOfResources(c.attr("with-rsc"))) {
                    return null;
                }
                if (targets.isGroupOfResources(c.attr("rsc")) && targets.isGroupOfResources(c.attr("with-rsc"))) {
                    // Pacemaker ignores a colocation between two templates or tags: it makes no sense
                    return List.of();
                }
                return List.of(targetSet(requiredAttr(c, "rsc"), "start", c.attr("rsc-role")),
                        targetSet(requiredAttr(c, "with-rsc"), "start", c.attr("with-rsc-role")));
            case "rsc_order":
                if (!targets.isGroupOfResources(c.attr("first")) && !targets.isGroupOfResources(c.attr("then"))) {
                    return null;
                }
                return List.of(targetSet(requiredAttr(c, "first"), c.attr("first-action", "start"), null),
                        targetSet(requiredAttr(c, "then"), c.attr("then-action", "start"), null));
            default:
                return null;
        }
    }

    private ResourceSets.Set targetSet(String id, String action, String role) {
        boolean group = targets.isGroupOfResources(id);
        return new ResourceSets.Set(targets.expand(id), !group, true, action, currentRoleName(role));
    }

    /** A constraint over resource sets, unfolded into the pairwise constraints it means. */
    private void readSets(XmlElement c, ClusterConfig.Builder b, List<ResourceSets.Set> sets) {
        String id = requiredAttr(c, "id");
        switch (c.name) {
            case "rsc_order":
                Order.Kind kind = orderKind(c);
                ResourceSets.orders(id, sets, kind, symmetrical(c, kind)).forEach(b::order);
                break;
            case "rsc_colocation":
                Score score = colocationScore(c);
                if (score.value() != 0) {
                    ResourceSets.colocations(id, sets, score).forEach(b::colocation);
                }
                break;
            case "rsc_location":
                int n = 0;
                for (ResourceSets.Set set : sets) {
                    for (String rsc : set.members()) {
                        b.location(location(c, id + "-" + n++, rsc));
                    }
                }
                break;
            default:
                throw refuse(c, "resource sets in <" + c.name + "> are not supported");
        }
    }

    private void readLocation(XmlElement c, ClusterConfig.Builder b) {
        String id = requiredAttr(c, "id");
        String rsc = c.attr("rsc");
        String pattern = c.attr("rsc-pattern");
        if (rsc != null && bundles.containsKey(rsc)) {
            bundleLocation(bundles.get(rsc), location(c, id, rsc)).forEach(b::location);
        } else if (rsc != null) {
            b.location(location(c, id, rsc));
        } else if (pattern != null) {
            // rsc-pattern: the same location for every top-level resource whose id matches
            // a leading '!' inverts the pattern: every top-level resource that does not match
            boolean invert = pattern.startsWith("!");
            java.util.regex.Pattern p;
            try {
                p = java.util.regex.Pattern.compile(invert ? pattern.substring(1) : pattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw refuse(c, "rsc-pattern '" + pattern + "' is not a regular expression: " + e.getDescription());
            }
            int n = 0;
            for (String r : b.topLevelResourceIds()) {
                if (p.matcher(r).find() != invert) {
                    b.location(location(c, id + "-" + n++, r));
                }
            }
        } else {
            throw refuse(c, "lacks attribute rsc");
        }
    }

    private LocationConstraint location(XmlElement c, String id, String rsc) {
        try {
            return locationAsWritten(c, id, rsc).withDiscovery(c.attr("resource-discovery", "always"));
        } catch (IllegalArgumentException e) {
            throw refuse(c, e.getMessage());
        }
    }

    private LocationConstraint locationAsWritten(XmlElement c, String id, String rsc) {
        List<XmlElement> rules = c.children("rule");
        if (rules.isEmpty()) {
            return LocationConstraint.of(id, rsc, requiredAttr(c, "node"), Score.parse(requiredAttr(c, "score")),
                    currentRoleName(c.attr("role")));
        }
        List<Rule> parsed = new ArrayList<>();
        for (XmlElement r : rules) {
            parsed.add(rule(r, primitives.get(rsc)));
        }
        return LocationConstraint.ofRules(id, rsc, currentRoleName(c.attr("role")), parsed);
    }

    /** @param resource the primitive the rule is for, whose values value-source may name (null: none) */
    private Rule rule(XmlElement r, Resource resource) {
        List<Expression> expressions = new ArrayList<>();
        List<DateExpression> dates = new ArrayList<>();
        List<Rule> nested = new ArrayList<>();
        for (XmlElement e : r.children) {
            switch (e.name) {
                case "expression":
                    try {
                        expressions.add(expression(e, resource));
                    } catch (IllegalArgumentException x) {
                        throw refuse(e, x.getMessage());
                    }
                    break;
                case "date_expression":
                    try {
                        dates.add(DateExpressionReader.read(e));
                    } catch (IllegalArgumentException x) {
                        throw refuse(e, x.getMessage());
                    }
                    break;
                case "rule":
                    nested.add(rule(e, resource));
                    break;
                default:
                    throw refuse(e, "<" + e.name + "> in a rule is not supported yet");
            }
        }
        String score = r.attr("score");
        String scoreAttribute = r.attr("score-attribute");
        String op = r.attr("boolean-op", "and");
        if (!op.equals("and") && !op.equals("or")) {
            throw refuse(r, "boolean-op must be and or or, not '" + op + "'");
        }
        return Rule.of(r.attr("id", "rule"), score == null ? null : Score.parse(score), scoreAttribute,
                r.attr("role"), op.equals("and"), expressions, dates, nested);
    }

    /**
     * An {@code <expression>}; with {@code value-source="param"} or {@code "meta"} its value is
     * the named instance or meta attribute of the constrained primitive.
     */
    private Expression expression(XmlElement e, Resource resource) {
        String attribute = requiredAttr(e, "attribute");
        String operation = requiredAttr(e, "operation");
        String value = e.attr("value");
        String source = e.attr("value-source", "literal");
        switch (source) {
            case "literal":
                return Expression.of(attribute, operation, value, e.attr("type"));
            case "param":
            case "meta":
                if (value == null || operation.endsWith("defined")) {
                    return Expression.of(attribute, operation, value, e.attr("type"));
                }
                Map<String, String> values = resource == null ? Map.of()
                        : source.equals("param") ? resource.params() : resource.meta();
                String resolved = values.get(value);
                List<XmlElement> paramSets = resource == null ? List.of()
                        : primitiveParamSets.getOrDefault(resource.id(), List.of());
                if (source.equals("param") && paramSets.stream().anyMatch(set -> set.child("rule") != null)) {
                    // Parameters whose sets have rules take their value on each node (as Pacemaker
                    // evaluates them for the node it tests); the node-less value stays for writing.
                    AttributeSets.Context context = sets.forAgent(resource.agentClass(), resource.agentProvider(),
                            resource.agentType());
                    String name = value;
                    return Expression.withValueOnNode(attribute, operation, resolved, e.attr("type"),
                            nodeAttributes -> AttributeSets.merge(paramSets, context.onNode(nodeAttributes), null)
                                    .get(name));
                }
                return resolved == null ? Expression.againstMissingValue(attribute, operation, e.attr("type"))
                        : Expression.of(attribute, operation, resolved, e.attr("type"));
            default:
                throw new IllegalArgumentException("value-source must be literal, param or meta, not '" + source + "'");
        }
    }

    private Order order(XmlElement c) {
        Order.Kind k = orderKind(c);
        return Order.of(requiredAttr(c, "id"), requiredAttr(c, "first"), c.attr("first-action", "start"),
                requiredAttr(c, "then"), c.attr("then-action", c.attr("first-action", "start")), k, symmetrical(c, k))
                .withRequireAll(ClusterConfig.isTrue(c.attr("require-all", "true")));
    }

    private static Order.Kind orderKind(XmlElement c) {
        String kind = c.attr("kind");
        if (kind != null) {
            try {
                return Order.Kind.parse(kind);
            } catch (IllegalArgumentException e) {
                return Order.Kind.MANDATORY; // as Pacemaker, which resets an unknown kind to Mandatory
            }
        }
        if (c.attr("score") != null) {
            return Score.parse(c.attr("score")).value() == 0 ? Order.Kind.OPTIONAL : Order.Kind.MANDATORY;
        }
        return Order.Kind.MANDATORY;
    }

    /** Pacemaker ignores symmetrical for a Serialize order: it never is. */
    private static boolean symmetrical(XmlElement c, Order.Kind k) {
        return k != Order.Kind.SERIALIZE && ClusterConfig.isTrue(c.attr("symmetrical", "true"));
    }
}
