package dev.vigil.cluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.vigil.agent.AgentAction;

/**
 * The controller's request that a node's executor run one operation: carries everything the
 * executor needs (agent, parameters, timeout), so executors need no configuration of their own.
 */
public final class ActionRequest {
    /** Message topic on which the DC sends requests to a node's executor. */
    public static final String TOPIC = "lrm.exec";

    private final String id;
    private final String resource;
    private final String agent;
    private final AgentAction action;
    private final Duration interval;
    private final Duration timeout;
    private final Map<String, String> params;

    private ActionRequest(String id, String resource, String agent, AgentAction action, Duration interval,
            Duration timeout, Map<String, String> params) {
        this.id = Objects.requireNonNull(id);
        this.resource = Objects.requireNonNull(resource);
        this.agent = Objects.requireNonNull(agent);
        this.action = Objects.requireNonNull(action);
        this.interval = Objects.requireNonNull(interval);
        this.timeout = Objects.requireNonNull(timeout);
        this.params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }

    public static ActionRequest of(String id, String resource, String agent, AgentAction action, Duration interval,
            Duration timeout, Map<String, String> params) {
        return new ActionRequest(id, resource, agent, action, interval, timeout, params);
    }

    /** Unique within the transition that issued it; echoed in the result. */
    public String id() {
        return id;
    }

    public String resource() {
        return resource;
    }

    /** The agent type as configured, e.g. {@code webserver} or {@code ocf:heartbeat:Dummy}. */
    public String agent() {
        return agent;
    }

    public AgentAction action() {
        return action;
    }

    /** Non-zero: set up a recurring operation; zero for a one-shot. */
    public Duration interval() {
        return interval;
    }

    public Duration timeout() {
        return timeout;
    }

    public Map<String, String> params() {
        return params;
    }

    public byte[] encode() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("resource", resource);
        m.put("agent", agent);
        m.put("action", action.ocfName());
        m.put("interval", Long.toString(interval.toMillis()));
        m.put("timeout", Long.toString(timeout.toMillis()));
        params.forEach((k, v) -> m.put("param." + k, v));
        return Wire.encode(m);
    }

    /** @throws IllegalArgumentException for a malformed request, naming what is wrong */
    public static ActionRequest decode(byte[] payload) {
        Map<String, String> m = Wire.decode(payload);
        Map<String, String> params = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("param.")) {
                params.put(k.substring("param.".length()), v);
            }
        });
        try {
            return of(Wire.require(m, "id"), Wire.require(m, "resource"), Wire.require(m, "agent"),
                    AgentAction.fromOcfName(Wire.require(m, "action")),
                    Duration.ofMillis(Long.parseLong(Wire.require(m, "interval"))),
                    Duration.ofMillis(Long.parseLong(Wire.require(m, "timeout"))), params);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed action request: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return resource + "_" + action.ocfName() + "_" + interval.toMillis() + " [" + id + "]";
    }
}
