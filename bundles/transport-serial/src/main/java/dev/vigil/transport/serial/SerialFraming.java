package dev.vigil.transport.serial;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Frames on a byte stream: {@code 0xA5 0x5A | length u16 | payload | CRC-32 u32}. A serial
 * line loses and corrupts bytes; the decoder drops a frame whose CRC does not match (or whose
 * length is impossible) and resynchronizes on the next sync pair, so one bad byte costs one
 * frame, never the link. Authenticity is the membership layer's job (HMAC), not the CRC's.
 */
final class SerialFraming {
    static final int MAX_PAYLOAD = 65_000;
    private static final byte SYNC1 = (byte) 0xA5;
    private static final byte SYNC2 = (byte) 0x5A;
    private static final int HEADER = 4;
    private static final int TRAILER = 4;

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long dropped;

    static byte[] encode(ByteBuffer frame) {
        int n = frame.remaining();
        if (n > MAX_PAYLOAD) {
            throw new IllegalArgumentException("frame of " + n + " bytes is too long for a serial link");
        }
        byte[] payload = new byte[n];
        frame.duplicate().get(payload);
        CRC32 crc = new CRC32();
        crc.update(payload);
        return ByteBuffer.allocate(HEADER + n + TRAILER).put(SYNC1).put(SYNC2).putShort((short) n).put(payload)
                .putInt((int) crc.getValue()).array();
    }

    /** Feeds received bytes; returns the complete, intact frames among what has arrived. */
    List<ByteBuffer> feed(byte[] data, int length) {
        pending.write(data, 0, length);
        byte[] buf = pending.toByteArray();
        List<ByteBuffer> frames = new ArrayList<>();
        int i = 0;
        while (true) {
            int sync = findSync(buf, i);
            if (sync < 0) {
                i = buf.length > 0 && buf[buf.length - 1] == SYNC1 ? buf.length - 1 : buf.length;
                break;
            }
            if (sync > i) {
                dropped++; // noise before the sync pair
            }
            if (buf.length - sync < HEADER) {
                i = sync;
                break;
            }
            int n = ((buf[sync + 2] & 0xFF) << 8) | (buf[sync + 3] & 0xFF);
            if (n > MAX_PAYLOAD) {
                dropped++;
                i = sync + 1;
                continue;
            }
            if (buf.length - sync < HEADER + n + TRAILER) {
                i = sync;
                break;
            }
            CRC32 crc = new CRC32();
            crc.update(buf, sync + HEADER, n);
            int expected = ByteBuffer.wrap(buf, sync + HEADER + n, TRAILER).getInt();
            if ((int) crc.getValue() != expected) {
                dropped++;
                i = sync + 1; // resynchronize inside the bad frame
                continue;
            }
            frames.add(ByteBuffer.wrap(buf, sync + HEADER, n).slice());
            i = sync + HEADER + n + TRAILER;
        }
        pending.reset();
        pending.write(buf, i, buf.length - i);
        return frames;
    }

    private static int findSync(byte[] buf, int from) {
        for (int i = from; i < buf.length - 1; i++) {
            if (buf[i] == SYNC1 && buf[i + 1] == SYNC2) {
                return i;
            }
        }
        return -1;
    }

    /** Frames and noise runs dropped so far. */
    long dropped() {
        return dropped;
    }
}
