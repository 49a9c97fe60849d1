package dev.vigil.model;

import java.util.Locale;

/**
 * Writes the {@code <constraints>} of a configuration: locations (a node and a score, or
 * rules with their expressions, nested rules and boolean-op), colocations with roles, orders
 * with their actions, kind, symmetry and require-all. Resource sets and {@code rsc-pattern}
 * locations are in the model as the pairwise constraints they mean and are written so.
 */
final class CibConstraintWriter {
    private final XmlWriter xml;
    private final CibIds ids;

    CibConstraintWriter(XmlWriter xml, CibIds ids) {
        this.xml = xml;
        this.ids = ids;
    }

    void write(ClusterConfig config) {
        config.locations().forEach(this::location);
        for (Colocation c : config.colocations()) {
            xml.start("rsc_colocation").attr("id", c.id()).attr("score", c.score()).attr("rsc", c.resource())
                    .attr("with-rsc", c.withResource()).attr("rsc-role", c.role())
                    .attr("with-rsc-role", c.withRole()).end();
        }
        for (Order o : config.orders()) {
            String kind = o.kind().name().charAt(0) + o.kind().name().substring(1).toLowerCase(Locale.ROOT);
            xml.start("rsc_order").attr("id", o.id()).attr("first", o.first()).attr("first-action", o.firstAction())
                    .attr("then", o.then()).attr("then-action", o.thenAction()).attr("kind", kind)
                    .attr("symmetrical", o.symmetrical()).attr("require-all", o.requireAll() ? null : "false").end();
        }
    }

    private void location(LocationConstraint l) {
        xml.start("rsc_location").attr("id", l.id()).attr("rsc", l.resource()).attr("role", l.role())
                .attr("resource-discovery", "always".equals(l.discovery()) ? null : l.discovery());
        if (l.node() != null) {
            xml.attr("node", l.node()).attr("score", l.score());
        }
        l.rules().forEach(this::rule);
        xml.end();
    }

    private void rule(Rule r) {
        xml.start("rule").attr("id", r.id()).attr("score", r.score()).attr("score-attribute", r.scoreAttribute())
                .attr("role", r.role()).attr("boolean-op", r.and() ? "and" : "or");
        for (Expression e : r.expressions()) {
            xml.start("expression").attr("id", ids.derive(r.id(), "expr")).attr("attribute", e.attribute())
                    .attr("operation", e.operation()).attr("value", e.value()).attr("type", e.type()).end();
        }
        r.rules().forEach(this::rule);
        xml.end();
    }
}
