package dev.vigil.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Pacemaker CIB XML: the configuration (properties, nodes, defaults, primitives,
 * groups, location/colocation/order constraints with rules) and the status (membership,
 * transient attributes, operation history, see {@link OperationHistory}). What it cannot read
 * is refused with the element, its line and the reason; it never guesses.
 */
public final class CibReader {
    private static final Set<String> UNSUPPORTED_RESOURCES = Set.of("bundle", "template");

    private final String source;

    public CibReader(String source) {
        this.source = source;
    }

    public Cib read(String xml) {
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
        for (XmlElement section : configuration.children) {
            switch (section.name) {
                case "crm_config":
                    section.children("cluster_property_set").forEach(set -> nvpairs(set).forEach(
                            (k, v) -> b.property(k, v)));
                    break;
                case "nodes":
                    readNodes(section, b, nodeIds);
                    break;
                case "rsc_defaults":
                    section.children.forEach(set -> nvpairs(set).forEach(b::resourceDefault));
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
                case "acls":
                case "tags":
                case "alerts":
                    break; // nothing the scheduler uses yet
                default:
                    throw refuse(section, "unknown configuration section <" + section.name + ">");
            }
        }
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
        return Cib.of(config, clusterStatus).withFeatureSet(cib.attr("crm_feature_set"));
    }

