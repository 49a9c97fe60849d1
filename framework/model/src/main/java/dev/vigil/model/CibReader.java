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
    private static final Set<String> UNSUPPORTED_RESOURCES = Set.of("clone", "master", "bundle", "template");

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
        return Cib.of(config, clusterStatus);
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
    static Map<String, String> nvpairs(XmlElement set) {
        Map<String, String> out = new LinkedHashMap<>();
        for (XmlElement nv : set.children("nvpair")) {
            if (nv.attr("name") != null) {
                out.putIfAbsent(nv.attr("name"), nv.attr("value", ""));
            }
        }
        return out;
    }

    private void readNodes(XmlElement nodes, ClusterConfig.Builder b, Map<String, String> ids) {
        for (XmlElement node : nodes.children("node")) {
            String uname = requiredAttr(node, "uname");
            ids.put(node.attr("id", uname), uname);
            b.node(uname);
            b.nodeAttribute(uname, "#id", node.attr("id", uname));
            for (XmlElement set : node.children("instance_attributes")) {
                nvpairs(set).forEach((k, v) -> b.nodeAttribute(uname, k, v));
            }
        }
    }

    private void readResources(XmlElement resources, ClusterConfig.Builder b) {
        for (XmlElement r : resources.children) {
            if (r.name.equals("primitive")) {
                b.resource(primitive(r));
            } else if (r.name.equals("group")) {
                List<String> members = new ArrayList<>();
                for (XmlElement m : r.children) {
                    if (m.name.equals("primitive")) {
                        Resource p = primitive(m);
                        b.resource(p);
                        members.add(p.id());
                    } else if (!m.name.equals("meta_attributes") && !m.name.equals("instance_attributes")) {
                        throw refuse(m, "a group may hold only primitives");
                    }
                }
                try {
                    b.group(Group.of(requiredAttr(r, "id"), members, meta(r)));
                } catch (IllegalArgumentException e) {
                    throw refuse(r, e.getMessage());
                }
            } else if (UNSUPPORTED_RESOURCES.contains(r.name)) {
                throw refuse(r, r.name + " resources are not supported yet");
            } else {
                throw refuse(r, "unknown resource element");
            }
        }
    }

    private static Map<String, String> meta(XmlElement r) {
        Map<String, String> m = new LinkedHashMap<>();
        r.children("meta_attributes").forEach(set -> nvpairs(set).forEach(m::putIfAbsent));
        return m;
    }

    private Resource primitive(XmlElement p) {
        String id = requiredAttr(p, "id");
        if (p.attr("template") != null) {
            throw refuse(p, "resource templates are not supported yet");
        }
        Map<String, String> params = new LinkedHashMap<>();
        p.children("instance_attributes").forEach(set -> nvpairs(set).forEach(params::putIfAbsent));
        List<Operation> ops = new ArrayList<>();
        XmlElement operations = p.child("operations");
        if (operations != null) {
            for (XmlElement op : operations.children("op")) {
                ops.add(operation(op));
            }
        }
        return Resource.of(id, requiredAttr(p, "class"), p.attr("provider"), requiredAttr(p, "type"), params,
                meta(p), ops);
    }

    private Operation operation(XmlElement op) {
        try {
            Duration interval = Durations.parse(op.attr("interval", "0"));
            Duration timeout = Durations.parse(op.attr("timeout", "20s"));
            Map<String, String> meta = new LinkedHashMap<>();
            op.children("meta_attributes").forEach(set -> nvpairs(set).forEach(meta::putIfAbsent));
            String enabled = op.attr("enabled", meta.getOrDefault("enabled", "true"));
            return Operation.of(requiredAttr(op, "name"), interval, timeout,
                    op.attr("on-fail", meta.get("on-fail")), op.attr("role"), ClusterConfig.isTrue(enabled));
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

    private void readConstraints(XmlElement constraints, ClusterConfig.Builder b) {
        for (XmlElement c : constraints.children) {
            if (c.child("resource_set") != null) {
                throw refuse(c, "resource sets are not supported yet");
            }
            try {
                switch (c.name) {
                    case "rsc_location":
                        b.location(location(c));
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

    private LocationConstraint location(XmlElement c) {
        String id = requiredAttr(c, "id");
        String rsc = c.attr("rsc");
        if (rsc == null) {
            throw refuse(c, c.attr("rsc-pattern") != null ? "rsc-pattern is not supported yet" : "lacks attribute rsc");
        }
        List<XmlElement> rules = c.children("rule");
        if (rules.isEmpty()) {
            return LocationConstraint.of(id, rsc, requiredAttr(c, "node"), Score.parse(requiredAttr(c, "score")),
                    c.attr("role"));
        }
        List<Rule> parsed = new ArrayList<>();
        for (XmlElement r : rules) {
            parsed.add(rule(r));
        }
        return LocationConstraint.ofRules(id, rsc, c.attr("role"), parsed);
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
        String kind = c.attr("kind");
        Order.Kind k;
        if (kind != null) {
            k = Order.Kind.parse(kind);
        } else if (c.attr("score") != null) {
            k = Score.parse(c.attr("score")).value() == 0 ? Order.Kind.OPTIONAL : Order.Kind.MANDATORY;
        } else {
            k = Order.Kind.MANDATORY;
        }
        boolean symmetrical = ClusterConfig.isTrue(c.attr("symmetrical", k == Order.Kind.SERIALIZE ? "false" : "true"));
        return Order.of(requiredAttr(c, "id"), requiredAttr(c, "first"), c.attr("first-action", "start"),
                requiredAttr(c, "then"), c.attr("then-action", c.attr("first-action", "start")), k, symmetrical);
    }
}
