package dev.vigil.controller.internal;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.FencingProperties;

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
        return FencingProperties.configured(c);
    }

    /**
     * The configuration as the policy engine must see it: with watchdog fencing configured, the
     * cluster has a watchdog ({@code have-watchdog}, which Pacemaker's controller sets when SBD
     * runs), so lost nodes can be fenced without a device.
     */
    static ClusterConfig forEngine(ClusterConfig c) {
        if (!FencingProperties.watchdogTimeout(c).isZero() && !c.properties().containsKey("have-watchdog")) {
            return c.withProperty("have-watchdog", "true");
        }
        return c;
    }
}
