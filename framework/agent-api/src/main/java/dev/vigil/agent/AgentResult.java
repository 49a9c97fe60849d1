package dev.vigil.agent;

import java.util.Objects;

/** What an agent answered: an OCF status and a short human reason. */
public final class AgentResult {
    private final OcfStatus status;
    private final String reason;
    private final Integer promotionScore;

    private AgentResult(OcfStatus status, String reason, Integer promotionScore) {
        this.status = Objects.requireNonNull(status);
        this.reason = reason == null ? "" : reason;
        this.promotionScore = promotionScore;
    }

    private AgentResult(OcfStatus status, String reason) {
        this(status, reason, null);
    }

    /**
     * The same result, also saying how much this node's instance of a promotable resource wants
     * to be promoted (higher is better; negative: never). What {@code crm_master} does for OCF
     * scripts: the score stays with the resource's state until the agent sets another.
     */
    public AgentResult withPromotionScore(int score) {
        return new AgentResult(status, reason, score);
    }

    /** The promotion score this result sets, or null when it sets none. */
    public Integer promotionScore() {
        return promotionScore;
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
