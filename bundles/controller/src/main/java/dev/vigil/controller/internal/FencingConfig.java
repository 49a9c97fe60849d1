package dev.vigil.controller.internal;

import java.time.Duration;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.Durations;
import dev.vigil.model.Resource;

/**
 * Whether the cluster can fence: {@code stonith-enabled} (default true) and some way to do it,
 * a {@code class=stonith} primitive or watchdog fencing ({@code stonith-watchdog-timeout} > 0).
 * Only then is a node lost without a clean shutdown held back as unclean until it is fenced;
 * without it, the lease layer alone protects recovery (a lost node counts as offline).
 */
final class FencingConfig {
    static final String STONITH_ENABLED = "stonith-enabled";
    static final String WATCHDOG_TIMEOUT = "stonith-watchdog-timeout";

    private FencingConfig() {
    }

    static boolean configured(ClusterConfig c) {
        if (!ClusterConfig.isTrue(c.property(STONITH_ENABLED, "true"))) {
            return false;
        }
        return hasDevice(c) || watchdogTimeout(c).compareTo(Duration.ZERO) > 0;
    }

    /**
     * The configuration as the policy engine must see it: with watchdog fencing configured, the
     * cluster has a watchdog ({@code have-watchdog}, which Pacemaker's controller sets when SBD
     * runs), so lost nodes can be fenced without a device.
     */
    static ClusterConfig forEngine(ClusterConfig c) {
        if (watchdogTimeout(c).compareTo(Duration.ZERO) > 0 && !c.properties().containsKey("have-watchdog")) {
            return c.withProperty("have-watchdog", "true");
        }
        return c;
    }

    private static boolean hasDevice(ClusterConfig c) {
        return c.resources().stream().map(Resource::agentClass).anyMatch("stonith"::equals);
    }

    /** Zero when unset, 0, or a negative (derived) value that this node does not compute. */
    private static Duration watchdogTimeout(ClusterConfig c) {
        String v = c.property(WATCHDOG_TIMEOUT, "0");
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            return Duration.ZERO;
        }
    }
}
