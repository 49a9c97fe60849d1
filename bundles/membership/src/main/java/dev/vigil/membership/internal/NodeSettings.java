package dev.vigil.membership.internal;

import java.util.List;
import java.util.Objects;

import dev.vigil.heartbeat.KeyRing;
import dev.vigil.heartbeat.Timing;

/** A node's identity and timing, from {@code etc/dev.vigil.node.cfg}, checked. */
public final class NodeSettings {
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
    /** The watchdog to feed while the lease is held, or null for none. */
    final java.nio.file.Path watchdogDevice;
    /** How long the watchdog waits unfed before it resets the machine. */
    final java.time.Duration watchdogTimeout;

    NodeSettings(String nodeName, String cluster, List<String> nodes, Timing timing, KeyRing keys) {
        this(nodeName, cluster, nodes, timing, keys, timing.deadtime().dividedBy(2));
    }

    NodeSettings(String nodeName, String cluster, List<String> nodes, Timing timing, KeyRing keys,
            java.time.Duration lease) {
        this(nodeName, cluster, nodes, timing, keys, lease, false, false);
    }

    NodeSettings(String nodeName, String cluster, List<String> nodes, Timing timing, KeyRing keys,
            java.time.Duration lease, boolean twoNode, boolean waitForAll) {
        this(nodeName, cluster, nodes, timing, keys, lease, twoNode, waitForAll, null, java.time.Duration.ZERO);
    }

    public NodeSettings(String nodeName, String cluster, List<String> nodes, Timing timing, KeyRing keys,
            java.time.Duration lease, boolean twoNode, boolean waitForAll, java.nio.file.Path watchdogDevice,
            java.time.Duration watchdogTimeout) {
        this.watchdogDevice = watchdogDevice;
        this.watchdogTimeout = watchdogTimeout;
        if (watchdogDevice != null && watchdogTimeout.compareTo(timing.keepalive().multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("watchdog.timeout (" + watchdogTimeout.toMillis() + " ms) must be at "
                    + "least two keepalives (" + timing.keepalive().multipliedBy(2).toMillis() + " ms)");
        }
        if (watchdogDevice != null && Watchdog.isKernelDevice(watchdogDevice)) {
            checkWholeSeconds(watchdogDevice, watchdogTimeout);
        }
        this.lease = lease;
        this.twoNode = twoNode;
        this.waitForAll = waitForAll;
        if (twoNode && nodes.size() != 2) {
            throw new IllegalArgumentException("two.node needs exactly two nodes, not " + nodes);
        }
        checkLease(timing, lease);
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

    /**
     * The lease must outlast a few heartbeats (or it would flap) and leave, before deadtime, the
     * time a cut-off node needs to notice (a keepalive), stop its resources and absorb clock
     * drift: at least two keepalives and a quarter of deadtime. So the stop budget (deadtime -
     * lease - a keepalive) is never nothing: at least a keepalive, and a quarter of deadtime
     * less a keepalive.
     */
    static void checkLease(Timing timing, java.time.Duration lease) {
        long leaseMs = lease.toMillis(), deadMs = timing.deadtime().toMillis(), kaMs = timing.keepalive().toMillis();
        long margin = Math.max(2 * kaMs, deadMs / 4);
        if (leaseMs < 2 * kaMs) {
            throw new IllegalArgumentException("lease (" + leaseMs + " ms) must be at least two keepalives ("
                    + 2 * kaMs + " ms), or it lapses between heartbeats");
        }
        if (leaseMs + margin > deadMs) {
            long budget = deadMs - leaseMs - kaMs;
            throw new IllegalArgumentException("lease (" + leaseMs + " ms) leaves a stop budget of "
                    + (budget <= 0 ? "nothing" : budget + " ms")
                    + " (deadtime " + deadMs + " ms - lease - a keepalive of " + kaMs + " ms to notice): a node "
                    + "cut off from the majority must notice, stop its resources and absorb clock drift before the majority "
                    + "starts them elsewhere, and " + margin + " ms after the lease are needed for that (two "
                    + "keepalives and a quarter of deadtime): make the lease at most " + (deadMs - margin)
                    + " ms or deadtime longer");
        }
    }

    /**
     * A kernel watchdog (softdog, or a hardware one behind {@code /dev/watchdogN}) counts whole
     * seconds: its timeout is set as an integer number of seconds (softdog's {@code soft_margin}),
     * so a configured timeout that is not one cannot be what the device does, and the majority
     * would wait for a reset on a time the device does not keep.
     */
    static void checkWholeSeconds(java.nio.file.Path device, java.time.Duration timeout) {
        long ms = timeout.toMillis();
        if (ms % 1000 != 0) {
            long down = ms / 1000, up = down + 1;
            throw new IllegalArgumentException("watchdog.timeout (" + ms + " ms) is not a whole number of seconds, but "
                    + device + " is a kernel watchdog and counts whole seconds (softdog's soft_margin has a 1 s "
                    + "resolution): set watchdog.timeout=" + up + "s (and soft_margin=" + up + ")"
                    + (down >= 1 ? " or " + down + "s (and soft_margin=" + down + ")" : ""));
        }
    }

    /**
     * How long after a node was last vouched for the majority waits before it may take the
     * node's resources over: deadtime (which covers the lease, noticing and drift, and leaves
     * what {@link #checkLease} guarantees for stops; longer stops need the watchdog), or with a
     * watchdog, at least the lease plus the watchdog timeout: a node cut off with its lease keeps
     * feeding its watchdog until the lease runs out, so if it dies or hangs then, its machine
     * resets only a watchdog timeout later.
     */
    public java.time.Duration recoveryWait() {
        java.time.Duration d = timing.deadtime();
        java.time.Duration reset = lease.plus(watchdogTimeout);
        return watchdogDevice != null && reset.compareTo(d) > 0 ? reset : d;
    }

    /**
     * The stop budget: how long a node that lost its lease has, at worst, to stop its resources
     * before the majority may start them elsewhere: {@link #recoveryWait()} less the lease and a
     * keepalive (the tick that notices the loss). Always positive ({@link #checkLease}).
     */
    public java.time.Duration stopBudget() {
        return recoveryWait().minus(lease).minus(timing.keepalive());
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
