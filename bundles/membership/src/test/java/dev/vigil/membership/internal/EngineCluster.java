package dev.vigil.membership.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.vigil.cluster.MembershipView;
import dev.vigil.heartbeat.KeyRing;
import dev.vigil.heartbeat.Timing;
import dev.vigil.testkit.FakeClock;
import dev.vigil.testkit.LoopbackNetwork;
import dev.vigil.transport.Transport;

/**
 * A cluster of real membership engines in one JVM over the loopback network, on a fake clock,
 * with the safety audit run after every tick: at most one node acts as DC, and every node that
 * holds its lease (so may run resources) is a member of the acting DC's view (so the DC will
 * not place its resources elsewhere). A paused node is not ticked; its last view stands.
 */
final class EngineCluster {
    static final KeyRing KEYS = KeyRing.parse("1 hmac-sha256 engine-cluster-secret-0123456789\n");

    final FakeClock clock = new FakeClock();
    final LoopbackNetwork network;
    final Timing timing;
    final List<String> names;
    final Map<String, MembershipEngine> engines = new LinkedHashMap<>();
    private final Map<String, List<String>> nodeLists = new LinkedHashMap<>();
    private final Map<String, Timing> timings = new LinkedHashMap<>();
    private long nextIncarnation = 1;
    private long ticks;

    EngineCluster(Timing timing, long seed, List<String> names) {
        this.timing = timing;
        this.network = new LoopbackNetwork(clock, seed);
        this.names = List.copyOf(names);
    }

    /** Starts every configured node, oldest first. */
    EngineCluster startAll() {
        names.forEach(this::start);
        return this;
    }

    MembershipEngine start(String name) {
        return start(name, nodeLists.getOrDefault(name, names), timings.getOrDefault(name, timing));
    }

    /** Starts a node with its own idea of the node list and timing (a misconfigured node). */
    MembershipEngine start(String name, List<String> nodes, Timing t) {
        nodeLists.put(name, nodes);
        timings.put(name, t);
        Transport link = network.endpoint(name, "link0");
        MembershipEngine e = new MembershipEngine(new NodeSettings(name, "test", nodes, t, KEYS), nextIncarnation++,
                clock.instant(), link::send, Runnable::run);
        link.open((l, frame) -> {
            MembershipEngine target = engines.get(name);
            if (target != null) {
                target.onFrame(l, frame, clock.instant());
            }
        });
        engines.put(name, e);
        return e;
    }

    void kill(String name) {
        engines.remove(name);
    }

    /** Advances the clock in keepalive steps, ticking every live, unpaused engine, auditing after each. */
    void run(Duration d) {
        long steps = d.toMillis() / timing.keepalive().toMillis();
        for (long i = 0; i < steps; i++) {
            clock.advance(timing.keepalive());
            network.deliverDue();
            for (Map.Entry<String, MembershipEngine> e : new ArrayList<>(engines.entrySet())) {
                if (!network.isPaused(e.getKey())) {
                    e.getValue().tick(clock.instant());
                }
            }
            ticks++;
            audit();
        }
    }

    /** Resumes a paused node: what queued for it is read first, then it ticks (late). */
    void resume(String name) {
        network.resume(name);
        engines.get(name).tick(clock.instant());
        audit();
    }

    MembershipView view(String node) {
        return engines.get(node).view();
    }

    List<String> actingDcs() {
        return engines.keySet().stream().filter(n -> !network.isPaused(n) && view(n).isLocalDc())
                .collect(Collectors.toList());
    }

    /** The safety audit; paused nodes are left out (their frozen view says nothing about now). */
    void audit() {
        List<String> dcs = actingDcs();
        assertTrue(dcs.size() <= 1, "at tick " + ticks + " two nodes act as DC at once: " + dcs);
        if (dcs.isEmpty()) {
            return;
        }
        MembershipView dcView = view(dcs.get(0));
        for (String n : engines.keySet()) {
            if (!network.isPaused(n) && view(n).leaseHeld()) {
                assertTrue(dcView.members().contains(n), "at tick " + ticks + " " + n
                        + " holds its lease but is not in the view of DC " + dcs.get(0) + ": " + dcView);
            }
        }
    }

    /** A frame as it would be sent, for injecting by hand. */
    static ByteBuffer copy(ByteBuffer frame) {
        return ByteBuffer.allocate(frame.remaining()).put(frame.duplicate()).flip();
    }
}
