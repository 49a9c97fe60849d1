package dev.vigil.shell.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.vigil.fence.FenceDeviceState;
import dev.vigil.fence.FenceEvent;
import dev.vigil.fence.Fencer;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.Durations;

/**
 * Fencing as {@code vigil:status} shows it.
 *
 * @param configured the cluster can fence: {@code stonith-enabled} (default true) and a
 *        {@code class=stonith} primitive or {@code stonith-watchdog-timeout} > 0 (the
 *        controller's rule for holding lost nodes back as unclean)
 * @param fencerRunning a {@link Fencer} service runs on this node
 * @param devices the configured devices and their state, as the fencer knows them
 * @param inProgress nodes with a fence pending in the fencer's history
 */
record FencingOverview(boolean configured, boolean fencerRunning, List<FenceDeviceState> devices,
        Set<String> inProgress) {

    static FencingOverview of(ClusterConfig config, Fencer fencer) {
        boolean configured = configured(config);
        if (fencer == null) {
            return new FencingOverview(configured, false, List.of(), Set.of());
        }
        Set<String> pending = new TreeSet<>();
        for (FenceEvent e : fencer.history()) {
            if (e.state() == FenceEvent.State.PENDING) {
                pending.add(e.target());
            } else {
                pending.remove(e.target());
            }
        }
        return new FencingOverview(configured, true, fencer.devices(), pending);
    }

    static boolean configured(ClusterConfig c) {
        return dev.vigil.model.FencingProperties.configured(c);
    }

}
