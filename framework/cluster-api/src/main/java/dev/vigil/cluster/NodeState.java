package dev.vigil.cluster;

/** Liveness of a node as seen from this node. */
public enum NodeState {
    /** Not heard yet and still within initdead after this node's start. */
    UNKNOWN,
    /** Heard on some link within warntime. */
    ALIVE,
    /** Heard within deadtime, but not within warntime. */
    LATE,
    /** Not heard on any link within deadtime. */
    DEAD,
    /**
     * Heard, but it runs with another deadtime, lease or node list: the two must not form a
     * view together (the safety arithmetic of each assumes the other's timing).
     */
    INCOMPATIBLE;

    public boolean isMember() {
        return this == ALIVE || this == LATE;
    }
}
