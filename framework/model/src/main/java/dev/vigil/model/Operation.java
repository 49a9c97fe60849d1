package dev.vigil.model;

import java.time.Duration;
import java.util.Objects;

/** A configured operation of a resource: {@code op monitor interval=10s timeout=20s}. */
public final class Operation {
    private final String name;
    private final Duration interval;
    private final Duration timeout;
    private final String onFail;
    private final String role;
    private final boolean enabled;

    private Operation(String name, Duration interval, Duration timeout, String onFail, String role, boolean enabled) {
        this.name = Objects.requireNonNull(name);
        this.interval = Objects.requireNonNull(interval);
        this.timeout = Objects.requireNonNull(timeout);
        this.onFail = onFail;
        this.role = role;
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

    public String onFail() {
        return onFail;
    }

    public String role() {
        return role;
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
                && Objects.equals(onFail, other.onFail) && Objects.equals(role, other.role) && enabled == other.enabled;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, interval, timeout, onFail, role, enabled);
    }
}
