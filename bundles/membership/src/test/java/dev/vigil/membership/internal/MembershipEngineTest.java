package dev.vigil.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.NodeState;
import dev.vigil.heartbeat.DropReason;
import dev.vigil.heartbeat.FrameCodec;
import dev.vigil.heartbeat.FrameType;
import dev.vigil.heartbeat.KeyRing;
import dev.vigil.heartbeat.Timing;
import dev.vigil.testkit.FakeClock;
import dev.vigil.testkit.LoopbackNetwork;
import dev.vigil.transport.Transport;

/** Whole clusters of membership engines in one JVM, over the loopback network, on a fake clock. */
class MembershipEngineTest {
    private static final Timing TIMING = Timing.of(Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofMillis(500), Duration.ofSeconds(2));
    private static final KeyRing KEYS = KeyRing.parse("1 hmac-sha256 test-secret-0123456789\n");

    private final FakeClock clock = new FakeClock();
    private final LoopbackNetwork network = new LoopbackNetwork(clock, 42);
    private final Map<String, MembershipEngine> engines = new LinkedHashMap<>();
    /** Corosync's two_node (with wait_for_all) for the engines started from now on. */
    private boolean twoNode;
    private final Map<String, List<String>> received = new LinkedHashMap<>();

    /** Starts n engines; node i's incarnation is i, so n1 is the oldest. */
    private void cluster(int n) {
        List<String> names = IntStream.rangeClosed(1, n).mapToObj(i -> "n" + i).collect(Collectors.toList());
        for (int i = 0; i < n; i++) {
            String name = names.get(i);
            start(name, names, i + 1);
        }
    }

    private void start(String name, List<String> names, long incarnation) {
        Transport link = network.endpoint(name, "link0");
        NodeSettings s = new NodeSettings(name, "test", names, TIMING, KEYS, TIMING.deadtime().dividedBy(2), twoNode,
                twoNode);
        MembershipEngine e = new MembershipEngine(s, incarnation, clock.instant(), link::send, Runnable::run);
        link.open((l, frame) -> {
            MembershipEngine target = engines.get(name);
            if (target != null) {
                target.onFrame(l, frame, clock.instant());
            }
        });
        engines.put(name, e);
        List<String> inbox = new ArrayList<>();
        received.put(name, inbox);
        e.subscribe("chat", (from, data) -> inbox.add(from + ":" + new String(data, StandardCharsets.UTF_8)));
    }

    private void kill(String name) {
        engines.remove(name);
    }

    /** Advances the clock in keepalive steps, ticking every live engine. */
    private void run(Duration d) {
        long steps = d.toMillis() / TIMING.keepalive().toMillis();
        for (long i = 0; i < steps; i++) {
            clock.advance(TIMING.keepalive());
            network.deliverDue();
            new ArrayList<>(engines.values()).forEach(e -> e.tick(clock.instant()));
        }
    }

    private MembershipView view(String node) {
        return engines.get(node).view();
    }

    @Test
    void threeNodesAgreeOnOneQuorateViewWithTheOldestAsDc() {
        cluster(3);
        run(Duration.ofMillis(500));
        assertEquals(1, engines.keySet().stream().map(n -> view(n).number()).distinct().count(),
                "one view, one number");
        for (String n : engines.keySet()) {
            MembershipView v = view(n);
            assertEquals(Set.of("n1", "n2", "n3"), v.members(), n);
            assertTrue(v.quorate());
            assertTrue(v.agreed(), n + " settled");
            assertEquals("n1", v.dc());
        }
        assertEquals(1, engines.values().stream().filter(e -> e.view().isLocalDc()).count());
    }

    @Test
    void twoNodeModeWaitsForBothThenKeepsQuorumAloneAfterEitherLoss() {
        twoNode = true;
        List<String> names = List.of("n1", "n2");
        start("n2", names, 2);
        run(TIMING.initdead().plusSeconds(1));
        assertFalse(view("n2").quorate(), "wait_for_all: alone since boot, no quorum");
        assertFalse(view("n2").leaseHeld(), "and no lease");
        start("n1", names, 1);
        run(Duration.ofMillis(500));
        assertTrue(view("n1").quorate() && view("n2").quorate(), "both seen together: quorate");
        kill("n1");
        run(Duration.ofSeconds(1));
        assertEquals(Set.of("n2"), view("n2").members());
        assertTrue(view("n2").quorate(), "two_node: the survivor keeps quorum");
        assertTrue(view("n2").leaseHeld(), "and its lease, so it keeps running resources");
    }

    @Test
    void withoutTwoNodeModeOneOfTwoIsNoMajority() {
        cluster(2);
        run(Duration.ofMillis(500));
        kill("n1");
        run(Duration.ofSeconds(1));
        assertFalse(view("n2").quorate());
    }

