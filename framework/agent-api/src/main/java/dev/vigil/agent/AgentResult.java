package dev.vigil.agent;

import java.util.Objects;

/** What an agent answered: an OCF status and a short human reason. */
public final class AgentResult {
    private final OcfStatus status;
    private final String reason;

    private AgentResult(OcfStatus status, String reason) {
        this.status = Objects.requireNonNull(status);
        this.reason = reason == null ? "" : reason;
    }

    public static AgentResult of(OcfStatus status, String reason) {
        return new AgentResult(status, reason);
    }

    public static AgentResult ok() {
        return new AgentResult(OcfStatus.OK, "");
    }

    public static AgentResult notRunning() {
        return new AgentResult(OcfStatus.NOT_RUNNING, "");
    }

    public OcfStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? status.name() : status + " (" + reason + ")";
    }
}
