package dev.vigil.heartbeat;

import java.util.HashMap;
import java.util.Map;

/**
 * Rejects frames from an older incarnation of a sender and frames whose sequence number was
 * already seen or is older than a sliding window of 64, per sender.
 */
public final class ReplayGuard {
    private static final int WINDOW = 64;

    private static final class SenderWindow {
        long incarnation;
        long highest;
        long seen; // bit i set: highest - i was seen
    }

    private final Map<String, SenderWindow> senders = new HashMap<>();

    /** Accepts the frame (and records it) or names why not. Null means accepted. */
    public DropReason check(String sender, long incarnation, long sequence) {
        SenderWindow w = senders.get(sender);
        if (w == null || incarnation > w.incarnation) {
            w = new SenderWindow();
            w.incarnation = incarnation;
            w.highest = sequence;
            w.seen = 1;
            senders.put(sender, w);
            return null;
        }
        if (incarnation < w.incarnation) {
            return DropReason.OLD_INCARNATION;
        }
        if (sequence > w.highest) {
            long shift = sequence - w.highest;
            w.seen = shift >= WINDOW ? 1 : (w.seen << shift) | 1;
            w.highest = sequence;
            return null;
        }
        long age = w.highest - sequence;
        if (age >= WINDOW) {
            return DropReason.REPLAYED;
        }
        long bit = 1L << age;
        if ((w.seen & bit) != 0) {
            return DropReason.REPLAYED;
        }
        w.seen |= bit;
        return null;
    }

    /** The newest incarnation seen of a sender, or -1. */
    public long incarnationOf(String sender) {
        SenderWindow w = senders.get(sender);
        return w == null ? -1 : w.incarnation;
    }
}
