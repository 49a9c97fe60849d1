package dev.vigil.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pacemaker's reading of several attribute sets of one kind (cluster_property_set,
 * meta_attributes, instance_attributes, utilization): the sets are taken by descending
 * {@code score} (document order among equals, a named set first when asked), a set whose
 * {@code <rule>} does not hold is skipped, and the first set giving a name wins.
 *
 * <p>Rules of attribute sets are evaluated without a node: their date expressions at the
 * time given, their {@code rsc_expression}s against the resource the sets are for (no resource:
 * they do not hold), their node-attribute expressions against no attributes (or, for a value
 * taken on a node, that node's).
 */
final class AttributeSets {
    /** What a set's rule may test: the time (null: date expressions do not hold) and the resource's agent. */
    record Context(Instant now, String agentClass, String agentProvider, String agentType,
            Map<String, String> nodeAttributes) {
        static Context at(Instant now) {
            return new Context(now, null, null, null, Map.of());
        }

        Context forAgent(String agentClass, String agentProvider, String agentType) {
            return new Context(now, agentClass, agentProvider, agentType, nodeAttributes);
        }

        /** The same, evaluating node-attribute expressions against a node's attributes. */
        Context onNode(Map<String, String> attributes) {
            return new Context(now, agentClass, agentProvider, agentType, Map.copyOf(attributes));
        }
    }

    private AttributeSets() {
    }

    /** Whether any of the sets has a rule that tests a resource's agent. */
    static boolean testsAgent(List<XmlElement> sets) {
        return sets.stream().anyMatch(s -> s.child("rule") != null && mentions(s.child("rule"), "rsc_expression"));
    }

    private static boolean mentions(XmlElement e, String name) {
        return e.name.equals(name) || e.children.stream().anyMatch(c -> mentions(c, name));
    }

    /**
     * The merged name/value pairs of the sets.
     *
     * @param firstId the id of a set to take before all others (Pacemaker's cib-bootstrap-options), or null
     */
    static Map<String, String> merge(List<XmlElement> sets, Context context, String firstId) {
        List<XmlElement> ordered = new ArrayList<>(sets);
        ordered.sort(Comparator.comparing((XmlElement s) -> firstId != null && firstId.equals(s.attr("id")) ? 0 : 1)
                .thenComparing(s -> -score(s)));
        Map<String, String> out = new LinkedHashMap<>();
        for (XmlElement set : ordered) {
            XmlElement rule = set.child("rule");
            if (rule != null && !holds(rule, context)) {
                continue;
            }
            CibReader.nvpairs(set).forEach(out::putIfAbsent);
        }
        return out;
    }

    private static long score(XmlElement set) {
        String s = set.attr("score");
        if (s == null) {
            return 0;
        }
        try {
            return Score.parse(s).value();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("<" + set.name + " id=" + set.attr("id") + ">: score '" + s
                    + "' is not a score");
        }
    }

    /** Evaluates a set's rule; what it cannot read is an {@link IllegalArgumentException}. */
    static boolean holds(XmlElement rule, Context context) {
        boolean and = !"or".equals(rule.attr("boolean-op", "and"));
        boolean any = false;
        for (XmlElement e : rule.children) {
            boolean v;
            switch (e.name) {
                case "rule":
                    v = holds(e, context);
                    break;
                case "date_expression":
                    DateExpression date = dateExpression(e);
                    v = context.now() != null && date.holdsAt(context.now());
                    break;
                case "rsc_expression":
                    v = context.agentType() != null && same(e.attr("class"), context.agentClass())
                            && same(e.attr("provider"), context.agentProvider()) && same(e.attr("type"), context.agentType());
                    break;
                case "expression":
                    v = Expression.of(required(e, "attribute"), required(e, "operation"), e.attr("value"), e.attr("type"))
                            .matches(context.nodeAttributes());
                    break;
                default:
                    throw new IllegalArgumentException("<" + e.name + "> in the rule of an attribute set is not supported");
            }
            any = true;
            if (and && !v) {
                return false;
            }
            if (!and && v) {
                return true;
            }
        }
        return and || !any;
    }

    private static DateExpression dateExpression(XmlElement e) {
        try {
            return DateExpressionReader.read(e);
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException("<date_expression id=" + e.attr("id") + "> (line " + e.line + "): "
                    + x.getMessage());
        }
    }

    private static boolean same(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }

    private static String required(XmlElement e, String name) {
        String v = e.attr(name);
        if (v == null) {
            throw new IllegalArgumentException("<" + e.name + "> lacks attribute " + name);
        }
        return v;
    }
}
