package dev.vigil.heartbeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final KeyRing KEYS = KeyRing.parse("1 hmac-sha256 0123456789abcdef-secret\n");
    private final FrameCodec codec = new FrameCodec("prod", KEYS);

    private ByteBuffer sample() {
        return codec.encode(FrameType.MESSAGE, "node-a", 42L, 7L, "hello".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void roundTripKeepsEveryField() {
        FrameCodec.Result r = codec.decode(sample());
        assertTrue(r.ok());
        Frame f = r.frame();
        assertEquals(FrameType.MESSAGE, f.type());
        assertEquals("prod", f.cluster());
        assertEquals("node-a", f.sender());
        assertEquals(42L, f.incarnation());
        assertEquals(7L, f.sequence());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), f.payload());
    }

    @Test
    void everyTruncationIsDroppedAsBadLength() {
        byte[] whole = bytes(sample());
        for (int len = 0; len < whole.length; len++) {
            FrameCodec.Result r = codec.decode(ByteBuffer.wrap(whole, 0, len));
            assertFalse(r.ok(), "truncated to " + len);
            assertEquals(DropReason.BAD_LENGTH, r.reason(), "truncated to " + len);
        }
    }

    @Test
    void anyFlippedBitInTheSignedPartIsCaught() {
        byte[] whole = bytes(sample());
        for (int i = 0; i < whole.length - 32; i++) {
            byte[] forged = whole.clone();
            forged[i] ^= 0x01;
            FrameCodec.Result r = codec.decode(ByteBuffer.wrap(forged));
            assertFalse(r.ok(), "bit flipped at " + i);
        }
    }

    @Test
    void payloadForgedWithoutTheKeyIsBadMac() {
        byte[] whole = bytes(sample());
        int payloadStart = whole.length - 32 - 5;
        whole[payloadStart] = 'j';
        assertEquals(DropReason.BAD_MAC, codec.decode(ByteBuffer.wrap(whole)).reason());
    }

    @Test
    void frameSignedWithAnotherSecretIsBadMac() {
        FrameCodec other = new FrameCodec("prod", KeyRing.parse("1 hmac-sha256 another-secret-of-16+\n"));
        ByteBuffer f = other.encode(FrameType.HEARTBEAT, "intruder", 1, 1, new byte[0]);
        assertEquals(DropReason.BAD_MAC, codec.decode(f).reason());
    }

    @Test
    void unknownKeyIdIsDropped() {
        FrameCodec other = new FrameCodec("prod", KeyRing.parse("9 hmac-sha256 0123456789abcdef-secret\n"));
        assertEquals(DropReason.UNKNOWN_KEY, codec.decode(other.encode(FrameType.HEARTBEAT, "x", 1, 1,
                new byte[0])).reason());
    }

    @Test
    void otherClusterWithSameKeyIsDropped() {
        FrameCodec other = new FrameCodec("test", KEYS);
        assertEquals(DropReason.WRONG_CLUSTER, codec.decode(other.encode(FrameType.HEARTBEAT, "x", 1, 1,
                new byte[0])).reason());
    }

    @Test
    void rotationAcceptsBothKeysAndSignsWithTheFirst() {
        KeyRing rotating = KeyRing.parse("2 hmac-sha256 the-new-secret-value\n1 hmac-sha256 0123456789abcdef-secret\n");
        FrameCodec newCodec = new FrameCodec("prod", rotating);
        assertTrue(newCodec.decode(sample()).ok(), "old key still accepted");
        ByteBuffer signedNew = newCodec.encode(FrameType.HEARTBEAT, "b", 1, 1, new byte[0]);
        assertEquals(DropReason.UNKNOWN_KEY, codec.decode(signedNew).reason(), "old node does not know key 2");
        assertTrue(newCodec.decode(signedNew).ok());
    }

    @Test
    void randomGarbageNeverThrowsAndIsNeverAccepted() {
        Random random = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            if (junk.length > 3 && random.nextBoolean()) {
                junk[0] = 'V';
                junk[1] = 'G';
                junk[2] = 1;
            }
            assertFalse(codec.decode(ByteBuffer.wrap(junk)).ok());
        }
    }

    @Test
    void oversizedFrameIsRefusedAtEncode() {
        assertThrows(IllegalArgumentException.class,
                () -> codec.encode(FrameType.MESSAGE, "a", 1, 1, new byte[FrameCodec.MAX_FRAME]));
    }

    @Test
    void keyFileErrorsNameTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.parse("# keys\n1 hmac-sha256 0123456789abcdef-secret\n2 md5 0123456789abcdef-secret\n"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyRing.parse("1 hmac-sha256 short\n"));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.parse("# nothing\n"));
        assertEquals(1, KeyRing.of(1, Map.of(1, new byte[16])).signingKeyId());
    }
}
