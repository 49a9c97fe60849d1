package dev.vigil.model;

import java.util.Locale;
import java.util.Objects;

/**
 * Pacemaker's {@code rsc_ticket}: a resource may run (in {@link #role()}, any role when null)
 * only while the cluster holds {@link #ticket()} (granted and not in standby, see
 * {@link TicketState}). What happens to it when the ticket is lost while it runs is its
 * {@link #lossPolicy()}. A constraint over resource sets is one of these per resource.
 */
public final class TicketConstraint {
    /** What losing the ticket does to the resource where it runs. */
    public enum LossPolicy {
        /** Stop it (the default, and what a ticket in standby always does). */
        STOP,
        /** Demote it (the default for {@code rsc-role=Promoted}); stop it when no role is given. */
        DEMOTE,
        /** Fence the nodes where it runs (stop when fencing is disabled). */
        FENCE,
        /** Leave it as it is, unmanaged; start nothing more. */
        FREEZE;

        /** stop, demote, fence or freeze (any case); anything else is refused. */
        public static LossPolicy parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("loss-policy '" + value + "' (use stop, demote, fence or freeze)");
            }
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String id;
    private final String ticket;
    private final String resource;
    private final Role role;
    private final LossPolicy lossPolicy;

    private TicketConstraint(String id, String ticket, String resource, Role role, LossPolicy lossPolicy) {
        this.id = Objects.requireNonNull(id);
        this.ticket = Objects.requireNonNull(ticket);
        this.resource = Objects.requireNonNull(resource);
        this.role = role;
        this.lossPolicy = Objects.requireNonNull(lossPolicy);
    }

    /**
     * @param role Promoted or Unpromoted (Master and Slave are the old names); null or Started
     *            for any role
     * @param lossPolicy null for the default: demote for the Promoted role, stop otherwise
     */
    public static TicketConstraint of(String id, String ticket, String resource, String role, LossPolicy lossPolicy) {
        Role r = canonicalRole(role);
        LossPolicy p = lossPolicy != null ? lossPolicy : r == Role.PROMOTED ? LossPolicy.DEMOTE : LossPolicy.STOP;
        return new TicketConstraint(id, ticket, resource, r, p);
    }

    private static Role canonicalRole(String role) {
        if (role == null) {
            return null;
        }
        try {
            Role r = Role.parse(ConfigReader.canonicalRole(role));
            return r == Role.STARTED ? null : r; // as Pacemaker: Started means any role
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rsc-" + e.getMessage());
        }
    }

    public String id() {
        return id;
    }

    public String ticket() {
        return ticket;
    }

    public String resource() {
        return resource;
    }

    /** Promoted or Unpromoted, or null for any role. */
    public String role() {
        return role == null ? null : role.toString();
    }

    /** {@link #role()} parsed when the configuration was read: Promoted or Unpromoted, or null for any role. */
    public Role forRole() {
        return role;
    }

    public LossPolicy lossPolicy() {
        return lossPolicy;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TicketConstraint)) {
            return false;
        }
        TicketConstraint t = (TicketConstraint) o;
        return id.equals(t.id) && ticket.equals(t.ticket) && resource.equals(t.resource)
                && Objects.equals(role, t.role) && lossPolicy == t.lossPolicy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, ticket, resource, role, lossPolicy);
    }

    @Override
    public String toString() {
        return "rsc_ticket " + id + " " + ticket + ": " + resource + (role == null ? "" : ":" + role)
                + " loss-policy=" + lossPolicy;
    }
}
