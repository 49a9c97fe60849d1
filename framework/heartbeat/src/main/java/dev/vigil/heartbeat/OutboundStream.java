package dev.vigil.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Messages to one peer incarnation not yet acknowledged. Sequence numbers start at 1 in each
 * epoch of the stream, and every epoch has a generation the sender never used before (for any
 * peer), carried in each message: when the peer restarts, or when the sender starts over for
 * the same peer (it left the view and came back), the receiver sees a new epoch instead of
 * taking the new messages for duplicates of the old ones.
 */
public final class OutboundStream {
    private final int maxPending;
    private long peerIncarnation;
    private long generation;
    private long nextSequence = 1;
    private final Deque<StreamMessage> unacked = new ArrayDeque<>();

    public OutboundStream(long peerIncarnation, long generation, int maxPending) {
        this.peerIncarnation = peerIncarnation;
        this.generation = generation;
        this.maxPending = maxPending;
    }

    public long peerIncarnation() {
        return peerIncarnation;
    }

    public long generation() {
        return generation;
    }

    /** Starts a new epoch for a new incarnation of the peer; returns how many messages were dropped. */
    public int reset(long newPeerIncarnation, long newGeneration) {
        int dropped = unacked.size();
        peerIncarnation = newPeerIncarnation;
        generation = newGeneration;
        nextSequence = 1;
        unacked.clear();
        return dropped;
    }

    /** Queues a message, to be sent now by the caller. */
    public StreamMessage offer(String topic, byte[] data, Instant now) {
        if (unacked.size() >= maxPending) {
            throw new IllegalStateException("more than " + maxPending + " unacknowledged messages to the peer");
        }
        StreamMessage m = new StreamMessage(nextSequence++, topic, data, now);
        unacked.addLast(m);
        return m;
    }

    /** Cumulative acknowledgement: everything up to and including {@code sequence} arrived. */
    public void acknowledge(long sequence) {
        while (!unacked.isEmpty() && unacked.peekFirst().sequence() <= sequence) {
            unacked.removeFirst();
        }
    }

    /** Messages not acknowledged within {@code after} of their last sending; marks them sent now. */
    public List<StreamMessage> due(Instant now, Duration after) {
        List<StreamMessage> out = new ArrayList<>();
        for (StreamMessage m : unacked) {
            if (!m.lastSent().plus(after).isAfter(now)) {
                m.sentAt(now);
                out.add(m);
            }
        }
        return out;
    }

    public int pending() {
        return unacked.size();
    }
}
