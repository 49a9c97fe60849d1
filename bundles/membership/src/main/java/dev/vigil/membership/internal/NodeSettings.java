package dev.vigil.membership.internal;

import java.util.List;
import java.util.Objects;

import dev.vigil.heartbeat.KeyRing;
import dev.vigil.heartbeat.Timing;

/** A node's identity and timing, from {@code etc/dev.vigil.node.cfg}, checked. */
final class NodeSettings {
    final String nodeName;
    final String cluster;
    final List<String> nodes;
    final Timing timing;
    final KeyRing keys;
    /** How long this node keeps running resources without hearing from a majority. */
    final java.time.Duration lease;

    NodeSettings(String nodeName, String cluster, List<String> nodes, Timing timing, KeyRing keys) {
        this(nodeName, cluster, nodes, timing, keys, timing.deadtime().dividedBy(2));
    }

    NodeSettings(String nodeName, String cluster, List<String> nodes, Timing timing, KeyRing keys,
            java.time.Duration lease) {
        this.lease = lease;
        if (lease.isNegative() || lease.isZero() || lease.compareTo(timing.deadtime()) >= 0) {
            throw new IllegalArgumentException("lease (" + lease.toMillis() + " ms) must be positive and shorter than "
                    + "deadtime (" + timing.deadtime().toMillis() + " ms): a cut-off node must stop its resources "
                    + "before the majority may start them elsewhere");
        }
        this.nodeName = Objects.requireNonNull(nodeName);
        this.cluster = Objects.requireNonNull(cluster);
        this.nodes = List.copyOf(nodes);
        this.timing = timing;
        this.keys = keys;
        if (nodeName.isBlank()) {
            throw new IllegalArgumentException("node.name must be set");
        }
        if (!nodes.contains(nodeName)) {
            throw new IllegalArgumentException("node.name '" + nodeName + "' is not in nodes " + nodes);
        }
    }

    /** One vote per configured node. */
    int expectedVotes() {
        return nodes.size();
    }
}
