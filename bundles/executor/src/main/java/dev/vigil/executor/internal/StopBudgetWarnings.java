package dev.vigil.executor.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.FencingProperties;
import dev.vigil.model.Durations;
import dev.vigil.model.Resource;

/**
 * The safety warning for stops slower than the stop budget. A node cut off from the majority
 * stops its resources when it loses its lease; the majority starts them elsewhere a stop budget
 * later (deadtime - lease - a keepalive, see the membership's settings). A resource whose stop
 * may take longer (its stop timeout says how long the cluster lets it) can then run twice,
 * unless a watchdog resets the node first or fencing powers it off before recovery. Refusing
 * such a configuration would refuse every real database at a 2 s deadtime, so it is a warning,
 * given once per resource and stop timeout, when the configuration says so; and once per sum
 * when each stop fits but all of them one after the other do not. Thread-safe.
 */
final class StopBudgetWarnings {
    /** Pacemaker's default operation timeout, when neither the operation nor op_defaults sets one. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final Duration budget;
    private final boolean watchdog;
    private final Set<String> given = new HashSet<>();

    /**
     * @param budget the node's stop budget, or null when the membership does not say (no check)
     * @param watchdog whether a watchdog resets this node when it keeps resources without a lease
     */
    StopBudgetWarnings(Duration budget, boolean watchdog) {
        this.budget = budget;
        this.watchdog = watchdog;
    }

    /** The warnings this configuration calls for that were not given yet (each resource and timeout once). */
    synchronized List<String> check(ClusterConfig config) {
        if (budget == null || watchdog || fencingConfigured(config)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Duration all = Duration.ZERO;
        boolean eachFits = true;
        for (Resource r : config.resources()) {
            if (FencingProperties.isDevice(r)) {
                continue;
            }
            Duration stop = r.timeoutOf("stop", defaultTimeout(config));
            all = all.plus(stop);
            eachFits &= stop.compareTo(budget) <= 0;
            if (stop.compareTo(budget) > 0 && given.add(r.id() + " " + stop.toMillis())) {
                out.add("resource " + r.id() + " has a stop timeout of " + stop.toMillis() + " ms, longer than this "
                        + "node's stop budget of " + budget.toMillis() + " ms (deadtime - lease - a keepalive), and "
                        + "there is neither a watchdog nor fencing: if this node is cut off from the majority while "
                        + r.id() + " runs here, the majority may start it elsewhere before its stop here has ended, "
                        + "and it runs twice. Configure watchdog.device (e.g. /dev/watchdog with softdog), so that a "
                        + "node that cannot stop in time is reset, or fencing (stonith-enabled=true and a stonith "
                        + "device), or a longer deadtime");
            }
        }
        // A node that loses its lease stops what it runs one after the other (reverse start
        // order): each stop may fit and all of them together not.
        if (eachFits && all.compareTo(budget) > 0 && given.add("all " + all.toMillis())) {
            out.add("the stop timeouts of the resources add up to " + all.toMillis() + " ms, longer than this node's "
                    + "stop budget of " + budget.toMillis() + " ms (deadtime - lease - a keepalive), and there is "
                    + "neither a watchdog nor fencing: a node cut off from the majority stops its resources one after "
                    + "the other, and if those stops take as long as their timeouts allow, the majority may start the "
                    + "last ones elsewhere before they have stopped here. Configure watchdog.device, or fencing, or a "
                    + "longer deadtime");
        }
        return out;
    }

    /** Fencing decides before the majority recovers a lost node's resources: the stop need not be in time. */
    static boolean fencingConfigured(ClusterConfig config) {
        return FencingProperties.enabled(config) && FencingProperties.hasDevice(config);
    }

    private static Duration defaultTimeout(ClusterConfig config) {
        String t = config.operationDefaults().get("timeout");
        try {
            return t == null || t.isBlank() ? DEFAULT_TIMEOUT : Durations.parse(t.trim());
        } catch (IllegalArgumentException e) {
            return DEFAULT_TIMEOUT; // the configuration service reports a bad op_defaults itself
        }
    }
}
