package dev.vigil.policy;

import java.time.Duration;
import java.util.Objects;

/** One action of a transition: an operation of a resource on a node. */
public final class Action {
    /** What the action does. A probe is a one-shot monitor that finds out whether a resource runs. */
    public enum Kind {
        PROBE("monitor"), STOP("stop"), START("start"), MONITOR("monitor"), PROMOTE("promote"), DEMOTE("demote");

        private final String operation;

        Kind(String operation) {
            this.operation = operation;
        }

        /** The agent operation this action runs. */
        public String operation() {
            return operation;
        }
    }

    private final int id;
    private final Kind kind;
    private final String resource;
    private final String node;
    private final Duration interval;
    private final Duration timeout;

    private Action(int id, Kind kind, String resource, String node, Duration interval, Duration timeout) {
        this.id = id;
        this.kind = Objects.requireNonNull(kind);
        this.resource = Objects.requireNonNull(resource);
        this.node = Objects.requireNonNull(node);
        this.interval = Objects.requireNonNull(interval);
        this.timeout = Objects.requireNonNull(timeout);
    }

    public static Action of(int id, Kind kind, String resource, String node, Duration interval, Duration timeout) {
        return new Action(id, kind, resource, node, interval, timeout);
    }

    public int id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public String resource() {
        return resource;
    }

    public String node() {
        return node;
    }

    /** Non-zero for a recurring monitor. */
    public Duration interval() {
        return interval;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Pacemaker's operation key and node: {@code web_start_0 n2}. */
    @Override
    public String toString() {
        return resource + "_" + kind.operation() + "_" + interval.toMillis() + " " + node;
    }
}
