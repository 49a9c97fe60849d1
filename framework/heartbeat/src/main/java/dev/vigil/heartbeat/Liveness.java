package dev.vigil.heartbeat;

import java.time.Duration;
import java.time.Instant;

import dev.vigil.cluster.NodeState;

/** Liveness as a pure function of when a node was last heard (on any link), the timing and now. */
public final class Liveness {
    private Liveness() {
    }

    /**
     * @param lastHeard when the node was last heard on any link, or null if never
     * @param boot when this node started (initdead counts from here)
     */
    public static NodeState stateOf(Instant lastHeard, Instant boot, Instant now, Timing timing) {
        if (lastHeard == null) {
            return now.isBefore(boot.plus(timing.initdead())) ? NodeState.UNKNOWN : NodeState.DEAD;
        }
        Duration silent = Duration.between(lastHeard, now);
        if (silent.compareTo(timing.warntime()) <= 0) {
            return NodeState.ALIVE;
        }
        if (silent.compareTo(timing.deadtime()) <= 0) {
            return NodeState.LATE;
        }
        return NodeState.DEAD;
    }
}
