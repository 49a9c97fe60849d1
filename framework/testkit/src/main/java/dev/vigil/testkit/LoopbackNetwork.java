package dev.vigil.testkit;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.vigil.transport.FrameSink;
import dev.vigil.transport.Transport;

/**
 * An in-JVM network: every endpoint's frames reach every other endpoint, subject to loss,
 * delay, partitions, one-way and non-transitive cuts, and paused nodes. Deterministic under a
 * {@link FakeClock} and a seed: frames without delay are delivered at once on the sender's
 * thread, delayed ones by {@link #deliverDue()}. Frames for a paused node wait, in order, as in
 * its socket's receive buffer, until it is resumed.
 */
public final class LoopbackNetwork {
    private final Clock clock;
    private final Random random;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    /** Directed cuts: (from, to) pairs whose frames are lost. */
    private final Set<List<String>> cuts = ConcurrentHashMap.newKeySet();
    private final Map<String, List<InFlight>> paused = new ConcurrentHashMap<>();
    private final PriorityQueue<InFlight> inFlight =
            new PriorityQueue<>(Comparator.comparing((InFlight f) -> f.due).thenComparingLong(f -> f.order));
    private volatile double loss;
    private volatile Duration delay = Duration.ZERO;
    private long order;
    private long delivered;
    private long lost;

    public LoopbackNetwork(Clock clock, long seed) {
        this.clock = clock;
        this.random = new Random(seed);
    }

    /** The transport of one node on this network, on a link of the given name. */
    public Transport endpoint(String node, String linkName) {
        Endpoint e = new Endpoint(node, linkName);
        endpoints.put(node, e);
        return e;
    }

    /** Probability in [0, 1) that any one frame is lost. */
    public void setLoss(double probability) {
        this.loss = probability;
    }

    public void setDelay(Duration d) {
        this.delay = d;
    }

    /** Cuts the network into the given groups; nodes in no group are cut off from all. */
    public synchronized void partition(List<Set<String>> groups) {
        cuts.clear();
        for (String a : endpoints.keySet()) {
            for (String b : endpoints.keySet()) {
                if (!a.equals(b) && groups.stream().noneMatch(g -> g.contains(a) && g.contains(b))) {
                    cuts.add(List.of(a, b));
                }
            }
        }
    }

    /** Cuts the path between two nodes, both ways (others still reach both: a non-transitive cut). */
    public void cut(String a, String b) {
        cuts.add(List.of(a, b));
        cuts.add(List.of(b, a));
    }

    /** Frames from {@code from} no longer reach {@code to}; the other way still works. */
    public void cutOneWay(String from, String to) {
        cuts.add(List.of(from, to));
    }

    /** Nothing {@code node} sends reaches anyone, while it still hears everyone. */
    public void silence(String node) {
        endpoints.keySet().stream().filter(n -> !n.equals(node)).forEach(n -> cutOneWay(node, n));
    }

    /** Restores every path (paused nodes stay paused). */
    public void heal() {
        cuts.clear();
    }

    /**
     * Freezes delivery to a node, as for a stopped process (SIGSTOP, a long GC): frames for it
     * queue until {@link #resume}. The caller stops ticking the node meanwhile.
     */
    public void pause(String node) {
        paused.putIfAbsent(node, new ArrayList<>());
    }

    /** Delivers, in order, every frame that queued for the node while it was paused. */
    public void resume(String node) {
        List<InFlight> queued = paused.remove(node);
        if (queued != null) {
            queued.forEach(InFlight::deliver);
        }
    }

    public boolean isPaused(String node) {
        return paused.containsKey(node);
    }

    /** Delivers delayed frames whose time has come. */
    public void deliverDue() {
        List<InFlight> due = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            while (!inFlight.isEmpty() && !inFlight.peek().due.isAfter(now)) {
                due.add(inFlight.poll());
            }
        }
        due.forEach(InFlight::deliver);
    }

    public synchronized long deliveredCount() {
        return delivered;
    }

    public synchronized long lostCount() {
        return lost;
    }

    private void send(Endpoint from, ByteBuffer frame) {
        List<InFlight> now = new ArrayList<>();
        synchronized (this) {
            for (Endpoint to : endpoints.values()) {
                if (to == from || to.sink == null || cuts.contains(List.of(from.node, to.node))) {
                    continue;
                }
                if (loss > 0 && random.nextDouble() < loss) {
                    lost++;
                    continue;
                }
                byte[] copy = new byte[frame.remaining()];
                frame.duplicate().get(copy);
                InFlight f = new InFlight(to, copy, clock.instant().plus(delay), order++);
                if (delay.isZero()) {
                    now.add(f);
                } else {
                    inFlight.add(f);
                }
            }
        }
        now.forEach(InFlight::deliver);
    }

    private final class InFlight {
        final Endpoint to;
        final byte[] bytes;
        final Instant due;
        final long order;

        InFlight(Endpoint to, byte[] bytes, Instant due, long order) {
            this.to = to;
            this.bytes = bytes;
            this.due = due;
            this.order = order;
        }

        void deliver() {
            List<InFlight> queue = paused.get(to.node);
            if (queue != null) {
                queue.add(this);
                return;
            }
            FrameSink sink = to.sink;
            if (sink != null) {
                synchronized (LoopbackNetwork.this) {
                    delivered++;
                }
                sink.onFrame(to.linkName, ByteBuffer.wrap(bytes));
            }
        }
    }

    private final class Endpoint implements Transport {
        final String node;
        final String linkName;
        volatile FrameSink sink;

        Endpoint(String node, String linkName) {
            this.node = node;
            this.linkName = linkName;
        }

        @Override
        public String linkName() {
            return linkName;
        }

        @Override
        public void open(FrameSink s) {
            sink = s;
        }

        @Override
        public void send(ByteBuffer frame) {
            LoopbackNetwork.this.send(this, frame);
        }

        @Override
        public void close() {
            sink = null;
        }
    }

    /** Nodes with an endpoint on this network. */
    public Set<String> nodes() {
        return new HashSet<>(endpoints.keySet());
    }
}
