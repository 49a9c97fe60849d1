package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Pacemaker's tickets from a CIB: the {@code <rsc_ticket>} constraints (on one resource,
 * or over resource sets, each member one {@link TicketConstraint}; a template or tag stands for the
 * resources it covers, as in the other constraints) and the {@code <ticket_state>} entries under {@code <status><tickets>}.
 * Bad input (no ticket, an unknown resource, loss-policy or role, a last-granted that is not a
 * number) is refused with the element and its line.
 */
final class TicketReader {
    private final String source;
    private final ConstraintTargets targets;

    /** @param targets the templates and tags an id in a constraint may stand for, as the other constraints read them */
    TicketReader(String source, ConstraintTargets targets) {
        this.source = source;
        this.targets = targets;
    }

    /** The constraints in {@code configuration}, then the states in {@code status} (may be null). */
    void read(XmlElement configuration, XmlElement status, ClusterConfig.Builder b) {
        XmlElement constraints = configuration.child("constraints");
        if (constraints != null) {
            for (XmlElement c : constraints.children("rsc_ticket")) {
                constraint(c, b);
            }
        }
        XmlElement tickets = status == null ? null : status.child("tickets");
        if (tickets != null) {
            for (XmlElement t : tickets.children("ticket_state")) {
                b.ticketState(state(t));
            }
        }
    }

    private void constraint(XmlElement c, ClusterConfig.Builder b) {
        String id = required(c, "id");
        String ticket = required(c, "ticket");
        List<XmlElement> sets = c.children("resource_set");
        try {
            TicketConstraint.LossPolicy policy = c.attr("loss-policy") == null ? null
                    : TicketConstraint.LossPolicy.parse(c.attr("loss-policy"));
            if (sets.isEmpty()) {
                List<String> resources = resources(c, required(c, "rsc"), b);
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
                    resources.addAll(resources(ref, required(ref, "id"), b));
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

    /** The resource {@code ref} names, or the resources of the template or tag of that name. */
    private List<String> resources(XmlElement e, String ref, ClusterConfig.Builder b) {
        if (b.hasResource(ref)) {
            return List.of(ref);
        }
        if (!targets.isGroupOfResources(ref)) {
            throw refuse(e, "'" + ref + "' is neither a resource nor a template or tag");
        }
        List<String> covered = targets.expand(ref);
        for (String rsc : covered) {
            if (!b.hasResource(rsc)) {
                throw refuse(e, "'" + ref + "' stands for '" + rsc + "', which is not a resource");
            }
        }
        return covered;
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
