package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tickets in the configuration language:
 *
 * <pre>
 * rsc_ticket db-needs-site-a site-a: db-clone:Promoted vip loss-policy=demote
 * ticket site-a granted=true standby=false last-granted=1733353200
 * </pre>
 *
 * {@code rsc_ticket ID TICKET: RSC[:ROLE]... [loss-policy=stop|demote|fence|freeze]} is crmsh's
 * constraint; with several resources each gets its own constraint, {@code ID-0}, {@code ID-1} ...
 * {@code ticket NAME [granted=BOOL] [standby=BOOL] [last-granted=SECONDS]} states a ticket's
 * state (what {@code crm_ticket --grant/--revoke/--standby} sets in Pacemaker's status section);
 * a ticket never stated is not granted.
 */
final class TicketStatements {
    private TicketStatements() {
    }

    static List<TicketConstraint> constraints(List<String> t) {
        List<String> rest = new ArrayList<>(t);
        TicketConstraint.LossPolicy policy = null;
        String last = rest.get(rest.size() - 1);
        if (last.startsWith("loss-policy=")) {
            policy = TicketConstraint.LossPolicy.parse(last.substring("loss-policy=".length()));
            rest.remove(rest.size() - 1);
        }
        if (rest.size() < 4 || !rest.get(2).endsWith(":") || rest.get(2).length() < 2) {
            throw new IllegalArgumentException(
                    "expected 'rsc_ticket ID TICKET: RESOURCE[:ROLE]... [loss-policy=stop|demote|fence|freeze]'");
        }
        String id = rest.get(1);
        String ticket = rest.get(2).substring(0, rest.get(2).length() - 1);
        List<String> resources = rest.subList(3, rest.size());
        List<TicketConstraint> out = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            String[] rsc = resources.get(i).split(":", 2);
            out.add(TicketConstraint.of(resources.size() == 1 ? id : id + "-" + i, ticket, rsc[0],
                    rsc.length > 1 ? rsc[1] : null, policy));
        }
        return out;
    }

    static TicketState state(List<String> t, Map<String, String> pairs) {
        if (t.size() < 2 || t.get(1).contains("=")) {
            throw new IllegalArgumentException(
                    "expected 'ticket NAME [granted=BOOL] [standby=BOOL] [last-granted=SECONDS]'");
        }
        boolean granted = false, standby = false;
        Long lastGranted = null;
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            switch (e.getKey()) {
                case "granted":
                    granted = bool(e.getKey(), e.getValue());
                    break;
                case "standby":
                    standby = bool(e.getKey(), e.getValue());
                    break;
                case "last-granted":
                    try {
                        lastGranted = Long.parseLong(e.getValue());
                    } catch (NumberFormatException x) {
                        throw new IllegalArgumentException("last-granted '" + e.getValue()
                                + "' is not a number of seconds");
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown ticket attribute '" + e.getKey()
                            + "' (supported: granted, standby, last-granted)");
            }
        }
        return TicketState.of(t.get(1), granted, standby, lastGranted);
    }

    private static boolean bool(String name, String value) {
        if (ClusterConfig.isTrue(value)) {
            return true;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "false": case "off": case "no": case "n": case "0":
                return false;
            default:
                throw new IllegalArgumentException(name + "=" + value + " is not a boolean (true or false)");
        }
    }

    static void write(ClusterConfig c, StringBuilder out) {
        for (TicketConstraint t : c.ticketConstraints()) {
            out.append("rsc_ticket ").append(t.id()).append(' ').append(t.ticket()).append(": ")
                    .append(t.resource()).append(t.role() == null ? "" : ":" + t.role())
                    .append(" loss-policy=").append(t.lossPolicy()).append('\n');
        }
        for (TicketState s : c.ticketStates().values()) {
            out.append("ticket ").append(s.ticket()).append(" granted=").append(s.granted())
                    .append(" standby=").append(s.standby())
                    .append(s.lastGranted() == null ? "" : " last-granted=" + s.lastGranted()).append('\n');
        }
    }
}
