package dev.vigil.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class StreamsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static List<Long> seqs(List<StreamMessage> ms) {
        return ms.stream().map(StreamMessage::sequence).collect(Collectors.toList());
    }

    @Test
    void inboundDeliversInOrderOnceHoldingBackEarlyMessages() {
        InboundStream in = new InboundStream(1, 1);
        assertEquals(List.of(), in.receive(1, 1, 2, "t", new byte[0]));
        assertEquals(List.of(1L, 2L), seqs(in.receive(1, 1, 1, "t", new byte[0])));
        assertEquals(List.of(), in.receive(1, 1, 2, "t", new byte[0]), "duplicate");
        assertEquals(2, in.acknowledgement());
    }

    @Test
    void inboundStartsOverForANewIncarnationAndIgnoresTheOld() {
        InboundStream in = new InboundStream(1, 1);
        in.receive(1, 1, 1, "t", new byte[0]);
        assertEquals(List.of(1L), seqs(in.receive(2, 1, 1, "t", new byte[0])));
        assertEquals(List.of(), in.receive(1, 1, 2, "t", new byte[0]));
    }

    @Test
    void aFullReorderBufferStillTakesTheMessageEveryoneWaitsFor() {
        InboundStream in = new InboundStream(1, 1);
        for (long s = 2; s <= 3000; s++) { // message 1 lost, a long burst behind it
            in.receive(1, 1, s, "t", new byte[0]);
        }
        List<StreamMessage> out = in.receive(1, 1, 1, "t", new byte[0]);
        assertTrue(out.size() > 1000, "delivered the held run, not wedged: " + out.size());
        assertEquals(out.size(), in.acknowledgement());
    }

    @Test
    void aStreamStartedOverBySameProcessIsANewEpochNotDuplicates() {
        InboundStream in = new InboundStream(1, 1);
        for (long s = 1; s <= 5; s++) {
            in.receive(1, 1, s, "t", new byte[0]);
        }
        assertEquals(5, in.acknowledgement());
        assertEquals(List.of(1L), seqs(in.receive(1, 2, 1, "t", new byte[0])), "generation 2 starts at 1 again");
        assertEquals(1, in.acknowledgement());
        assertEquals(List.of(), in.receive(1, 1, 6, "t", new byte[0]), "the old epoch is over");
    }

    @Test
    void outboundRetransmitsUntilAcknowledged() {
        OutboundStream out = new OutboundStream(7, 1, 100);
        out.offer("t", new byte[0], T0);
        out.offer("t", new byte[0], T0);
        Duration after = Duration.ofMillis(200);
        assertTrue(out.due(T0.plusMillis(100), after).isEmpty());
        assertEquals(List.of(1L, 2L), seqs(out.due(T0.plusMillis(200), after)));
        out.acknowledge(1);
        assertEquals(List.of(2L), seqs(out.due(T0.plusMillis(400), after)));
        out.acknowledge(2);
        assertEquals(0, out.pending());
    }

    @Test
    void outboundResetDropsWhatWasForTheOldProcess() {
        OutboundStream out = new OutboundStream(7, 1, 100);
        out.offer("t", new byte[0], T0);
        assertEquals(1, out.reset(8, 2));
        assertEquals(1, out.offer("t", new byte[0], T0).sequence());
        assertEquals(2, out.generation());
    }

    @Test
    void payloadsRoundTripAndRejectTruncation() {
        Payloads.Message m = Payloads.message(Payloads.message(
                new Payloads.Message("n2", 5, 3, 9, "lrm.exec", new byte[] {1, 2, 3})));
        assertEquals("n2", m.destination);
        assertEquals(3, m.generation);
        assertEquals(9, m.sequence);
        assertEquals("lrm.exec", m.topic);
        byte[] hb = Payloads.heartbeat(new Payloads.Heartbeat(4, "a", new java.util.TreeSet<>(List.of("a", "b")),
                Payloads.Heartbeat.AGREED, 1000, 500, 5000, 77, List.of(new Payloads.Echo("b", 9, 12, 40, true))));
        Payloads.Heartbeat h = Payloads.heartbeat(hb);
        assertEquals(List.of("a", "b"), List.copyOf(h.members));
        assertEquals("a", h.coordinator);
        assertTrue(h.agreed() && !h.leaving());
        assertEquals(List.of(1000, 500, 5000, 77), List.of(h.deadtimeMillis, h.leaseMillis, h.watchdogMillis,
                h.nodesDigest));
        Payloads.Echo e = h.echoes.get(0);
        assertEquals(List.of("b", 9L, 12L, 40L), List.of(e.node, e.incarnation, e.sequence, (long) e.ageMillis));
        assertTrue(e.vouch);
        byte[] cut = java.util.Arrays.copyOf(hb, hb.length - 1);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Payloads.heartbeat(cut));
    }
}
