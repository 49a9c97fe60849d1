package dev.vigil.heartbeat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Messages from one peer: delivers each exactly once and in order, holding back those that
 * arrive early, and knows the cumulative acknowledgement to send back. A stream is one epoch of
 * the sender: its incarnation and the generation it gave the stream. When the sender starts a
 * stream over (a new generation, e.g. after this node left its view and came back), numbering
 * starts again at 1 and nothing of the new epoch is taken for a duplicate of the old one.
 */
public final class InboundStream {
    private static final int MAX_HELD = 1024;

    private long senderIncarnation;
    private long generation;
    private long delivered;
    private final TreeMap<Long, StreamMessage> held = new TreeMap<>();

    public InboundStream(long senderIncarnation, long generation) {
        this.senderIncarnation = senderIncarnation;
        this.generation = generation;
    }

    /**
     * Takes one received message and returns the messages now deliverable, in order: empty for
     * a duplicate, an early message, or one from an older epoch of the sender.
     */
    public List<StreamMessage> receive(long incarnation, long streamGeneration, long sequence, String topic,
            byte[] data) {
        int epoch = compareEpoch(incarnation, streamGeneration);
        if (epoch < 0) {
            return List.of();
        }
        if (epoch > 0) {
            senderIncarnation = incarnation;
            generation = streamGeneration;
            delivered = 0;
            held.clear();
        }
        if (sequence <= delivered || held.containsKey(sequence)) {
            return List.of();
        }
        if (sequence == delivered + 1 || held.size() < MAX_HELD) {
            held.put(sequence, new StreamMessage(sequence, topic, data, null)); // the next one always fits
        } else if (sequence < held.lastKey()) {
            held.pollLastEntry(); // full: keep the earliest, the latest will be retransmitted
            held.put(sequence, new StreamMessage(sequence, topic, data, null));
        }
        List<StreamMessage> out = new ArrayList<>();
        while (!held.isEmpty() && held.firstKey() == delivered + 1) {
            out.add(held.pollFirstEntry().getValue());
            delivered++;
        }
        return out;
    }

    private int compareEpoch(long incarnation, long streamGeneration) {
        int c = Long.compare(incarnation, senderIncarnation);
        return c != 0 ? c : Long.compare(streamGeneration, generation);
    }

    public long senderIncarnation() {
        return senderIncarnation;
    }

    /** The generation of the epoch being received. */
    public long generation() {
        return generation;
    }

    /** The highest sequence delivered with none missing before it. */
    public long acknowledgement() {
        return delivered;
    }
}
