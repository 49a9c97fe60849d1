package dev.vigil.model;

import java.util.Objects;

/**
 * The state of a ticket (Pacemaker's {@code <ticket_state>}, set by {@code crm_ticket} or a
 * ticket manager such as booth): granted to this cluster or not, and in standby (granted, but
 * what depends on it should stop as if it were not). A ticket nobody stated is not granted.
 */
public final class TicketState {
    private final String ticket;
    private final boolean granted;
    private final boolean standby;
    private final Long lastGranted;

    private TicketState(String ticket, boolean granted, boolean standby, Long lastGranted) {
        this.ticket = Objects.requireNonNull(ticket);
        this.granted = granted;
        this.standby = standby;
        this.lastGranted = lastGranted;
    }

    /** @param lastGranted when it was last granted, in seconds since the epoch, or null */
    public static TicketState of(String ticket, boolean granted, boolean standby, Long lastGranted) {
        return new TicketState(ticket, granted, standby, lastGranted);
    }

    /** A ticket no one granted: what a ticket is until its state says otherwise. */
    public static TicketState notGranted(String ticket) {
        return new TicketState(ticket, false, false, null);
    }

    public String ticket() {
        return ticket;
    }

    public boolean granted() {
        return granted;
    }

    public boolean standby() {
        return standby;
    }

    /** Seconds since the epoch, or null when never stated. */
    public Long lastGranted() {
        return lastGranted;
    }

    /** Granted and not in standby: what depends on it may run. */
    public boolean held() {
        return granted && !standby;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TicketState)) {
            return false;
        }
        TicketState t = (TicketState) o;
        return ticket.equals(t.ticket) && granted == t.granted && standby == t.standby
                && Objects.equals(lastGranted, t.lastGranted);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ticket, granted, standby, lastGranted);
    }

    @Override
    public String toString() {
        return "ticket " + ticket + " granted=" + granted + " standby=" + standby
                + (lastGranted == null ? "" : " last-granted=" + lastGranted);
    }
}
