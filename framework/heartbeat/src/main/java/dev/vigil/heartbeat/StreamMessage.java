package dev.vigil.heartbeat;

import java.time.Instant;

/** One message of a reliable stream, with when it was last put on the wire. */
public final class StreamMessage {
    private final long sequence;
    private final String topic;
    private final byte[] data;
    private Instant lastSent;

    StreamMessage(long sequence, String topic, byte[] data, Instant lastSent) {
        this.sequence = sequence;
        this.topic = topic;
        this.data = data;
        this.lastSent = lastSent;
    }

    public long sequence() {
        return sequence;
    }

    public String topic() {
        return topic;
    }

    public byte[] data() {
        return data;
    }

    Instant lastSent() {
        return lastSent;
    }

    void sentAt(Instant when) {
        lastSent = when;
    }
}
