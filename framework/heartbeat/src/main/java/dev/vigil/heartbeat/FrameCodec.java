package dev.vigil.heartbeat;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encodes and authenticates frames. Layout (big-endian):
 *
 * <pre>
 * 'V' 'G' | version u8 | type u8 | key id u16 | cluster (u8 len + UTF-8) | sender (u8 len + UTF-8)
 *   | incarnation i64 | sequence i64 | payload (u32 len + bytes) | HMAC-SHA256 over all before (32)
 * </pre>
 *
 * The decoder checks structure first, then the key and MAC, then the cluster name, and never
 * throws: every fault is a {@link DropReason}.
 */
public final class FrameCodec {
    public static final int VERSION = 2;
    public static final int MAX_FRAME = 65_000;
    private static final int MAC_LENGTH = 32;
    private static final int MIN_LENGTH = 2 + 1 + 1 + 2 + 1 + 1 + 8 + 8 + 4 + MAC_LENGTH;

    private final String cluster;
    private final KeyRing keys;

    public FrameCodec(String cluster, KeyRing keys) {
        if (cluster.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("cluster name longer than 255 bytes");
        }
        this.cluster = cluster;
        this.keys = keys;
    }

    public ByteBuffer encode(FrameType type, String sender, long incarnation, long sequence, byte[] payload) {
        byte[] c = cluster.getBytes(StandardCharsets.UTF_8);
        byte[] s = sender.getBytes(StandardCharsets.UTF_8);
        if (s.length > 255) {
            throw new IllegalArgumentException("node name longer than 255 bytes");
        }
        int length = MIN_LENGTH + c.length + s.length + payload.length;
        if (length > MAX_FRAME) {
            throw new IllegalArgumentException("frame of " + length + " bytes exceeds " + MAX_FRAME);
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put((byte) 'V').put((byte) 'G').put((byte) VERSION).put((byte) type.code())
                .putShort((short) keys.signingKeyId())
                .put((byte) c.length).put(c).put((byte) s.length).put(s)
                .putLong(incarnation).putLong(sequence).putInt(payload.length).put(payload);
        b.put(mac(keys.signingKey(), ByteBuffer.wrap(b.array(), 0, b.position())));
        b.flip();
        return b;
    }

    /** The outcome of decoding: a frame, or the reason it was dropped. */
    public static final class Result {
        private final Frame frame;
        private final DropReason reason;

        private Result(Frame frame, DropReason reason) {
            this.frame = frame;
            this.reason = reason;
        }

        public boolean ok() {
            return frame != null;
        }

        public Frame frame() {
            return frame;
        }

        public DropReason reason() {
            return reason;
        }
    }

    private static Result drop(DropReason r) {
        return new Result(null, r);
    }

    public Result decode(ByteBuffer input) {
        ByteBuffer b = input.slice();
        int total = b.remaining();
        if (total < MIN_LENGTH) {
            return drop(DropReason.BAD_LENGTH);
        }
        try {
            if (b.get() != 'V' || b.get() != 'G' || b.get() != VERSION) {
                return drop(DropReason.BAD_FORMAT);
            }
            FrameType type = FrameType.fromCode(b.get());
            if (type == null) {
                return drop(DropReason.BAD_FORMAT);
            }
            int keyId = Short.toUnsignedInt(b.getShort());
            String frameCluster = string(b);
            String sender = string(b);
            long incarnation = b.getLong();
            long sequence = b.getLong();
            int payloadLength = b.getInt();
            if (payloadLength < 0 || payloadLength != b.remaining() - MAC_LENGTH) {
                return drop(DropReason.BAD_LENGTH);
            }
            byte[] payload = new byte[payloadLength];
            b.get(payload);
            int signedLength = b.position();
            byte[] received = new byte[MAC_LENGTH];
            b.get(received);
            byte[] key = keys.key(keyId).orElse(null);
            if (key == null) {
                return drop(DropReason.UNKNOWN_KEY);
            }
            ByteBuffer signed = input.slice().limit(signedLength);
            if (!MessageDigest.isEqual(received, mac(key, signed))) {
                return drop(DropReason.BAD_MAC);
            }
            if (!frameCluster.equals(cluster)) {
                return drop(DropReason.WRONG_CLUSTER);
            }
            return new Result(new Frame(type, frameCluster, sender, incarnation, sequence, payload), null);
        } catch (BufferUnderflowException e) {
            return drop(DropReason.BAD_LENGTH);
        }
    }

    private static String string(ByteBuffer b) {
        int len = Byte.toUnsignedInt(b.get());
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] mac(byte[] key, ByteBuffer data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
