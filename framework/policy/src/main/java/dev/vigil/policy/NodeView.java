package dev.vigil.policy;

import java.time.Instant;
import java.util.Map;

/** A node as the engine sees it: may resources run there, and what its rules see. */
final class NodeView {
    final String name;
    /** A remote node's may change once its connection is assigned ({@link RemoteConnections#settle}). */
    boolean online;
    /** Online, not in standby, not shutting down. */
    boolean eligible;
    final boolean shuttingDown;
    /** Configured and transient attributes plus Pacemaker's built-ins (#uname, #id, #kind, #is_dc). */
    final Map<String, String> attributes;
    /** The time its rules are evaluated at (date expressions): the transition's now. */
    final Instant now;
    /** Resources assigned so far in this run, for balancing ties. */
    int assigned;

    NodeView(String name, boolean online, boolean eligible, boolean shuttingDown, Map<String, String> attributes,
            Instant now) {
        this.now = now;
        this.name = name;
        this.online = online;
        this.eligible = eligible;
        this.shuttingDown = shuttingDown;
        this.attributes = attributes;
    }
}
