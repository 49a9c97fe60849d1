package dev.vigil.heartbeat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Messages from one peer: delivers each exactly once and in order, holding back those that
 * arrive early, and knows the cumulative acknowledgement to send back.
 */
public final class InboundStream {
    private static final int MAX_HELD = 1024;

    private long senderIncarnation;
    private long delivered;
    private final TreeMap<Long, StreamMessage> held = new TreeMap<>();

    public InboundStream(long senderIncarnation) {
        this.senderIncarnation = senderIncarnation;
    }

    /**
     * Takes one received message and returns the messages now deliverable, in order: empty for
     * a duplicate, an early message, or one from an older incarnation of the sender.
     */
    public List<StreamMessage> receive(long incarnation, long sequence, String topic, byte[] data) {
        if (incarnation < senderIncarnation) {
            return List.of();
        }
        if (incarnation > senderIncarnation) {
            senderIncarnation = incarnation;
            delivered = 0;
            held.clear();
        }
        if (sequence <= delivered || held.containsKey(sequence)) {
            return List.of();
        }
        if (held.size() < MAX_HELD) {
            held.put(sequence, new StreamMessage(sequence, topic, data, null));
        }
        List<StreamMessage> out = new ArrayList<>();
        while (!held.isEmpty() && held.firstKey() == delivered + 1) {
            out.add(held.pollFirstEntry().getValue());
            delivered++;
        }
        return out;
    }

    public long senderIncarnation() {
        return senderIncarnation;
    }

    /** The highest sequence delivered with none missing before it. */
    public long acknowledgement() {
        return delivered;
    }
}
