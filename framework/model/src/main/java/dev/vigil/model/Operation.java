package dev.vigil.model;

import java.time.Duration;
import java.util.Objects;

/** A configured operation of a resource: {@code op monitor interval=10s timeout=20s}. */
public final class Operation {
    private final String name;
    private final Duration interval;
    private final Duration timeout;

    private Operation(String name, Duration interval, Duration timeout) {
        this.name = Objects.requireNonNull(name);
        this.interval = Objects.requireNonNull(interval);
        this.timeout = Objects.requireNonNull(timeout);
    }

    public static Operation of(String name, Duration interval, Duration timeout) {
        return new Operation(name, interval, timeout);
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
        return name.equals(other.name) && interval.equals(other.interval) && timeout.equals(other.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, interval, timeout);
    }
}