    /**
     * Pacemaker resets no-quorum-policy=suicide to stop while the cluster has never had quorum
     * (the CIB's no-quorum-panic attribute is not set) and when fencing is disabled: there is
     * nothing to lose yet, or no way to fence.
     */
    private static java.util.Optional<String> neverQuorate(XmlElement cib, ClusterConfig c) {
        if (!"suicide".equals(c.property("no-quorum-policy", "stop"))) {
            return java.util.Optional.empty();
        }
        boolean fencing = ClusterConfig.isTrue(c.property("stonith-enabled", "true"));
        boolean panic = !cib.attr("no-quorum-panic", "0").equals("0");
        boolean quorate = ClusterConfig.isTrue(cib.attr("have-quorum", "false"));
        return fencing && (panic || quorate) ? java.util.Optional.empty() : java.util.Optional.of("stop");
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
            if (!node.attr("id", uname).equals(uname)) {
                b.nodeAttribute(uname, "#id", node.attr("id")); // the engine takes the name when they are the same
            }
            for (XmlElement set : node.children("instance_attributes")) {
                nvpairs(set).forEach((k, v) -> b.nodeAttribute(uname, k, v));
            }
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
                default:
                    throw refuse(r, UNSUPPORTED_RESOURCES.contains(r.name) ? r.name + " resources are not supported yet"
                            : "unknown resource element");
            }
        }
    }

    /** @param inherited the instance attributes of the clone around it, passed on to its members */
    private Group group(XmlElement r, ClusterConfig.Builder b, Map<String, String> inherited) {
        Map<String, String> params = instanceAttributes(r, inherited);
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
        try {
            return Group.of(requiredAttr(r, "id"), members, meta(r));
        } catch (IllegalArgumentException e) {
            throw refuse(r, e.getMessage());
        }
    }

    /** {@code <clone>} of one primitive or group; {@code <master>} is Pacemaker's old promotable clone. */
    private Clone clone(XmlElement r, ClusterConfig.Builder b) {
        Map<String, String> params = instanceAttributes(r, Map.of());
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
        if (child == null) {
            throw refuse(r, "a clone needs a primitive or a group to clone");
        }
        Map<String, String> meta = meta(r);
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

    private static Map<String, String> meta(XmlElement r) {
        Map<String, String> m = new LinkedHashMap<>();
        r.children("meta_attributes").forEach(set -> nvpairs(set).forEach(m::putIfAbsent));
        return m;
    }

    /** The {@code <utilization>} sets of a node or primitive; the first set giving a name wins. */
    private Map<String, Integer> utilization(XmlElement e, String owner) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (XmlElement set : e.children("utilization")) {
            for (Map.Entry<String, String> nv : nvpairs(set).entrySet()) {
                try {
                    out.putIfAbsent(nv.getKey(), ConfigReader.utilizationValue(nv.getValue(), nv.getKey(), owner));
                } catch (IllegalArgumentException x) {
                    throw refuse(set, x.getMessage());
                }
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
        utilization(p, "primitive " + id).forEach((k, v) -> b.resourceUtilization(id, k, v));
        if (p.attr("template") != null) {
            throw refuse(p, "resource templates are not supported yet");
        }
        Map<String, String> params = instanceAttributes(p, inherited);
        List<Operation> ops = new ArrayList<>();
        XmlElement operations = p.child("operations");
        if (operations != null) {
            for (XmlElement op : operations.children("op")) {
                ops.add(operation(op));
            }
        }
        String cls = requiredAttr(p, "class"), provider = p.attr("provider");
        if (cls.equals("ocf") && CibWriter.VIGIL_PROVIDER.equals(provider)) {
            cls = provider = null; // one of Vigil's own agents, as CibWriter writes them
        }
        return Resource.of(id, cls, provider, requiredAttr(p, "type"), params, meta(p), ops);
    }

    private Operation operation(XmlElement op) {
        try {
            Duration interval = Durations.parse(op.attr("interval", "0"));
            Map<String, String> meta = new LinkedHashMap<>();
            op.children("meta_attributes").forEach(set -> nvpairs(set).forEach(meta::putIfAbsent));
            Duration timeout = Durations.parse(op.attr("timeout", meta.getOrDefault("timeout", "20s")));
            String enabled = op.attr("enabled", meta.getOrDefault("enabled", "true"));
            Map<String, String> params = new LinkedHashMap<>();
            op.children("instance_attributes").forEach(set -> nvpairs(set).forEach(params::putIfAbsent));
            Operation o = Operation.of(requiredAttr(op, "name"), interval, timeout,
                    op.attr("on-fail", meta.get("on-fail")), currentRoleName(op.attr("role")),
                    ClusterConfig.isTrue(enabled)).withParams(params);
            return op.attr("timeout") == null && !meta.containsKey("timeout") ? o.withDefaultTimeout() : o;
        } catch (IllegalArgumentException e) {
            throw refuse(op, e.getMessage());
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

    /** Pacemaker's legacy role names (Master, Slave) as the current ones (Promoted, Unpromoted). */
    private static String currentRoleName(String role) {
        if ("Master".equals(role)) {
            return "Promoted";
        }
        return "Slave".equals(role) ? "Unpromoted" : role;
    }

    private void readConstraints(XmlElement constraints, ClusterConfig.Builder b) {
        for (XmlElement c : constraints.children) {
            try {
                if (c.child("resource_set") != null) {
                    readSets(c, b);
                    continue;
                }
                switch (c.name) {
                    case "rsc_location":
                        readLocation(c, b);
                        break;
                    case "rsc_colocation":
                        b.colocation(Colocation.of(requiredAttr(c, "id"), requiredAttr(c, "rsc"),
                                requiredAttr(c, "with-rsc"), Score.parse(requiredAttr(c, "score")),
                                c.attr("rsc-role"), c.attr("with-rsc-role")));
                        break;
                    case "rsc_order":
                        b.order(order(c));
                        break;
                    case "rsc_ticket":
                        throw refuse(c, "tickets are not supported yet");
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

    /** A constraint over resource sets, unfolded into the pairwise constraints it means. */
    private void readSets(XmlElement c, ClusterConfig.Builder b) {
        String id = requiredAttr(c, "id");
        List<ResourceSets.Set> sets = new ArrayList<>();
        for (XmlElement set : c.children("resource_set")) {
            List<String> members = new ArrayList<>();
            set.children("resource_ref").forEach(r -> members.add(requiredAttr(r, "id")));
            if (members.isEmpty()) {
                throw refuse(set, "a resource set needs at least one resource_ref");
            }
            sets.add(new ResourceSets.Set(members, ClusterConfig.isTrue(set.attr("sequential", "true")),
                    ClusterConfig.isTrue(set.attr("require-all", "true")), set.attr("action", "start"),
                    currentRoleName(set.attr("role"))));
        }
        switch (c.name) {
            case "rsc_order":
                Order.Kind kind = orderKind(c);
                ResourceSets.orders(id, sets, kind, symmetrical(c, kind)).forEach(b::order);
                break;
            case "rsc_colocation":
                ResourceSets.colocations(id, sets, Score.parse(requiredAttr(c, "score"))).forEach(b::colocation);
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
        if (rsc != null) {
            b.location(location(c, id, rsc));
        } else if (pattern != null) {
            // rsc-pattern: the same location for every top-level resource whose id matches
            java.util.regex.Pattern p;
            try {
                p = java.util.regex.Pattern.compile(pattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw refuse(c, "rsc-pattern '" + pattern + "' is not a regular expression: " + e.getDescription());
            }
            int n = 0;
            for (String r : b.topLevelResourceIds()) {
                if (p.matcher(r).find()) {
                    b.location(location(c, id + "-" + n++, r));
                }
            }
        } else {
            throw refuse(c, "lacks attribute rsc");
        }
    }

    private LocationConstraint location(XmlElement c, String id, String rsc) {
        List<XmlElement> rules = c.children("rule");
        if (rules.isEmpty()) {
            return LocationConstraint.of(id, rsc, requiredAttr(c, "node"), Score.parse(requiredAttr(c, "score")),
                    currentRoleName(c.attr("role")));
        }
        List<Rule> parsed = new ArrayList<>();
        for (XmlElement r : rules) {
            parsed.add(rule(r));
        }
        return LocationConstraint.ofRules(id, rsc, currentRoleName(c.attr("role")), parsed);
    }

    private Rule rule(XmlElement r) {
        List<Expression> expressions = new ArrayList<>();
        List<Rule> nested = new ArrayList<>();
        for (XmlElement e : r.children) {
            switch (e.name) {
                case "expression":
                    if (e.attr("value-source") != null && !e.attr("value-source").equals("literal")) {
                        throw refuse(e, "value-source " + e.attr("value-source") + " is not supported yet");
                    }
                    try {
                        expressions.add(Expression.of(requiredAttr(e, "attribute"), requiredAttr(e, "operation"),
                                e.attr("value"), e.attr("type")));
                    } catch (IllegalArgumentException x) {
                        throw refuse(e, x.getMessage());
                    }
                    break;
                case "rule":
                    nested.add(rule(e));
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
                r.attr("role"), op.equals("and"), expressions, nested);
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
            return Order.Kind.parse(kind);
        }
        if (c.attr("score") != null) {
            return Score.parse(c.attr("score")).value() == 0 ? Order.Kind.OPTIONAL : Order.Kind.MANDATORY;
        }
        return Order.Kind.MANDATORY;
    }

    private static boolean symmetrical(XmlElement c, Order.Kind k) {
        return ClusterConfig.isTrue(c.attr("symmetrical", k == Order.Kind.SERIALIZE ? "false" : "true"));
    }
}
