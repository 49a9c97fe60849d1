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
    /** Corosync's two_node: one of two nodes alone is quorate (safe only with fencing). */
    final boolean twoNode;
    /** Corosync's wait_for_all: no quorum until every node has been seen together once. */
    final boolean waitForAll;

    NodeSettings(String nodeName, String cluster, List<String> nodes, Timing timing, KeyRing keys) {
        this(nodeName, cluster, nodes, timing, keys, timing.deadtime().dividedBy(2));
    }

    NodeSettings(String nodeName, String cluster, List<String> nodes, Timing timing, KeyRing keys,
            java.time.Duration lease) {
        this(nodeName, cluster, nodes, timing, keys, lease, false, false);
    }

    NodeSettings(String nodeName, String cluster, List<String> nodes, Timing timing, KeyRing keys,
            java.time.Duration lease, boolean twoNode, boolean waitForAll) {
        this.lease = lease;
        this.twoNode = twoNode;
        this.waitForAll = waitForAll;
        if (twoNode && nodes.size() != 2) {
            throw new IllegalArgumentException("two.node needs exactly two nodes, not " + nodes);
        }
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

    /** Fresh quorum rules for one run of the node (wait_for_all starts unsatisfied). */
    dev.vigil.heartbeat.QuorumRules quorumRules() {
        return dev.vigil.heartbeat.QuorumRules.of(expectedVotes(), twoNode, waitForAll);
    }
}
