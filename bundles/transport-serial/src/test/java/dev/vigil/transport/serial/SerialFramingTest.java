package dev.vigil.transport.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SerialFramingTest {
    private static byte[] frame(String s) {
        return SerialFraming.encode(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(List<ByteBuffer> frames) {
        List<String> out = new ArrayList<>();
        for (ByteBuffer b : frames) {
            byte[] x = new byte[b.remaining()];
            b.get(x);
            out.add(new String(x, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void framesSurviveAnySplitIntoReads() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            stream.writeBytes(frame("frame-" + i));
        }
        byte[] all = stream.toByteArray();
        Random random = new Random(7);
        SerialFraming f = new SerialFraming();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < all.length;) {
            int n = Math.min(all.length - i, 1 + random.nextInt(13));
            byte[] chunk = new byte[n];
            System.arraycopy(all, i, chunk, 0, n);
            got.addAll(texts(f.feed(chunk, n)));
            i += n;
        }
        assertEquals(20, got.size());
        assertEquals("frame-19", got.get(19));
        assertEquals(0, f.dropped());
    }

    @Test
    void aCorruptedByteCostsOneFrameNotTheLink() {
        byte[] a = frame("first"), b = frame("second"), c = frame("third");
        b[6] ^= 0x40; // line noise inside the second frame's payload
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(new byte[] {1, 2, 3, (byte) 0xA5}); // noise before
        s.writeBytes(a);
        s.writeBytes(b);
        s.writeBytes(c);
        byte[] all = s.toByteArray();
        SerialFraming f = new SerialFraming();
        assertEquals(List.of("first", "third"), texts(f.feed(all, all.length)));
        assertTrue(f.dropped() >= 2);
    }

    @Test
    void payloadIsExactlyWhatWasSent() {
        byte[] payload = new byte[1000];
        new Random(3).nextBytes(payload);
        byte[] wire = SerialFraming.encode(ByteBuffer.wrap(payload));
        ByteBuffer got = new SerialFraming().feed(wire, wire.length).get(0);
        byte[] x = new byte[got.remaining()];
        got.get(x);
        assertArrayEquals(payload, x);
    }
}
