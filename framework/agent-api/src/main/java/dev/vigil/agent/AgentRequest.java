package dev.vigil.agent;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One call of an agent action for one resource. */
public final class AgentRequest {
    /**
     * The parameter naming the node a resource migrates from, in a migrate_to or migrate_from
     * request; an OCF script sees it as {@code OCF_RESKEY_CRM_meta_migrate_source}.
     */
    public static final String MIGRATE_SOURCE = "CRM_meta_migrate_source";
    /** The parameter naming the node a resource migrates to ({@code OCF_RESKEY_CRM_meta_migrate_target}). */
    public static final String MIGRATE_TARGET = "CRM_meta_migrate_target";

    private final String resourceId;
    private final AgentAction action;
    private final Map<String, String> parameters;
    private final Duration interval;
    private final int depth;
    private final Duration timeout;
    private final AgentContext context;
    private final Map<String, String> notifyVariables;

    private AgentRequest(Builder b) {
        this.resourceId = Objects.requireNonNull(b.resourceId, "resourceId");
        this.action = Objects.requireNonNull(b.action, "action");
        this.parameters = Map.copyOf(b.parameters);
        this.interval = b.interval;
        this.depth = b.depth;
        this.timeout = b.timeout;
        this.context = Objects.requireNonNull(b.context, "context");
        this.notifyVariables = Map.copyOf(b.notifyVariables);
    }

    public static Builder builder(String resourceId, AgentAction action, AgentContext context) {
        return new Builder(resourceId, action, context);
    }

    public String resourceId() {
        return resourceId;
    }

    public AgentAction action() {
        return action;
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    /** A parameter's value, or {@code fallback} when it is not set. */
    public String parameter(String name, String fallback) {
        return parameters.getOrDefault(name, fallback);
    }

    /** For a migrate_to or migrate_from: the node the resource migrates from; else null. */
    public String migrateSource() {
        return parameters.get(MIGRATE_SOURCE);
    }

    /** For a migrate_to or migrate_from: the node the resource migrates to; else null. */
    public String migrateTarget() {
        return parameters.get(MIGRATE_TARGET);
    }

    /** Zero for a one-shot operation (a probe when the action is monitor). */
    public Duration interval() {
        return interval;
    }

    /** OCF check depth (0, 10, 20); deeper is more thorough. */
    public int depth() {
        return depth;
    }

    /** How long the executor will wait before recording a timeout. */
    public Duration timeout() {
        return timeout;
    }

    public AgentContext context() {
        return context;
    }

    /**
     * For {@link AgentAction#NOTIFY}: Pacemaker's notification variables by their meta name
     * without the {@code CRM_meta_} prefix ({@code notify_type} pre or post,
     * {@code notify_operation} start, stop, promote or demote, {@code notify_start_uname},
     * {@code notify_active_resource}...; lists space-separated, an empty list a single space).
     * For the start, stop, promote or demote of an instance of a clone with notifications, the
     * same lists without {@code notify_type} and {@code notify_operation}, as Pacemaker passes
     * them. Empty for every other action.
     */
    public Map<String, String> notifyVariables() {
        return notifyVariables;
    }

    @Override
    public String toString() {
        return resourceId + "_" + action.ocfName() + "_" + interval.toMillis();
    }

    public static final class Builder {
        private final String resourceId;
        private final AgentAction action;
        private final AgentContext context;
        private final Map<String, String> parameters = new TreeMap<>();
        private Duration interval = Duration.ZERO;
        private int depth;
        private Duration timeout = Duration.ofSeconds(20);
        private final Map<String, String> notifyVariables = new TreeMap<>();

        private Builder(String resourceId, AgentAction action, AgentContext context) {
            this.resourceId = resourceId;
            this.action = action;
            this.context = context;
        }

        public Builder parameters(Map<String, String> values) {
            parameters.putAll(values);
            return this;
        }

        public Builder interval(Duration value) {
            interval = Objects.requireNonNull(value);
            return this;
        }

        public Builder depth(int value) {
            depth = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = Objects.requireNonNull(value);
            return this;
        }

        /** The notification variables ({@link AgentRequest#notifyVariables()}). */
        public Builder notifyVariables(Map<String, String> values) {
            notifyVariables.putAll(values);
            return this;
        }

        public AgentRequest build() {
            return new AgentRequest(this);
        }
    }
}
