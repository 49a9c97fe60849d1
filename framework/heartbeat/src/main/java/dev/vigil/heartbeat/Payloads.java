package dev.vigil.heartbeat;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** Payloads of the three frame types. Decoders throw {@link IllegalArgumentException} on any fault. */
public final class Payloads {
    private Payloads() {
    }

    /**
     * What a peer's heartbeat says of one other node: the newest frame of that node's
     * incarnation it has read (so the node learns its own frames get through: two-way contact),
     * how long ago it last heard the node, and whether it vouches for the node's lease (it has the
     * node in its installed view).
     */
    public static final class Echo {
        public final String node;
        public final long incarnation;
        public final long sequence;
        public final int ageMillis;
        public final boolean vouch;

        public Echo(String node, long incarnation, long sequence, int ageMillis, boolean vouch) {
            this.node = node;
            this.incarnation = incarnation;
            this.sequence = sequence;
            this.ageMillis = ageMillis;
            this.vouch = vouch;
        }
    }

    /**
     * A heartbeat: the view the sender has installed (number, the coordinator that installed
     * it, its members, whether the coordinator saw every member confirm it), whether the sender
     * is shutting down, the timing and node list it runs with (nodes that disagree on them must
     * not form a view together), and its echoes of the nodes it hears.
     */
    public static final class Heartbeat {
        public static final int LEAVING = 1;
        public static final int AGREED = 2;

        public final long viewNumber;
        public final String coordinator;
        public final SortedSet<String> members;
        public final int flags;
        public final int deadtimeMillis;
        public final int leaseMillis;
        /** The sender's watchdog timeout, 0 without one: the majority's wait depends on it. */
        public final int watchdogMillis;
        public final int nodesDigest;
        public final List<Echo> echoes;

        public Heartbeat(long viewNumber, String coordinator, SortedSet<String> members, int flags, int deadtimeMillis,
                int leaseMillis, int watchdogMillis, int nodesDigest, List<Echo> echoes) {
            this.viewNumber = viewNumber;
            this.coordinator = coordinator;
            this.members = members;
            this.flags = flags;
            this.deadtimeMillis = deadtimeMillis;
            this.leaseMillis = leaseMillis;
            this.watchdogMillis = watchdogMillis;
            this.nodesDigest = nodesDigest;
            this.echoes = List.copyOf(echoes);
        }

        public boolean leaving() {
            return (flags & LEAVING) != 0;
        }

        public boolean agreed() {
            return (flags & AGREED) != 0;
        }
    }

    /** A reliable message for one incarnation of one node. */
    public static final class Message {
        public final String destination;
        public final long destinationIncarnation;
        /** The sender's stream epoch: a new one each time the sender starts the stream over. */
        public final long generation;
        public final long sequence;
        public final String topic;
        public final byte[] data;

        public Message(String destination, long destinationIncarnation, long generation, long sequence, String topic,
                byte[] data) {
            this.destination = destination;
            this.destinationIncarnation = destinationIncarnation;
            this.generation = generation;
            this.sequence = sequence;
            this.topic = topic;
            this.data = data;
        }
    }

    /** A cumulative acknowledgement of the stream to {@code destination}'s incarnation. */
    public static final class Ack {
        public final String destination;
        public final long destinationIncarnation;
        public final long generation;
        public final long sequence;

        public Ack(String destination, long destinationIncarnation, long generation, long sequence) {
            this.destination = destination;
            this.destinationIncarnation = destinationIncarnation;
            this.generation = generation;
            this.sequence = sequence;
        }
    }

