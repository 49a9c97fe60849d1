package dev.vigil.membership.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The node's configured watchdog over one run, on the membership thread: armed (opened) the
 * first time the lease would be held, so that before it anything here is a previous process's
 * leftover that the watchdog that process armed must be left to reset; fed on every tick as
 * the engine allows; disarmed only by a clean stop with nothing running. As the engine's lease
 * guard it holds the lease back, and says why once, while the watchdog cannot be armed.
 */
final class WatchdogGuard implements BooleanSupplier {
    private static final Logger LOG = Logger.getLogger(WatchdogGuard.class.getName());

    private final Path device;
    private final Duration timeout;
    private Watchdog watchdog;
    private String refusal;

    /** @param device the watchdog device, or null for none (then the lease is never held back) */
    WatchdogGuard(Path device, Duration timeout) {
        this.device = device;
        this.timeout = timeout;
    }

    /** The lease guard: true once the watchdog is armed (or when none is configured). */
    @Override
    public boolean getAsBoolean() {
        if (device == null || watchdog != null) {
            return true;
        }
        try {
            watchdog = Watchdog.arm(device, timeout);
            refusal = null;
            return true;
        } catch (IllegalStateException e) {
            if (refusal == null) {
                refusal = e.getMessage() + "; this node holds no lease and runs nothing until it can";
                LOG.severe(refusal);
            }
            return false;
        }
    }

    /** Why the lease is held back now, or null when it is not. */
    String refusal() {
        return refusal;
    }

    /** A tick: feeds the armed watchdog, or lets it starve. */
    void tick(boolean mayFeed) {
        if (watchdog != null) {
            watchdog.feed(mayFeed);
        }
    }

    /** A clean stop: disarms the watchdog if nothing runs here, else leaves it to reset the machine. */
    void stop(boolean resourcesActive) {
        if (watchdog != null && !resourcesActive) {
            watchdog.close();
        } else if (watchdog != null) {
            LOG.severe("stopping with resources still active here: the watchdog stays armed and will "
                    + "reset this machine, so that the majority may take them over");
        }
    }
}
