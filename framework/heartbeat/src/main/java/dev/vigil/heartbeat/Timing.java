package dev.vigil.heartbeat;

import java.time.Duration;

/**
 * Heartbeat timing, as in Heartbeat's ha.cf: send every {@code keepalive}; a peer is late after
 * {@code warntime} and dead after {@code deadtime} unheard on every link; at boot, peers never
 * heard are not convicted before {@code initdead}.
 */
public final class Timing {
    private final Duration keepalive;
    private final Duration warntime;
    private final Duration deadtime;
    private final Duration initdead;

    private Timing(Duration keepalive, Duration warntime, Duration deadtime, Duration initdead) {
        this.keepalive = keepalive;
        this.warntime = warntime;
        this.deadtime = deadtime;
        this.initdead = initdead;
    }

    /** @throws IllegalArgumentException unless 0 &lt; keepalive &lt; warntime &lt; deadtime &lt;= initdead */
    public static Timing of(Duration keepalive, Duration warntime, Duration deadtime, Duration initdead) {
        if (keepalive.isNegative() || keepalive.isZero()) {
            throw new IllegalArgumentException("keepalive must be positive");
        }
        if (warntime.compareTo(keepalive) <= 0) {
            throw new IllegalArgumentException("warntime (" + warntime.toMillis() + " ms) must exceed keepalive ("
                    + keepalive.toMillis() + " ms)");
        }
        if (deadtime.compareTo(warntime) <= 0) {
            throw new IllegalArgumentException("deadtime (" + deadtime.toMillis() + " ms) must exceed warntime ("
                    + warntime.toMillis() + " ms)");
        }
        if (initdead.compareTo(deadtime) < 0) {
            throw new IllegalArgumentException("initdead (" + initdead.toMillis() + " ms) must be at least deadtime ("
                    + deadtime.toMillis() + " ms)");
        }
        return new Timing(keepalive, warntime, deadtime, initdead);
    }

    public Duration keepalive() {
        return keepalive;
    }

    public Duration warntime() {
        return warntime;
    }

    public Duration deadtime() {
        return deadtime;
    }

    public Duration initdead() {
        return initdead;
    }

    /** A tick later than this after the one before means this node itself was paused. */
    public Duration pauseThreshold() {
        return deadtime.dividedBy(2);
    }
}
