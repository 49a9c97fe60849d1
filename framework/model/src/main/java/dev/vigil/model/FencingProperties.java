package dev.vigil.model;

import java.time.Duration;

/**
 * The cluster properties that say whether and how the cluster fences, read one way for the
 * engine, the coordinator, the fencer and status alike, with Pacemaker's names (and Pacemaker
 * 3's {@code fencing-*} ones) and defaults. A value that cannot be read counts as unset.
 */
public final class FencingProperties {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private FencingProperties() {
    }

    /** {@code stonith-enabled} (default true). */
    public static boolean enabled(ClusterConfig c) {
        return ClusterConfig.isTrue(c.property("stonith-enabled", c.property("fencing-enabled", "true")));
    }

    /** {@code stonith-timeout} (default 60 s; zero or unreadable: the default). */
    public static Duration timeout(ClusterConfig c) {
        Duration d = parse(c.property("stonith-timeout", c.property("fencing-timeout", "60s")));
        return d == null || d.isZero() ? DEFAULT_TIMEOUT : d;
    }

    /**
     * {@code stonith-watchdog-timeout}: zero when unset, zero, unreadable or negative (Pacemaker
     * derives a negative value from SBD's own watchdog timeout, which Vigil does not have).
     */
    public static Duration watchdogTimeout(ClusterConfig c) {
        String v = c.property("stonith-watchdog-timeout", c.property("fencing-watchdog-timeout", "0")).strip();
        Duration d = v.startsWith("-") ? null : parse(v);
        return d == null ? Duration.ZERO : d;
    }

    /** A {@code class=stonith} primitive is configured. */
    public static boolean hasDevice(ClusterConfig c) {
        return c.resources().stream().anyMatch(FencingProperties::isDevice);
    }

    public static boolean isDevice(Resource r) {
        return "stonith".equalsIgnoreCase(r.agentClass());
    }

    /** The cluster can fence: enabled, and a device or watchdog fencing to do it with. */
    public static boolean configured(ClusterConfig c) {
        return enabled(c) && (hasDevice(c) || !watchdogTimeout(c).isZero());
    }

    private static Duration parse(String v) {
        try {
            return Durations.parse(v.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
