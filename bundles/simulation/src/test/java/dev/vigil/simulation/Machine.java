package dev.vigil.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What lives outside a node's JVM: the services its agents started (they keep running while
 * the process is paused, cut off or dead) and its watchdog, which resets the machine (stops
 * every service and kills the process) when it is armed and not fed within its timeout.
 */
final class Machine {
    final String name;
    /** Resources whose service runs on this machine now. */
    final SortedSet<String> active = new TreeSet<>();
    private boolean armed;
    private Instant lastFed;

    Machine(String name) {
        this.name = name;
    }

    /** A node process opened the watchdog: it counts from now. */
    void arm(Instant now) {
        armed = true;
        lastFed = now;
    }

    void feed(Instant now) {
        lastFed = now;
    }

    /** Magic close: a clean exit with nothing running. */
    void disarm() {
        armed = false;
    }

    boolean armed() {
        return armed;
    }

    /** True when the armed watchdog has gone unfed for its timeout. */
    boolean due(Instant now, Duration timeout) {
        return armed && !now.isBefore(lastFed.plus(timeout));
    }

    /** The machine resets: every service is gone; the watchdog is disarmed until a process opens it again. */
    void reset() {
        active.clear();
        armed = false;
    }
}
