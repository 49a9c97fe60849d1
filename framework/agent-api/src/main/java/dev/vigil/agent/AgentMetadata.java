package dev.vigil.agent;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What an agent says about itself: its parameters and its actions (OCF meta-data). */
public final class AgentMetadata {
    private final String name;
    private final String version;
    private final String shortDescription;
    private final List<Parameter> parameters;
    private final List<Action> actions;

    private AgentMetadata(String name, String version, String shortDescription,
            List<Parameter> parameters, List<Action> actions) {
        this.name = Objects.requireNonNull(name);
        this.version = version;
        this.shortDescription = shortDescription;
        this.parameters = List.copyOf(parameters);
        this.actions = List.copyOf(actions);
    }

    public static AgentMetadata of(String name, String version, String shortDescription,
            List<Parameter> parameters, List<Action> actions) {
        return new AgentMetadata(name, version, shortDescription, parameters, actions);
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public String shortDescription() {
        return shortDescription;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public List<Action> actions() {
        return actions;
    }

    /** One agent parameter. */
    public static final class Parameter {
        private final String name;
        private final String type;
        private final String defaultValue;
        private final boolean required;
        private final String shortDescription;

        private Parameter(String name, String type, String defaultValue, boolean required, String shortDescription) {
            this.name = Objects.requireNonNull(name);
            this.type = type;
            this.defaultValue = defaultValue;
            this.required = required;
            this.shortDescription = shortDescription;
        }

        public static Parameter of(String name, String type, String defaultValue, boolean required,
                String shortDescription) {
            return new Parameter(name, type, defaultValue, required, shortDescription);
        }

        public String name() {
            return name;
        }

        public String type() {
            return type;
        }

        public String defaultValue() {
            return defaultValue;
        }

        public boolean required() {
            return required;
        }

        public String shortDescription() {
            return shortDescription;
        }
    }

    /** One agent action with its advised timeout and, for monitors, interval. */
    public static final class Action {
        private final AgentAction action;
        private final Duration timeout;
        private final Duration interval;

        private Action(AgentAction action, Duration timeout, Duration interval) {
            this.action = Objects.requireNonNull(action);
            this.timeout = timeout;
            this.interval = interval;
        }

        public static Action of(AgentAction action, Duration timeout, Duration interval) {
            return new Action(action, timeout, interval);
        }

        /** The actions every agent has: start and stop with a timeout, a recurring monitor. */
        public static List<Action> startStopMonitor(Duration startStopTimeout, Duration monitorTimeout,
                Duration monitorInterval) {
            return List.of(of(AgentAction.START, startStopTimeout, Duration.ZERO),
                    of(AgentAction.STOP, startStopTimeout, Duration.ZERO),
                    of(AgentAction.MONITOR, monitorTimeout, monitorInterval));
        }

        public AgentAction action() {
            return action;
        }

        public Duration timeout() {
            return timeout;
        }

        public Duration interval() {
            return interval;
        }
    }
}
