package dev.vigil.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the {@code <constraints>} of a configuration: locations (a node and a score, or
 * rules with their expressions, nested rules and boolean-op), colocations with roles, orders
 * with their actions, kind, symmetry and require-all, tickets ({@code rsc_ticket}); rules may
 * hold date expressions. Resource sets and {@code rsc-pattern}
 * locations are in the model as the pairwise constraints they mean and are written so.
 */
final class CibConstraintWriter {
    private final XmlWriter xml;
    private final CibIds ids;
    private final Set<String> writtenRules = new HashSet<>();
    /** A parameter name the resource of the location being written does not set. */
    private String unsetParam = "unset";

    CibConstraintWriter(XmlWriter xml, CibIds ids) {
        this.xml = xml;
        this.ids = ids;
    }

    void write(ClusterConfig config) {
        for (LocationConstraint l : config.locations()) {
            location(l, config.resource(l.resource()).map(Resource::params).orElse(Map.of()));
        }
        for (Colocation c : config.colocations()) {
            xml.start("rsc_colocation").attr("id", c.id()).attr("score", c.score()).attr("rsc", c.resource())
                    .attr("with-rsc", c.withResource()).attr("rsc-role", c.role())
                    .attr("with-rsc-role", c.withRole()).attr("node-attribute", c.nodeAttribute()).end();
        }
        for (Order o : config.orders()) {
            String kind = o.kind().name().charAt(0) + o.kind().name().substring(1).toLowerCase(Locale.ROOT);
            xml.start("rsc_order").attr("id", o.id()).attr("first", o.first()).attr("first-action", o.firstAction())
                    .attr("then", o.then()).attr("then-action", o.thenAction()).attr("kind", kind)
                    .attr("symmetrical", o.symmetrical()).attr("require-all", o.requireAll() ? null : "false").end();
        }
        for (TicketConstraint t : config.ticketConstraints()) {
            // the loss-policy only when it is not the one the role implies
            TicketConstraint.LossPolicy implied = TicketConstraint.of(t.id(), t.ticket(), t.resource(), t.role(), null)
                    .lossPolicy();
            xml.start("rsc_ticket").attr("id", t.id()).attr("ticket", t.ticket()).attr("rsc", t.resource())
                    .attr("rsc-role", t.role())
                    .attr("loss-policy", t.lossPolicy() == implied ? null : t.lossPolicy().toString()).end();
        }
    }

    private void location(LocationConstraint l, Map<String, String> params) {
        unsetParam = "unset";
        while (params.containsKey(unsetParam)) {
            unsetParam += "-";
        }
        xml.start("rsc_location").attr("id", l.id()).attr("rsc", l.resource()).attr("role", l.role())
                .attr("resource-discovery", "always".equals(l.discovery()) ? null : l.discovery());
        if (l.node() != null) {
            xml.attr("node", l.node()).attr("score", l.score());
        }
        l.rules().forEach(this::rule);
        xml.end();
    }

    private void rule(Rule r) {
        // a rule of an rsc-pattern location is in the model once per resource it matched: ids are unique
        String id = writtenRules.add(r.id()) ? r.id() : ids.derive(r.id());
        xml.start("rule").attr("id", id).attr("score", r.score()).attr("score-attribute", r.scoreAttribute())
                .attr("role", r.role()).attr("boolean-op", r.and() ? "and" : "or");
        for (Expression e : r.expressions()) {
            // a value to take from a resource parameter it does not set: one it does not set
            xml.start("expression").attr("id", ids.derive(r.id(), "expr")).attr("attribute", e.attribute())
                    .attr("operation", e.operation()).attr("value", e.missingValue() ? unsetParam : e.value())
                    .attr("value-source", e.missingValue() ? "param" : null).attr("type", e.type()).end();
        }
        for (DateExpression d : r.dateExpressions()) {
            dateExpression(ids.derive(r.id(), "date"), d);
        }
        r.rules().forEach(this::rule);
        xml.end();
    }

    /** A {@code <date_expression>}: its bounds as ISO 8601 date-times in UTC, or its {@code <date_spec>}. */
    private void dateExpression(String id, DateExpression d) {
        xml.start("date_expression").attr("id", id).attr("operation", d.operation())
                .attr("start", d.start() == null ? null : isoTime(d.start()))
                .attr("end", d.end() == null ? null : isoTime(d.end()));
        if (!d.spec().isEmpty() || d.operation().equals("date_spec")) {
            xml.start("date_spec").attr("id", ids.derive(id, "spec"));
            for (DateExpression.Field field : DateExpression.Field.values()) {
                if (d.spec().containsKey(field)) {
                    xml.attr(field.attribute(), d.spec().get(field).text());
                }
            }
            xml.end();
        }
        xml.end();
    }

    /** As Pacemaker writes a date and time: {@code 2019-09-20 15:10:52 +00:00}. */
    static String isoTime(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx")
                .format(t.atOffset(ZoneOffset.UTC));
    }
}
