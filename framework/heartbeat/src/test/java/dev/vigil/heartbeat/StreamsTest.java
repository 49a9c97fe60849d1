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
        InboundStream in = new InboundStream(1);
        assertEquals(List.of(), in.receive(1, 2, "t", new byte[0]));
        assertEquals(List.of(1L, 2L), seqs(in.receive(1, 1, "t", new byte[0])));
        assertEquals(List.of(), in.receive(1, 2, "t", new byte[0]), "duplicate");
        assertEquals(2, in.acknowledgement());
    }

    @Test
    void inboundStartsOverForANewIncarnationAndIgnoresTheOld() {
        InboundStream in = new InboundStream(1);
        in.receive(1, 1, "t", new byte[0]);
        assertEquals(List.of(1L), seqs(in.receive(2, 1, "t", new byte[0])));
        assertEquals(List.of(), in.receive(1, 2, "t", new byte[0]));
    }

    @Test
    void outboundRetransmitsUntilAcknowledged() {
        OutboundStream out = new OutboundStream(7, 100);
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
        OutboundStream out = new OutboundStream(7, 100);
        out.offer("t", new byte[0], T0);
        assertEquals(1, out.reset(8));
        assertEquals(1, out.offer("t", new byte[0], T0).sequence());
    }

    @Test
    void payloadsRoundTripAndRejectTruncation() {
        Payloads.Message m = Payloads.message(Payloads.message(
                new Payloads.Message("n2", 5, 9, "lrm.exec", new byte[] {1, 2, 3})));
        assertEquals("n2", m.destination);
        assertEquals(9, m.sequence);
        assertEquals("lrm.exec", m.topic);
        byte[] hb = Payloads.heartbeat(new Payloads.Heartbeat(4, new java.util.TreeSet<>(List.of("a", "b"))));
        assertEquals(List.of("a", "b"), List.copyOf(Payloads.heartbeat(hb).members));
        byte[] cut = java.util.Arrays.copyOf(hb, hb.length - 1);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Payloads.heartbeat(cut));
    }
}
