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

    NodeSettings(String nodeName, String cluster, List<String> nodes, Timing timing, KeyRing keys) {
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