    public static byte[] heartbeat(Heartbeat h) {
        List<byte[]> names = new ArrayList<>();
        byte[] coordinator = utf8(h.coordinator);
        int size = 8 + 1 + coordinator.length + 2 + 1 + 4 + 4 + 4 + 4 + 2;
        for (String m : h.members) {
            byte[] b = utf8(m);
            names.add(b);
            size += 1 + b.length;
        }
        List<byte[]> echoNames = new ArrayList<>();
        for (Echo e : h.echoes) {
            byte[] b = utf8(e.node);
            echoNames.add(b);
            size += 1 + b.length + 8 + 8 + 4 + 1;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putLong(h.viewNumber).put((byte) coordinator.length).put(coordinator)
                .putShort((short) names.size());
        names.forEach(n -> out.put((byte) n.length).put(n));
        out.put((byte) h.flags).putInt(h.deadtimeMillis).putInt(h.leaseMillis).putInt(h.watchdogMillis)
                .putInt(h.nodesDigest)
                .putShort((short) h.echoes.size());
        for (int i = 0; i < h.echoes.size(); i++) {
            Echo e = h.echoes.get(i);
            out.put((byte) echoNames.get(i).length).put(echoNames.get(i)).putLong(e.incarnation).putLong(e.sequence)
                    .putInt(e.ageMillis).put((byte) (e.vouch ? 1 : 0));
        }
        return out.array();
    }

    public static Heartbeat heartbeat(byte[] payload) {
        return parse(payload, b -> {
            long view = b.getLong();
            String coordinator = string(b);
            int n = Short.toUnsignedInt(b.getShort());
            SortedSet<String> members = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                members.add(string(b));
            }
            int flags = Byte.toUnsignedInt(b.get());
            int deadtime = b.getInt();
            int lease = b.getInt();
            int watchdog = b.getInt();
            int digest = b.getInt();
            int echoes = Short.toUnsignedInt(b.getShort());
            List<Echo> list = new ArrayList<>();
            for (int i = 0; i < echoes; i++) {
                String node = string(b);
                long incarnation = b.getLong();
                long sequence = b.getLong();
                int age = b.getInt();
                int vouch = b.get();
                if (age < 0 || (vouch & ~1) != 0) {
                    throw new IllegalArgumentException("malformed echo of " + node);
                }
                list.add(new Echo(node, incarnation, sequence, age, vouch == 1));
            }
            return new Heartbeat(view, coordinator, members, flags, deadtime, lease, watchdog, digest, list);
        });
    }

    public static byte[] message(Message m) {
        byte[] d = utf8(m.destination), t = utf8(m.topic);
        return ByteBuffer.allocate(1 + d.length + 8 + 8 + 8 + 1 + t.length + 4 + m.data.length)
                .put((byte) d.length).put(d).putLong(m.destinationIncarnation).putLong(m.generation).putLong(m.sequence)
                .put((byte) t.length).put(t).putInt(m.data.length).put(m.data).array();
    }

    public static Message message(byte[] payload) {
        return parse(payload, b -> {
            String dest = string(b);
            long inc = b.getLong();
            long generation = b.getLong();
            long seq = b.getLong();
            String topic = string(b);
            int len = b.getInt();
            if (len < 0 || len != b.remaining()) {
                throw new IllegalArgumentException("message data length " + len + " does not match the frame");
            }
            byte[] data = new byte[len];
            b.get(data);
            return new Message(dest, inc, generation, seq, topic, data);
        });
    }

    public static byte[] ack(Ack a) {
        byte[] d = utf8(a.destination);
        return ByteBuffer.allocate(1 + d.length + 24).put((byte) d.length).put(d)
                .putLong(a.destinationIncarnation).putLong(a.generation).putLong(a.sequence).array();
    }

    public static Ack ack(byte[] payload) {
        return parse(payload, b -> new Ack(string(b), b.getLong(), b.getLong(), b.getLong()));
    }

    private interface Parser<T> {
        T parse(ByteBuffer b);
    }

    private static <T> T parse(byte[] payload, Parser<T> parser) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        try {
            T t = parser.parse(b);
            if (b.hasRemaining()) {
                throw new IllegalArgumentException(b.remaining() + " trailing bytes");
            }
            return t;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("payload truncated");
        }
    }

    private static byte[] utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 255) {
            throw new IllegalArgumentException("name longer than 255 bytes: " + s);
        }
        return b;
    }

    private static String string(ByteBuffer b) {
        byte[] bytes = new byte[Byte.toUnsignedInt(b.get())];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
