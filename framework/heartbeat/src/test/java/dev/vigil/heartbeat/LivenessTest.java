package dev.vigil.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.vigil.cluster.NodeState;

class LivenessTest {
    private static final Timing T = Timing.of(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(500),
            Duration.ofSeconds(2));
    private static final Instant BOOT = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant at(long ms) {
        return BOOT.plusMillis(ms);
    }

    @Test
    void stateFollowsSilenceAgainstWarntimeAndDeadtime() {
        Instant heard = at(1000);
        assertEquals(NodeState.ALIVE, Liveness.stateOf(heard, BOOT, at(1300), T));
        assertEquals(NodeState.LATE, Liveness.stateOf(heard, BOOT, at(1301), T));
        assertEquals(NodeState.LATE, Liveness.stateOf(heard, BOOT, at(1500), T));
        assertEquals(NodeState.DEAD, Liveness.stateOf(heard, BOOT, at(1501), T));
    }

    @Test
    void neverHeardIsUnknownUntilInitdead() {
        assertEquals(NodeState.UNKNOWN, Liveness.stateOf(null, BOOT, at(1999), T));
        assertEquals(NodeState.DEAD, Liveness.stateOf(null, BOOT, at(2000), T));
    }

    @Test
    void aPeerHeardOnAnyLinkIsAlive() {
        LivenessTracker tracker = new LivenessTracker(T, BOOT, List.of("b"));
        tracker.heard("b", "udp", at(0));
        tracker.heard("b", "serial", at(400));
        for (long t = 100; t <= 600; t += 100) {
            tracker.tick(at(t));
        }
        assertEquals(NodeState.ALIVE, tracker.tick(at(700)).get("b"));
        assertEquals(Set.of("b"), tracker.peersOn("serial", at(700)));
        assertEquals(Set.of(), tracker.peersOn("udp", at(700)), "udp silent for 700 ms: link down for b");
    }

    @Test
    void aPausedNodeConvictsNobodyOnTheTickAfterThePause() {
        LivenessTracker tracker = new LivenessTracker(T, BOOT, List.of("b"));
        tracker.heard("b", "udp", at(0));
        tracker.tick(at(100));
        // This node was frozen for 2 s (GC, stopped VM): its next tick is late.
        assertTrue(tracker.wasPaused(at(2100)));
        assertEquals(NodeState.LATE, tracker.tick(at(2100)).get("b"), "not convicted on the late tick");
        // Frames queued during the pause arrive; b is alive.
        tracker.heard("b", "udp", at(2110));
        assertEquals(NodeState.ALIVE, tracker.tick(at(2200)).get("b"));
    }

    @Test
    void aPeerSilentOnARegularTickIsConvicted() {
        LivenessTracker tracker = new LivenessTracker(T, BOOT, List.of("b"));
        tracker.heard("b", "udp", at(0));
        NodeState s = null;
        for (long t = 100; t <= 600; t += 100) {
            s = tracker.tick(at(t)).get("b");
        }
        assertEquals(NodeState.DEAD, s);
    }

    @Test
    void timingIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> Timing.of(Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofMillis(500), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Timing.of(Duration.ofMillis(100), Duration.ofMillis(300),
                Duration.ofMillis(200), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Timing.of(Duration.ofMillis(100), Duration.ofMillis(300),
                Duration.ofMillis(500), Duration.ofMillis(400)));
    }
}
