package dev.vigil.model;

import java.time.Duration;
import java.util.Objects;

/** A configured operation of a resource: {@code op monitor interval=10s timeout=20s}. */
public final class Operation {
    private final String name;
    private final Duration interval;
    private final Duration timeout;
    private final String onFail;
    /** {@link #onFail} parsed when read; null when absent or naming no policy. */
    private final OnFail onFailPolicy;
    private final String role;
    /** {@link #role} parsed when read; null when absent. */
    private final Role forRole;
    private final boolean enabled;
    private final java.util.Map<String, String> params;
    /** No timeout was configured for it: {@link #timeout()} is the built-in default. */
    private final boolean defaultTimeout;

    private Operation(String name, Duration interval, Duration timeout, String onFail, String role, boolean enabled) {
        this(name, interval, timeout, onFail, role, enabled, java.util.Map.of(), false);
    }

    private Operation(String name, Duration interval, Duration timeout, String onFail, String role, boolean enabled,
            java.util.Map<String, String> params, boolean defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
        this.params = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(params));
        this.name = Objects.requireNonNull(name);
        this.interval = Objects.requireNonNull(interval);
        this.timeout = Objects.requireNonNull(timeout);
        this.onFail = onFail;
        this.onFailPolicy = OnFail.of(onFail);
        this.role = role;
        this.forRole = Role.parse(role);
        this.enabled = enabled;
    }

    public static Operation of(String name, Duration interval, Duration timeout) {
        return new Operation(name, interval, timeout, null, null, true);
    }

    /**
     * @param onFail what to do when the operation fails (ignore, block, stop, restart, standby, fence), or null
     * @param role the role the operation applies to (a monitor per role), or null
     */
    public static Operation of(String name, Duration interval, Duration timeout, String onFail, String role,
            boolean enabled) {
        return new Operation(name, interval, timeout, onFail, role, enabled);
    }

    /** The same operation with instance attributes of its own (passed to the agent with the resource's). */
    public Operation withParams(java.util.Map<String, String> p) {
        return new Operation(name, interval, timeout, onFail, role, enabled, p, defaultTimeout);
    }

    /** The same, its timeout not configured but the built-in default (op_defaults may set another). */
    public Operation withDefaultTimeout() {
        return new Operation(name, interval, timeout, onFail, role, enabled, params, true);
    }

    /** Whether its timeout is the built-in default rather than configured. */
    public boolean defaultTimeout() {
        return defaultTimeout;
    }

    /** Its own instance attributes, beyond the resource's. */
    public java.util.Map<String, String> params() {
        return params;
    }

    public String onFail() {
        return onFail;
    }

    /** Its on-fail policy, parsed when the configuration was read; null when none is configured. */
    public OnFail onFailPolicy() {
        return onFailPolicy;
    }

    public String role() {
        return role;
    }

    /** The role it applies to, parsed when the configuration was read; null when none is configured. */
    public Role forRole() {
        return forRole;
    }

    public boolean enabled() {
        return enabled;
    }

    public String name() {
        return name;
    }

    public Duration interval() {
        return interval;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Operation)) {
            return false;
        }
        Operation other = (Operation) o;
        return name.equals(other.name) && interval.equals(other.interval) && timeout.equals(other.timeout)
                && Objects.equals(onFail, other.onFail) && Objects.equals(role, other.role) && enabled == other.enabled
                && params.equals(other.params) && defaultTimeout == other.defaultTimeout;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, interval, timeout, onFail, role, enabled);
    }
}
