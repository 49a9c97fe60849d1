package dev.vigil.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.NodeState;
import dev.vigil.heartbeat.DropReason;
import dev.vigil.heartbeat.Timing;
import dev.vigil.transport.Transport;

/**
 * The faults that broke "never two active copies", at the membership level: one-way and
 * non-transitive cuts, a paused process, replayed frames, nodes outside the configured list,
 * nodes with other timing, messages across a healed partition. Every tick is audited (see
 * {@link EngineCluster#audit()}): at most one acting DC, and no node holds a lease outside its view.
 */
class SafetyScenarioTest {
    static final Timing TIMING = Timing.of(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(500),
            Duration.ofSeconds(2));
    private static final List<String> THREE = List.of("n1", "n2", "n3");

    private static List<String> nodes(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "n" + i).collect(Collectors.toList());
    }

    private static EngineCluster settled(List<String> names) {
        EngineCluster c = new EngineCluster(TIMING, 7, names).startAll();
        c.run(Duration.ofSeconds(1));
        assertEquals(List.of("n1"), c.actingDcs(), "n1, the oldest, is DC");
        names.forEach(n -> assertTrue(c.view(n).leaseHeld(), n + " holds its lease"));
        return c;
    }

    @ParameterizedTest(name = "kill {0}")
    @CsvSource({"n1", "n3"})
    void survivorsOfAKillKeepTheirLeaseOnEveryTick(String victim) {
        EngineCluster c = settled(nodes(5));
        c.kill(victim);
        for (int i = 0; i < 30; i++) {
            c.run(TIMING.keepalive());
            for (String n : c.engines.keySet()) {
                assertTrue(c.view(n).leaseHeld(), n + " lost its lease " + i + " ticks after " + victim + " died");
            }
        }
        assertEquals(1, c.actingDcs().size());
    }

    @ParameterizedTest(name = "{0} rejoins")
    @CsvSource({"n1", "n2", "n3"})
    void aNodeRejoiningAfterAPartitionTakesNobodysLease(String returning) {
        EngineCluster c = settled(THREE);
        Set<String> majority = new java.util.TreeSet<>(THREE);
        majority.remove(returning);
        c.network.partition(List.of(Set.of(returning), majority));
        c.run(Duration.ofSeconds(2));
        c.network.setDelay(Duration.ofMillis(30)); // frames arrive a tick late: contact builds up unevenly
        c.network.heal();
        for (int i = 0; i < 20; i++) {
            c.run(TIMING.keepalive());
            for (String n : majority) {
                assertTrue(c.view(n).leaseHeld(), n + " lost its lease " + i + " ticks after " + returning
                        + " came back");
            }
        }
        assertEquals(3, c.view(c.actingDcs().get(0)).members().size());
    }

    @Test
    void aNodeNoLongerHeardLosesItsLeaseAlthoughItStillHearsEveryone() {
        EngineCluster c = settled(THREE);
        c.network.silence("n3");
        c.run(Duration.ofMillis(300)); // a lease (250 ms) and a keepalive
        assertFalse(c.view("n3").leaseHeld(), "n3 must give its resources up: nobody hears it");
        c.run(Duration.ofSeconds(2));
        assertEquals(List.of("n1"), c.actingDcs());
        assertEquals(Set.of("n1", "n2"), c.view("n1").members());
        assertFalse(c.view("n3").leaseHeld());
        c.network.heal();
        c.run(Duration.ofSeconds(1));
        assertEquals(Set.of("n1", "n2", "n3"), c.view("n1").members(), "back once heard again");
        assertTrue(c.view("n3").leaseHeld());
    }

    @Test
    void aDcNoLongerHeardStopsActingBeforeAnotherTakesOver() {
        EngineCluster c = settled(THREE);
        c.network.silence("n1");
        c.run(Duration.ofMillis(300));
        assertFalse(c.view("n1").leaseHeld());
        assertFalse(c.view("n1").isLocalDc(), "a DC without a lease decides nothing");
        c.run(Duration.ofSeconds(2));
        assertEquals(List.of("n2"), c.actingDcs(), "the audit held on every tick in between");
    }

    @Test
    void aNodeThatHearsNobodyButIsHeardLosesItsLease() {
        EngineCluster c = settled(THREE);
        c.network.cutOneWay("n1", "n3");
        c.network.cutOneWay("n2", "n3");
        c.run(Duration.ofMillis(300));
        assertFalse(c.view("n3").leaseHeld());
        c.run(Duration.ofSeconds(2));
        assertEquals(Set.of("n1", "n2"), c.view("n1").members());
    }

    @ParameterizedTest(name = "{0} nodes, cut {1}-{2}")
    @CsvSource({"3, n1, n2", "3, n2, n3", "3, n1, n3", "5, n1, n2", "5, n4, n5"})
    void aNonTransitiveCutConvergesOnOneQuorateViewOfConnectedNodes(int size, String a, String b) {
        EngineCluster c = settled(nodes(size));
        c.network.cut(a, b);
        c.run(Duration.ofSeconds(3));
        List<String> dcs = c.actingDcs();
        assertEquals(1, dcs.size(), "one DC, not a stall: " + dcs);
        MembershipView dcView = c.view(dcs.get(0));
        assertEquals(size - 1, dcView.members().size(), "everyone but one end of the cut: " + dcView);
        assertFalse(dcView.members().containsAll(Set.of(a, b)));
        long number = dcView.number();
        c.run(Duration.ofSeconds(5));
        assertEquals(number, c.view(dcs.get(0)).number(), "and it stays: no flapping");
        for (String n : dcView.members()) {
            assertEquals(number, c.view(n).number(), n + " has installed the DC's view");
        }
        c.network.heal();
        c.run(Duration.ofSeconds(2));
        assertEquals(size, c.view(c.actingDcs().get(0)).members().size(), "whole again after the heal");
    }

    @Test
    void aPausedDcGivesItsLeaseUpOnTheFirstTickAfterAndFramesThatQueuedRenewNothing() {
        EngineCluster c = settled(THREE);
        c.network.pause("n1");
        c.run(Duration.ofMillis(1500)); // three deadtimes; frames for n1 queue meanwhile
        assertEquals(List.of("n2"), c.actingDcs(), "the others moved on without it");
        c.resume("n1");
        assertFalse(c.view("n1").leaseHeld(), "the tick that finds the pause gives the lease up");
        assertFalse(c.view("n1").isLocalDc());
        c.run(Duration.ofMillis(200));
        assertFalse(c.view("n1").isLocalDc(), "never DC again on old frames");
        c.run(Duration.ofSeconds(2));
        assertEquals(List.of("n2"), c.actingDcs(), "it rejoins as a member");
        assertTrue(c.view("n1").leaseHeld());
    }

    @Test
    void framesOfAnOlderIncarnationDoNotKeepADeadNodeAlive() {
        EngineCluster c = settled(THREE);
        List<ByteBuffer> tapped = new ArrayList<>();
        Transport tap = c.network.endpoint("tap", "link0");
        tap.open((link, frame) -> tapped.add(EngineCluster.copy(frame)));
        c.run(Duration.ofMillis(300));
        List<ByteBuffer> oldFrames = new ArrayList<>(tapped); // every node's, n2's among them
        c.kill("n2");
        c.start("n2"); // a new incarnation
        c.run(Duration.ofMillis(500));
        tapped.clear();
        c.run(Duration.ofMillis(200));
        List<ByteBuffer> seen = new ArrayList<>(tapped);
        c.kill("n2");
        for (int i = 0; i < 30; i++) { // alternate an old frame with one already seen, every tick
            c.engines.get("n1").onFrame("link0", EngineCluster.copy(oldFrames.get(i % oldFrames.size())),
                    c.clock.instant());
            c.engines.get("n1").onFrame("link0", EngineCluster.copy(seen.get(i % seen.size())), c.clock.instant());
            c.run(Duration.ofMillis(100));
        }
        assertEquals(NodeState.DEAD, c.view("n1").states().get("n2"), "replays kept nothing alive");
        assertNotNull(c.engines.get("n1").dropsOn("link0").get(DropReason.OLD_INCARNATION));
    }

    @Test
    void aNodeOutsideTheConfiguredListNeverCountsTowardQuorum() {
        EngineCluster c = new EngineCluster(TIMING, 7, THREE);
        c.startAll();
        c.start("n4", List.of("n1", "n2", "n3", "n4"), TIMING); // believes in four nodes
        c.run(Duration.ofSeconds(1));
        assertEquals(Set.of("n1", "n2", "n3"), c.view("n1").members());
        c.network.partition(List.of(Set.of("n1", "n4"), Set.of("n2", "n3")));
        c.run(Duration.ofSeconds(2));
        assertEquals(List.of("n2"), c.actingDcs(), "one DC: n4 gave n1 no second vote");
        assertFalse(c.view("n1").quorate());
        assertTrue(c.engines.get("n1").dropsOn("link0").getOrDefault(DropReason.UNKNOWN_NODE, 0L) > 0);
    }

    @Test
    void nodesWithAnotherDeadtimeOrLeaseDoNotFormAViewAndSaySo() {
        EngineCluster c = new EngineCluster(TIMING, 7, THREE);
        c.start("n1");
        c.start("n2");
        c.start("n3", THREE, Timing.of(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(600),
                Duration.ofSeconds(2)));
        c.run(Duration.ofSeconds(2));
        assertEquals(Set.of("n1", "n2"), c.view("n1").members());
        assertEquals(NodeState.INCOMPATIBLE, c.view("n1").states().get("n3"));
        assertFalse(c.view("n3").quorate());
    }

    @Test
    void messagesSentAfterAHealedPartitionAreDeliveredOnceAndInOrder() {
        EngineCluster c = settled(THREE);
        List<String> inbox = new ArrayList<>();
        c.engines.get("n2").subscribe("chat", (from, data) -> inbox.add(new String(data, StandardCharsets.UTF_8)));
        for (int i = 0; i < 5; i++) {
            c.engines.get("n1").send("n2", "chat", ("a" + i).getBytes(StandardCharsets.UTF_8), c.clock.instant());
        }
        c.run(Duration.ofMillis(300));
        c.network.partition(List.of(Set.of("n1", "n3"), Set.of("n2")));
        c.run(Duration.ofSeconds(2));
        assertFalse(c.view("n1").members().contains("n2"));
        c.network.heal();
        c.run(Duration.ofSeconds(1));
        assertTrue(c.view("n1").members().contains("n2"));
        for (int i = 0; i < 5; i++) {
            c.engines.get("n1").send("n2", "chat", ("b" + i).getBytes(StandardCharsets.UTF_8), c.clock.instant());
        }
        c.run(Duration.ofMillis(500));
        assertEquals(List.of("a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2", "b3", "b4"), inbox,
                "the new stream is a new epoch, not duplicates of the old one");
    }

    @Test
    void nodesNeverHeardDoNotDelayTheFirstView() {
        EngineCluster c = new EngineCluster(TIMING, 7, nodes(5));
        List.of("n1", "n2", "n3").forEach(c::start);
        c.run(Duration.ofMillis(400)); // a few round trips, less than deadtime
        assertEquals(List.of("n1"), c.actingDcs(), "n4 and n5, never heard, hold no lease to wait out");
    }

    @Test
    void aNodeWhoseWatchdogCannotBeArmedHoldsNoLease() {
        EngineCluster c = new EngineCluster(TIMING, 7, THREE).startAll();
        c.engines.get("n3").setLeaseGuard(() -> false); // e.g. /dev/watchdog busy
        c.run(Duration.ofSeconds(1));
        assertFalse(c.view("n3").leaseHeld(), "it may run nothing");
        assertTrue(c.view("n1").leaseHeld() && c.view("n2").leaseHeld());
        assertEquals(List.of("n1"), c.actingDcs());
    }

    @Test
    void aHealAfterALongPartitionConvergesAndMessagesFlowAgainOnceAndInOrder() {
        EngineCluster c = settled(nodes(5));
        List<String> inbox = new ArrayList<>();
        c.engines.get("n4").subscribe("chat", (from, data) -> inbox.add(new String(data, StandardCharsets.UTF_8)));
        c.network.partition(List.of(Set.of("n1", "n2", "n3"), Set.of("n4", "n5")));
        for (int minute = 0; minute < 5; minute++) { // five minutes apart, the minority without a lease
            c.engines.get("n1").send("n4", "chat", ("lost" + minute).getBytes(StandardCharsets.UTF_8),
                    c.clock.instant());
            c.run(Duration.ofMinutes(1));
            assertFalse(c.view("n4").leaseHeld() || c.view("n5").leaseHeld(), "the minority runs nothing");
        }
        c.network.heal();
        c.run(Duration.ofSeconds(2));
        assertEquals(1, c.actingDcs().size());
        for (String n : nodes(5)) {
            assertEquals(5, c.view(n).members().size(), n + " is back in the one view");
            assertTrue(c.view(n).leaseHeld(), n + " holds its lease again");
        }
        for (int i = 0; i < 5; i++) {
            c.engines.get("n1").send("n4", "chat", ("m" + i).getBytes(StandardCharsets.UTF_8), c.clock.instant());
        }
        c.run(Duration.ofMillis(500));
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), inbox,
                "sent while both ends are in one view: once, in order; nothing from the partition replayed");
    }

    @Test
    void aLeavingDcHandsItsRoleOverAndStaysAMember() {
        EngineCluster c = settled(THREE);
        c.engines.get("n1").setLeaving(true);
        c.run(Duration.ofSeconds(1));
        assertEquals(List.of("n2"), c.actingDcs());
        assertEquals(Set.of("n1"), c.view("n2").leaving());
        assertTrue(c.view("n2").members().contains("n1"), "still a member until it has stopped everything");
        assertTrue(c.view("n1").leaseHeld());
    }
}
