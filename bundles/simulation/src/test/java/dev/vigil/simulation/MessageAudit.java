package dev.vigil.simulation;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

import dev.vigil.heartbeat.FrameCodec;
import dev.vigil.heartbeat.FrameType;
import dev.vigil.heartbeat.KeyRing;
import dev.vigil.heartbeat.Payloads;

/**
 * The reliable-message audit, recorded where messages enter and leave membership: every
 * message a node sends gets an id (carried in front of its payload, invisible to the product
 * code), and every delivery is checked at once. Per (sender process, receiver process), i.e.
 * sender and receiver incarnation: no message is delivered twice, none out of order, none to
 * another node or incarnation than it was sent to, and none while an earlier one of the same
 * stream epoch (the generation the sender gave the stream, read from the frames it sends) was
 * not. {@link #undelivered} finds what was sent between live ends on a quiet network and never
 * arrived.
 */
final class MessageAudit {
    /** One copy of a message: to one receiver. */
    static final class Copy {
        final long id;
        final String from;
        final long fromIncarnation;
        final String to;
        final String topic;
        final Instant sentAt;
        /** The receiver incarnation and stream generation it was sent in, from its first frame (self: the sender's). */
        Long toIncarnation;
        Long generation;
        boolean delivered;
        /** Reported lost (a later message of its stream was delivered first). */
        boolean lost;
        /** Its place in its stream epoch. */
        int index;

        Copy(long id, String from, long fromIncarnation, String to, String topic, Instant sentAt) {
            this.id = id;
            this.from = from;
            this.fromIncarnation = fromIncarnation;
            this.to = to;
            this.topic = topic;
            this.sentAt = sentAt;
        }

        @Override
        public String toString() {
            return "#" + id + " " + topic + " " + from + "/" + fromIncarnation + " -> " + to + "/" + toIncarnation
                    + " gen " + generation + " sent at " + sentAt;
        }
    }

    private final FrameCodec codec;
    private final Map<Long, Map<String, Copy>> copies = new HashMap<>();
    /** Per stream epoch (from, fromInc, to, toInc, generation): its copies in the order sent. */
    private final Map<List<Object>, Epoch> epochs = new HashMap<>();

    /** The copies of one stream epoch in the order sent, and the first not yet delivered. */
    private static final class Epoch {
        final List<Copy> copies = new ArrayList<>();
        int next;

        void add(Copy c) {
            c.index = copies.size();
            copies.add(c);
        }
    }
    /** Per (from, fromInc, to, toInc): the id delivered last. */
    private final Map<List<Object>, Long> lastDelivered = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long nextId = 1;
    private long sent;
    private long delivered;

    MessageAudit(String cluster, KeyRing keys) {
        this.codec = new FrameCodec(cluster, keys);
    }

    /** The payload as sent through membership: the message id, then the product's payload. */
    byte[] tag(long id, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putLong(id).put(payload).array();
    }

    long newId() {
        return nextId++;
    }

    static long idOf(byte[] tagged) {
        return ByteBuffer.wrap(tagged).getLong();
    }

    static byte[] payloadOf(byte[] tagged) {
        byte[] out = new byte[tagged.length - 8];
        System.arraycopy(tagged, 8, out, 0, out.length);
        return out;
    }

    /** Membership accepted a message for {@code to}. */
    void sent(long id, String from, long fromIncarnation, String to, String topic, Instant now) {
        Copy c = new Copy(id, from, fromIncarnation, to, topic, now);
        copies.computeIfAbsent(id, i -> new LinkedHashMap<>()).put(to, c);
        sent++;
        if (to.equals(from)) {
            c.toIncarnation = fromIncarnation; // delivered locally, no stream
            c.generation = 0L;
            epochs.computeIfAbsent(epoch(c), k -> new Epoch()).add(c);
        }
    }

    /** Membership refused the message (the receiver is neither a member nor in contact): nothing was sent. */
    void notSent(long id, String to) {
        Map<String, Copy> byReceiver = copies.get(id);
        if (byReceiver != null && byReceiver.remove(to) != null) {
            sent--;
        }
    }

