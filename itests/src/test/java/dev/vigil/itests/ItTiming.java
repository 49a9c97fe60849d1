package dev.vigil.itests;

import java.time.Duration;

import dev.vigil.distribution.LocalCluster;
import dev.vigil.model.Durations;

/**
 * The heartbeat timing of the multi-process tests: 100 ms / 400 ms / 1 s (initdead 10 s) unless
 * {@code -Dvigil.itest.timing=KEEPALIVE,WARNTIME,DEADTIME} asks for another, so that the same
 * fault scenarios can be measured at the fastest timing too (see docs/safety.md).
 */
final class ItTiming {
    private static final String[] PARTS = System.getProperty("vigil.itest.timing", "100ms,400ms,1s").split(",");

    private ItTiming() {
    }

    static LocalCluster.Timing timing() {
        return new LocalCluster.Timing(PARTS[0].trim(), PARTS[1].trim(), PARTS[2].trim(), "10s");
    }

    static Duration keepalive() {
        return Durations.parse(PARTS[0].trim());
    }

    static Duration deadtime() {
        return Durations.parse(PARTS[2].trim());
    }
}
