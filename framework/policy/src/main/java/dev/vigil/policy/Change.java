package dev.vigil.policy;

import java.util.Objects;

/** One line of the transition summary, as crm_simulate prints it: {@code Move web ( n1 -> n2 )}. */
public final class Change {
    private final String verb;
    private final String resource;
    private final String detail;
    private final String reason;

    private Change(String verb, String resource, String detail, String reason) {
        this.verb = Objects.requireNonNull(verb);
        this.resource = Objects.requireNonNull(resource);
        this.detail = Objects.requireNonNull(detail);
        this.reason = reason == null ? "" : reason;
    }

    public static Change of(String verb, String resource, String detail, String reason) {
        return new Change(verb, resource, detail, reason);
    }

    /** The fencing of a node: verb {@code Fence (reboot)}, resource the node, no detail. */
    public static Change fence(String fenceAction, String node, String reason) {
        return new Change("Fence (" + fenceAction + ")", node, "", reason);
    }

    /** The fencing of a guest node by recovering its container: detail the container. */
    public static Change guestFence(String fenceAction, String guest, String container, String reason) {
        return new Change("Fence (" + fenceAction + ")", guest, container, reason);
    }

    /** Start, Stop, Move, Recover, Restart; "(blocked)" is appended when it cannot be carried out. */
    public String verb() {
        return verb;
    }

    public String resource() {
        return resource;
    }

    /** The node, or {@code from -> to}. */
    public String detail() {
        return detail;
    }

    /** Why, e.g. "due to node availability"; may be empty. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        if (verb.startsWith("Fence (")) {
            return verb + " " + resource + (detail.isEmpty() ? "" : " (resource: " + detail + ")") + " '" + reason
                    + "'";
        }
        String v = verb.endsWith(" (blocked)") ? verb.substring(0, verb.length() - 10) : verb;
        String tail = (reason.isEmpty() ? "" : "  " + reason) + (verb.endsWith(" (blocked)") ? " (blocked)" : "");
        return String.format("%-10s %s ( %s )%s", v, resource, detail, tail);
    }
}