    @Test
    void twoNodeModeNeedsExactlyTwoNodes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NodeSettings("n1", "test",
                List.of("n1", "n2", "n3"), TIMING, KEYS, TIMING.deadtime().dividedBy(2), true, true));
        assertTrue(e.getMessage().contains("two.node needs exactly two nodes"), e.getMessage());
    }

    @Test
    void aKilledNodeIsDeclaredDeadAfterDeadtimeAndNotBefore() {
        cluster(3);
        run(Duration.ofMillis(500));
        kill("n3");
        run(Duration.ofMillis(400));
        assertEquals(NodeState.LATE, view("n1").states().get("n3"), "late, not dead, within deadtime");
        assertTrue(view("n1").members().contains("n3"));
        run(Duration.ofMillis(200));
        assertEquals(NodeState.DEAD, view("n1").states().get("n3"));
        assertEquals(Set.of("n1", "n2"), view("n1").members());
        assertTrue(view("n1").quorate(), "2 of 3 keep quorum");
    }

    @Test
    void theDcsDeathMovesTheRoleAndItsReturnDoesNotTakeItBack() {
        cluster(3);
        run(Duration.ofMillis(500));
        kill("n1");
        run(Duration.ofMillis(800));
        assertEquals("n2", view("n2").dc());
        assertEquals("n2", view("n3").dc());
        start("n1", List.of("n1", "n2", "n3"), 100);
        run(Duration.ofMillis(500));
        assertEquals(Set.of("n1", "n2", "n3"), view("n1").members());
        assertEquals("n2", view("n1").dc(), "the restarted node has a newer incarnation");
        assertEquals("n2", view("n3").dc());
    }

    @Test
    void aPartitionLeavesQuorumOnTheMajoritySideOnly() {
        cluster(5);
        run(Duration.ofMillis(500));
        network.partition(List.of(Set.of("n1", "n2"), Set.of("n3", "n4", "n5")));
        run(Duration.ofMillis(1000));
        assertFalse(view("n1").quorate());
        assertNull(view("n1").dc());
        assertFalse(view("n1").isLocalDc());
        assertTrue(view("n3").quorate());
        assertEquals("n3", view("n4").dc());
        network.heal();
        run(Duration.ofMillis(500));
        for (String n : engines.keySet()) {
            assertEquals(5, view(n).members().size(), n);
            assertTrue(view(n).agreed(), n);
        }
    }

    @Test
    void aCutOffNodeLosesItsLeaseBeforeTheMajorityDeclaresItDead() {
        cluster(3);
        run(Duration.ofMillis(500));
        assertTrue(view("n3").leaseHeld());
        network.partition(List.of(Set.of("n1", "n2"), Set.of("n3")));
        run(Duration.ofMillis(300)); // past the lease (250 ms), short of deadtime (500 ms)
        assertFalse(view("n3").leaseHeld(), "the isolated node must give its resources up now");
        assertTrue(view("n1").members().contains("n3"), "while the majority still counts it alive");
        assertTrue(view("n1").leaseHeld());
        run(Duration.ofMillis(400));
        assertFalse(view("n1").members().contains("n3"), "only later is it declared dead");
        network.heal();
        run(Duration.ofMillis(300));
        assertTrue(view("n3").leaseHeld(), "the lease comes back with the majority");
    }

    @Test
    void reliableMessagesArriveOnceAndInOrderOverALossyLink() {
        cluster(3);
        run(Duration.ofMillis(500));
        network.setLoss(0.3);
        for (int i = 0; i < 50; i++) {
            engines.get("n1").send("n2", "chat", ("m" + i).getBytes(StandardCharsets.UTF_8), clock.instant());
        }
        run(Duration.ofSeconds(5));
        List<String> expected = IntStream.range(0, 50).mapToObj(i -> "n1:m" + i).collect(Collectors.toList());
        assertEquals(expected, received.get("n2"));
        assertTrue(network.lostCount() > 0, "the link did lose frames");
    }

    @Test
    void broadcastReachesEveryMemberIncludingTheSender() {
        cluster(3);
        run(Duration.ofMillis(500));
        engines.get("n2").broadcast("chat", "hi".getBytes(StandardCharsets.UTF_8), clock.instant());
        run(Duration.ofMillis(200));
        for (String n : engines.keySet()) {
            assertEquals(List.of("n2:hi"), received.get(n), n);
        }
    }

    @Test
    void forgedAndReplayedFramesAreDroppedAndCounted() {
        cluster(2);
        run(Duration.ofMillis(300));
        FrameCodec intruder = new FrameCodec("test", KeyRing.parse("1 hmac-sha256 not-the-real-secret\n"));
        engines.get("n1").onFrame("link0", intruder.encode(FrameType.HEARTBEAT, "n2", 2, 999, new byte[10]),
                clock.instant());
        FrameCodec real = new FrameCodec("test", KEYS);
        ByteBuffer old = real.encode(FrameType.HEARTBEAT, "n2", 2, 1, new byte[10]);
        engines.get("n1").onFrame("link0", old, clock.instant());
        engines.get("n1").onFrame("link0", ByteBuffer.wrap(new byte[] {1, 2, 3}), clock.instant());
        Map<DropReason, Long> drops = engines.get("n1").dropsOn("link0");
        assertEquals(1L, drops.get(DropReason.BAD_MAC));
        assertEquals(1L, drops.get(DropReason.REPLAYED));
        assertEquals(1L, drops.get(DropReason.BAD_LENGTH));
        run(Duration.ofMillis(200));
        assertEquals(Set.of("n1", "n2"), view("n1").members(), "nothing running was disturbed");
    }
}
