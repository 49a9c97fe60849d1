package dev.vigil.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.Durations;
import dev.vigil.model.NodeStatus;

/**
 * Pacemaker's {@code shutdown-lock}: a primitive active on exactly one node when that node shuts
 * down cleanly is locked to it, stopped there and started nowhere else, so that it comes back
 * where it was when the node rejoins. The lock is recorded in the resource's history on that
 * node (the {@code shutdown-lock} time) and holds until the node is back, or, with
 * {@code shutdown-lock-limit}, until that long after the shutdown. A lock is cancelled when the
 * resource is active anywhere. Fence devices, remote connections and clone instances are
 * never locked.
 */
final class ShutdownLocks {
    private final boolean enabled;
    private final Duration limit;
    private final ClusterStatus status;
    private final Instant now;

    ShutdownLocks(ClusterConfig config, ClusterStatus status, Instant now) {
        this.enabled = ClusterConfig.isTrue(config.property("shutdown-lock", "false"));
        String limitText = config.property("shutdown-lock-limit", "0");
        Duration parsed;
        try {
            parsed = Durations.parse(limitText);
        } catch (IllegalArgumentException e) {
            parsed = Duration.ZERO; // as Pacemaker, which treats an unparsable limit as none
        }
        this.limit = parsed;
        this.status = status;
        this.now = now;
    }

    /** The node each lockable primitive is locked to; primitives not locked are absent. */
    Map<String, String> lockNodes(Iterable<ResourceView> resources) {
        Map<String, String> out = new HashMap<>();
        if (!enabled) {
            return out;
        }
        for (ResourceView r : resources) {
            String node = lockNode(r);
            if (node != null) {
                out.put(r.id, node);
            }
        }
        return out;
    }

    private String lockNode(ResourceView r) {
        if (r.clone != null || !lockable(r)) {
            return null;
        }
        String recorded = recordedLock(r.id);
        if (recorded != null) {
            // Active elsewhere although locked (should not happen): leave it be, unlocked.
            return r.activeOn.isEmpty() ? recorded : null;
        }
        if (r.activeOn.size() != 1) {
            return null;
        }
        NodeStatus n = status.nodes().get(r.activeOn.get(0));
        return n != null && n.shuttingDown() && !n.unclean() ? n.name() : null;
    }

    /** The node of the unexpired lock the history records, or null. */
    private String recordedLock(String id) {
        String node = null;
        for (Map.Entry<String, Long> e : status.shutdownLocks().getOrDefault(id, Map.of()).entrySet()) {
            Instant expires = Instant.ofEpochSecond(e.getValue()).plus(limit);
            if (limit.isZero() || now == null || !now.isAfter(expires)) {
                node = e.getKey();
            }
        }
        return node;
    }

    private static boolean lockable(ResourceView r) {
        String cls = r.resource.agentClass();
        boolean fenceDevice = "stonith".equals(cls);
        boolean remoteConnection = "ocf".equals(cls) && "pacemaker".equals(r.resource.agentProvider())
                && "remote".equals(r.resource.agentType());
        return !fenceDevice && !remoteConnection;
    }
}
