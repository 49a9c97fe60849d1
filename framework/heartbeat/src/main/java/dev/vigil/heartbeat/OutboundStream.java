package dev.vigil.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Messages to one peer incarnation not yet acknowledged. Sequence numbers start at 1 for each
 * peer incarnation: when the peer restarts, the stream starts over and what was pending for
 * the old process is dropped (it was addressed to a process that no longer exists).
 */
public final class OutboundStream {
    private final int maxPending;
    private long peerIncarnation;
    private long nextSequence = 1;
    private final Deque<StreamMessage> unacked = new ArrayDeque<>();

    public OutboundStream(long peerIncarnation, int maxPending) {
        this.peerIncarnation = peerIncarnation;
        this.maxPending = maxPending;
    }

    public long peerIncarnation() {
        return peerIncarnation;
    }

    /** Restarts the stream for a new incarnation of the peer; returns how many messages were dropped. */
    public int reset(long newPeerIncarnation) {
        int dropped = unacked.size();
        peerIncarnation = newPeerIncarnation;
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
