package dev.vigil.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Pacemaker's tickets from a CIB: the {@code <rsc_ticket>} constraints (on one resource,
 * or over resource sets, each member one {@link TicketConstraint}; a tag stands for the
 * resources it tags) and the {@code <ticket_state>} entries under {@code <status><tickets>}.
 * Bad input (no ticket, an unknown resource, loss-policy or role, a last-granted that is not a
 * number) is refused with the element and its line.
 */
final class TicketReader {
    private final String source;

    TicketReader(String source) {
        this.source = source;
    }

    /** The constraints in {@code configuration}, then the states in {@code status} (may be null). */
    void read(XmlElement configuration, XmlElement status, ClusterConfig.Builder b) {
        Map<String, List<String>> tags = tags(configuration.child("tags"));
        XmlElement constraints = configuration.child("constraints");
        if (constraints != null) {
            for (XmlElement c : constraints.children("rsc_ticket")) {
                constraint(c, tags, b);
            }
        }
        XmlElement tickets = status == null ? null : status.child("tickets");
        if (tickets != null) {
            for (XmlElement t : tickets.children("ticket_state")) {
                b.ticketState(state(t));
            }
        }
    }

    private void constraint(XmlElement c, Map<String, List<String>> tags, ClusterConfig.Builder b) {
        String id = required(c, "id");
        String ticket = required(c, "ticket");
        List<XmlElement> sets = c.children("resource_set");
        try {
            TicketConstraint.LossPolicy policy = c.attr("loss-policy") == null ? null
                    : TicketConstraint.LossPolicy.parse(c.attr("loss-policy"));
            if (sets.isEmpty()) {
                List<String> resources = resources(c, required(c, "rsc"), tags, b);
                for (int i = 0; i < resources.size(); i++) {
                    String oneId = resources.size() == 1 ? id : id + "-" + i;
                    b.ticket(TicketConstraint.of(oneId, ticket, resources.get(i), c.attr("rsc-role"), policy));
                }
                return;
            }
            int n = 0;
            for (XmlElement set : sets) {
                List<String> resources = new ArrayList<>();
                for (XmlElement ref : set.children("resource_ref")) {
                    resources.addAll(resources(ref, required(ref, "id"), tags, b));
                }
                if (resources.isEmpty()) {
                    throw refuse(set, "a resource set needs at least one resource_ref");
                }
                String role = set.attr("role", c.attr("rsc-role"));
                for (String rsc : resources) {
                    b.ticket(TicketConstraint.of(id + "-" + n++, ticket, rsc, role, policy));
                }
            }
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw refuse(c, e.getMessage());
        }
    }

    /** The resource {@code ref} names, or the resources of the tag of that name. */
    private List<String> resources(XmlElement e, String ref, Map<String, List<String>> tags, ClusterConfig.Builder b) {
        if (b.hasResource(ref)) {
            return List.of(ref);
        }
        List<String> tagged = tags.get(ref);
        if (tagged == null) {
            throw refuse(e, "'" + ref + "' is neither a resource nor a tag");
        }
        for (String rsc : tagged) {
            if (!b.hasResource(rsc)) {
                throw refuse(e, "tag '" + ref + "' names '" + rsc + "', which is not a resource");
            }
        }
        return tagged;
    }

    private Map<String, List<String>> tags(XmlElement section) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (section != null) {
            for (XmlElement tag : section.children("tag")) {
                List<String> refs = new ArrayList<>();
                tag.children("obj_ref").forEach(r -> refs.add(required(r, "id")));
                out.put(required(tag, "id"), refs);
            }
        }
        return out;
    }

    /** {@code <ticket_state id granted standby last-granted>}: granted and standby default to false. */
    private TicketState state(XmlElement t) {
        String lastGranted = t.attr("last-granted");
        Long last = null;
        if (lastGranted != null) {
            try {
                last = Long.parseLong(lastGranted.trim());
            } catch (NumberFormatException e) {
                throw refuse(t, "last-granted '" + lastGranted + "' is not a number of seconds");
            }
        }
        return TicketState.of(required(t, "id"), ClusterConfig.isTrue(t.attr("granted")),
                ClusterConfig.isTrue(t.attr("standby")), last);
    }

    private String required(XmlElement e, String name) {
        String v = e.attr(name);
        if (v == null || v.isEmpty()) {
            throw refuse(e, "lacks attribute " + name);
        }
        return v;
    }

    private ConfigException refuse(XmlElement e, String reason) {
        return new ConfigException(source, e.line, "<" + e.name + (e.attr("id") == null ? "" : " id=" + e.attr("id"))
                + ">: " + reason);
    }
}
