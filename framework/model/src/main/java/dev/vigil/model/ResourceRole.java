package dev.vigil.model;

/** What a node knows about one resource on itself. */
public enum ResourceRole {
    /** Never checked on this node: a probe must run before the resource may start anywhere. */
    UNKNOWN,
    STOPPED,
    /** Running; for a promotable clone's instance, in the unpromoted role (a replica). */
    STARTED,
    /** A promotable clone's instance running in the promoted role (the primary). */
    PROMOTED,
    /** The last operation or monitor failed; the resource may still be partly active. */
    FAILED,
    /**
     * The resource's agent is not installed on this node: it can be neither checked nor
     * started here. Not a failure; once the agent is installed the node probes again.
     */
    AGENT_MISSING,
    /** A stop failed: the resource's state cannot be known without fencing; nothing may move it. */
    BLOCKED
}
