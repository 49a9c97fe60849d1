package dev.vigil.fence;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One call of a fence device: the action, the target as the device names it (its port or plug,
 * after {@code pcmk_host_map}), the configured device's parameters, and the time allowed.
 */
public final class FenceRequest {
    private final String device;
    private final FenceAction action;
    private final String target;
    private final String port;
    private final Map<String, String> parameters;
    private final Duration timeout;
    private final String agentAction;

    private FenceRequest(String device, FenceAction action, String target, String port,
            Map<String, String> parameters, Duration timeout, String agentAction) {
        this.device = Objects.requireNonNull(device);
        this.action = Objects.requireNonNull(action);
        this.target = target;
        this.port = port;
        this.parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
        this.timeout = Objects.requireNonNull(timeout);
        this.agentAction = agentAction == null || agentAction.isBlank() ? action.agentName() : agentAction.trim();
    }

    /**
     * @param device the configured device's id (a {@code class=stonith} primitive)
     * @param target the cluster node to act on, or null for device-wide actions (monitor, list)
     * @param port the target as the device names it (e.g. a PDU outlet), or null for device-wide actions
     * @param parameters the device's instance attributes, {@code pcmk_*} ones excluded
     */
    public static FenceRequest of(String device, FenceAction action, String target, String port,
            Map<String, String> parameters, Duration timeout) {
        return new FenceRequest(device, action, target, port, parameters, timeout, null);
    }

    /**
     * The same request, with the action named to the agent otherwise: a device's
     * {@code pcmk_reboot_action=off} (or any action name its agent understands) for a reboot.
     */
    public FenceRequest withAgentAction(String name) {
        return new FenceRequest(device, action, target, port, parameters, timeout, name);
    }

    public String device() {
        return device;
    }

    public FenceAction action() {
        return action;
    }

    /** The cluster node, or null for monitor and list. */
    public String target() {
        return target;
    }

    /** The target as the device names it, or null for monitor and list. */
    public String port() {
        return port;
    }

    /** The action's name as the agent is told it: {@link FenceAction#agentName()} unless a device renames it. */
    public String agentAction() {
        return agentAction;
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return device + " " + agentAction + (target == null ? "" : " " + target);
    }
}