    /** A frame a node put on the network: a message frame says which stream epoch a copy went in. */
    void frame(ByteBuffer frame) {
        FrameCodec.Result r = codec.decode(frame.duplicate());
        if (!r.ok() || r.frame().type() != FrameType.MESSAGE) {
            return;
        }
        Payloads.Message m = Payloads.message(r.frame().payload());
        Map<String, Copy> byReceiver = copies.get(idOf(m.data));
        Copy c = byReceiver == null ? null : byReceiver.get(m.destination);
        if (c == null) {
            violations.add("a message frame for a message never sent: " + r.frame().sender() + " -> " + m.destination
                    + " #" + idOf(m.data));
            return;
        }
        if (c.generation == null) {
            c.toIncarnation = m.destinationIncarnation;
            c.generation = m.generation;
            epochs.computeIfAbsent(epoch(c), k -> new Epoch()).add(c);
        } else if (c.generation != m.generation || c.toIncarnation != m.destinationIncarnation) {
            violations.add(c + " sent again in another stream epoch: to incarnation " + m.destinationIncarnation
                    + " gen " + m.generation);
        }
    }

    /** Membership delivered a message to a handler of process {@code to}/{@code toIncarnation}. */
    void delivered(long id, String from, String to, long toIncarnation, Instant now) {
        delivered++;
        Map<String, Copy> byReceiver = copies.get(id);
        Copy c = byReceiver == null ? null : byReceiver.get(to);
        String at = " (at " + now + ")";
        if (c == null) {
            violations.add("delivered to " + to + "/" + toIncarnation + " from " + from + " a message #" + id
                    + " never sent to it" + at);
            return;
        }
        if (!c.from.equals(from)) {
            violations.add(c + " delivered as from " + from + at);
        }
        if (c.delivered) {
            violations.add(c + " DELIVERED TWICE (again to incarnation " + toIncarnation + ")" + at);
            return;
        }
        if (c.toIncarnation == null || c.toIncarnation != toIncarnation) {
            violations.add(c + " delivered to another incarnation " + toIncarnation + at);
        }
        List<Object> pair = List.of(c.from, c.fromIncarnation, to, toIncarnation);
        Long last = lastDelivered.get(pair);
        if (last != null && last > id) {
            violations.add(c + " delivered OUT OF ORDER: after #" + last + at);
        }
        lastDelivered.put(pair, id);
        c.delivered = true;
        Epoch e = c.generation == null ? null : epochs.get(epoch(c));
        if (e != null) {
            for (int i = e.next; i < c.index; i++) {
                Copy earlier = e.copies.get(i);
                if (!earlier.delivered && !earlier.lost) {
                    violations.add(c + " delivered while an earlier message of its stream was LOST: " + earlier + at);
                    earlier.lost = true;
                }
            }
            while (e.next < e.copies.size() && (e.copies.get(e.next).delivered || e.copies.get(e.next).lost)) {
                e.next++;
            }
        }
    }

    private static List<Object> epoch(Copy c) {
        return List.of(c.from, c.fromIncarnation, c.to, c.toIncarnation, c.generation);
    }

    List<String> violations() {
        return violations;
    }

    /**
     * Copies sent after {@code since} between two processes that {@code live} says are
     * alive now, and not delivered.
     */
    List<Copy> undelivered(Instant since, BiPredicate<String, Long> live) {
        // A stream that was reset (the receiver left the sender's view while views re-formed
        // after the heal) is abandoned on both sides, knowingly: its state is re-sent whole in
        // the next generation. Its undelivered copies are not lost messages.
        Map<List<Object>, Long> newestGeneration = new java.util.HashMap<>();
        for (Map<String, Copy> byReceiver : copies.values()) {
            for (Copy c : byReceiver.values()) {
                if (c.generation != null) {
                    newestGeneration.merge(List.of(c.from, c.fromIncarnation, c.to, c.toIncarnation == null ? -1L
                            : c.toIncarnation), c.generation, Math::max);
                }
            }
        }
        List<Copy> out = new ArrayList<>();
        for (Map<String, Copy> byReceiver : copies.values()) {
            for (Copy c : byReceiver.values()) {
                boolean superseded = c.generation != null && c.generation < newestGeneration.get(
                        List.of(c.from, c.fromIncarnation, c.to, c.toIncarnation == null ? -1L : c.toIncarnation));
                if (!c.delivered && !superseded && c.sentAt.isAfter(since) && live.test(c.from, c.fromIncarnation)
                        && c.toIncarnation != null && live.test(c.to, c.toIncarnation)) {
                    out.add(c);
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.id, b.id));
        return out;
    }

    String counts() {
        return sent + " copies sent, " + delivered + " delivered";
    }
}
