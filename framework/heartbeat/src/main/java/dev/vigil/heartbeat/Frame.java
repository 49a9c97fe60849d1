package dev.vigil.heartbeat;

import java.util.Arrays;
import java.util.Objects;

/** A decoded, authenticated frame. */
public final class Frame {
    private final FrameType type;
    private final String cluster;
    private final String sender;
    private final long incarnation;
    private final long sequence;
    private final byte[] payload;

    public Frame(FrameType type, String cluster, String sender, long incarnation, long sequence, byte[] payload) {
        this.type = Objects.requireNonNull(type);
        this.cluster = Objects.requireNonNull(cluster);
        this.sender = Objects.requireNonNull(sender);
        this.incarnation = incarnation;
        this.sequence = sequence;
        this.payload = payload.clone();
    }

    public FrameType type() {
        return type;
    }

    public String cluster() {
        return cluster;
    }

    public String sender() {
        return sender;
    }

    /** Bumped at every start of the sender; a lower one than last seen is a stale process. */
    public long incarnation() {
        return incarnation;
    }

    /** Per sender and incarnation, strictly increasing over all frames it sends. */
    public long sequence() {
        return sequence;
    }

    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Frame)) {
            return false;
        }
        Frame f = (Frame) o;
        return type == f.type && cluster.equals(f.cluster) && sender.equals(f.sender)
                && incarnation == f.incarnation && sequence == f.sequence && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, cluster, sender, incarnation, sequence) * 31 + Arrays.hashCode(payload);
    }
}
