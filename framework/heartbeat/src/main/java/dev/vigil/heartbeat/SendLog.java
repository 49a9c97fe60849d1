package dev.vigil.heartbeat;

import java.time.Instant;

/**
 * When this node sent each of its recent frames, by frame sequence number: a peer's echo names
 * a sequence, and the lease is timed from when that frame left here. A bounded ring: a sequence
 * too old to be remembered has no send time, which counts as no contact (the safe side).
 */
public final class SendLog {
    private final long[] sequences;
    private final Instant[] times;

    public SendLog(int capacity) {
        this.sequences = new long[capacity];
        this.times = new Instant[capacity];
    }

    public void sent(long sequence, Instant at) {
        int i = slot(sequence);
        sequences[i] = sequence;
        times[i] = at;
    }

    /** When the frame with this sequence was sent, or null if unknown or forgotten. */
    public Instant sentAt(long sequence) {
        int i = slot(sequence);
        return sequence > 0 && sequences[i] == sequence ? times[i] : null;
    }

    private int slot(long sequence) {
        return (int) Math.floorMod(sequence, (long) sequences.length);
    }
}
