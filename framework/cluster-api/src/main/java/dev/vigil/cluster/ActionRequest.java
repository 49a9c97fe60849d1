package dev.vigil.cluster;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.vigil.agent.AgentAction;

/**
 * The controller's request that a node's executor run one operation: carries everything the
 * executor needs (agent, parameters, timeout), so executors need no configuration of their own,
 * and who issued it: the DC's node name, its incarnation and the view number it planned in, so
 * that an executor obeys only the DC of its current view (a stale DC's retransmitted request is
 * refused).
 */
public final class ActionRequest {
    /** Message topic on which the DC sends requests to a node's executor. */
    public static final String TOPIC = "lrm.exec";
    /** The role of a monitor that checks that the resource does not run on its node. */
    public static final String STOPPED_ROLE = "Stopped";

    private final String id;
    private final String resource;
    private final String agent;
    private final AgentAction action;
    private final Duration interval;
    private final Duration timeout;
    private final Map<String, String> params;
    private final String dc;
    private final long viewNumber;
    private final long dcIncarnation;
    private final Map<String, String> notifyVariables;
    private final String role;
    private final boolean cancellation;

    private ActionRequest(String id, String resource, String agent, AgentAction action, Duration interval,
            Duration timeout, Map<String, String> params, String dc, long viewNumber, long dcIncarnation) {
        this(id, resource, agent, action, interval, timeout, params, dc, viewNumber, dcIncarnation, Map.of(), null,
                false);
    }

    private ActionRequest(String id, String resource, String agent, AgentAction action, Duration interval,
            Duration timeout, Map<String, String> params, String dc, long viewNumber, long dcIncarnation,
            Map<String, String> notifyVariables, String role, boolean cancellation) {
        this.role = role;
        this.cancellation = cancellation;
        this.dc = dc;
        this.viewNumber = viewNumber;
        this.dcIncarnation = dcIncarnation;
        this.id = Objects.requireNonNull(id);
        this.resource = Objects.requireNonNull(resource);
        this.agent = Objects.requireNonNull(agent);
        this.action = Objects.requireNonNull(action);
        this.interval = Objects.requireNonNull(interval);
        this.timeout = Objects.requireNonNull(timeout);
        this.params = Collections.unmodifiableMap(new TreeMap<>(params));
        this.notifyVariables = Collections.unmodifiableMap(new TreeMap<>(notifyVariables));
    }

    public static ActionRequest of(String id, String resource, String agent, AgentAction action, Duration interval,
            Duration timeout, Map<String, String> params) {
        return new ActionRequest(id, resource, agent, action, interval, timeout, params, null, -1, -1);
    }

    /**
     * The same request, issued by {@code dc} (its incarnation {@code dcIncarnation}) while it
     * was the DC of view {@code viewNumber}.
     */
    public ActionRequest issuedBy(String dc, long viewNumber, long dcIncarnation) {
        return new ActionRequest(id, resource, agent, action, interval, timeout, params, Objects.requireNonNull(dc),
                viewNumber, dcIncarnation, notifyVariables, role, cancellation);
    }

    /**
     * The same request carrying a clone notification's variables (for {@link AgentAction#NOTIFY}:
     * {@code notify_type}, {@code notify_operation}, {@code notify_start_uname}..., see
     * {@code AgentRequest.notifyVariables()}); for an instance's own start, stop, promote or
     * demote in a clone with notifications, the clone's lists without type and operation.
     */
    public ActionRequest withNotifyVariables(Map<String, String> variables) {
        return new ActionRequest(id, resource, agent, action, interval, timeout, params, dc, viewNumber, dcIncarnation,
                variables, role, cancellation);
    }

    /**
     * The same recurring monitor for one role ({@code op monitor role=...}): {@link #STOPPED_ROLE}
     * (it runs where the resource must not run and succeeds with "not running"; "running" there
     * is a failure), {@code Promoted} or {@code Unpromoted}; null for a monitor of any role.
     */
    public ActionRequest withRole(String role) {
        return new ActionRequest(id, resource, agent, action, interval, timeout, params, dc, viewNumber, dcIncarnation,
                notifyVariables, role, cancellation);
    }

    /** The role a recurring monitor checks ({@link #withRole}), or null. */
    public String role() {
        return role;
    }

    /** A monitor for the Stopped role: expects the resource not to run on its node. */
    public boolean forStoppedRole() {
        return STOPPED_ROLE.equals(role);
    }

    /**
     * The request to cancel the recurring operation this request sets up (the same resource,
     * action, interval and role): Pacemaker's cancel of a recurring monitor, when a role changes
     * or a resource is to run where its Stopped-role monitor ran.
     */
    public ActionRequest asCancellation() {
        if (interval.isZero()) {
            throw new IllegalArgumentException("only a recurring operation can be cancelled, not " + this);
        }
        return new ActionRequest(id, resource, agent, action, interval, timeout, params, dc, viewNumber, dcIncarnation,
                notifyVariables, role, true);
    }

    /** This request cancels a recurring operation instead of running one ({@link #asCancellation()}). */
    public boolean isCancellation() {
        return cancellation;
    }

    /** A notification's variables, or a clone instance's lists on its start, stop, promote, demote; else empty. */
    public Map<String, String> notifyVariables() {
        return notifyVariables;
    }

    /** The DC that issued this request, or null when it does not say (a request made by no DC). */
    public String dc() {
        return dc;
    }

    /** The number of the view in which the DC issued this request; -1 when unknown. */
    public long viewNumber() {
        return viewNumber;
    }

    /** The incarnation of the DC that issued this request; -1 when unknown. */
    public long dcIncarnation() {
        return dcIncarnation;
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
        if (dc != null) {
            m.put("dc", dc);
            m.put("view", Long.toString(viewNumber));
            m.put("dc.incarnation", Long.toString(dcIncarnation));
        }
        if (role != null) {
            m.put("role", role);
        }
        if (cancellation) {
            m.put("cancel", "true");
        }
        params.forEach((k, v) -> m.put("param." + k, v));
        notifyVariables.forEach((k, v) -> m.put("meta." + k, v));
        return Wire.encode(m);
    }

    /** @throws IllegalArgumentException for a malformed request, naming what is wrong */
    public static ActionRequest decode(byte[] payload) {
        Map<String, String> m = Wire.decode(payload);
        Map<String, String> params = new LinkedHashMap<>(), notify = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("param.")) {
                params.put(k.substring("param.".length()), v);
            } else if (k.startsWith("meta.")) {
                notify.put(k.substring("meta.".length()), v);
            }
        });
        try {
            ActionRequest r = of(Wire.require(m, "id"), Wire.require(m, "resource"), Wire.require(m, "agent"),
                    AgentAction.fromOcfName(Wire.require(m, "action")),
                    Duration.ofMillis(Long.parseLong(Wire.require(m, "interval"))),
                    Duration.ofMillis(Long.parseLong(Wire.require(m, "timeout"))), params).withNotifyVariables(notify)
                    .withRole(m.get("role"));
            if ("true".equals(m.get("cancel"))) {
                r = r.asCancellation();
            }
            String dc = m.get("dc");
            return dc == null ? r : r.issuedBy(dc, Long.parseLong(Wire.require(m, "view")),
                    Long.parseLong(Wire.require(m, "dc.incarnation")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed action request: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return resource + "_" + (cancellation ? "cancel_" : "") + action.ocfName() + "_" + interval.toMillis()
                + (role == null ? "" : " role " + role) + " [" + id
                + (dc == null ? "" : ", dc " + dc + " view " + viewNumber) + "]";
    }
}
