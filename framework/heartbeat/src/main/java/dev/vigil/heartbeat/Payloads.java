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

    /** A heartbeat: the sender's view number and the members it sees. */
    public static final class Heartbeat {
        public final long viewNumber;
        public final SortedSet<String> members;

        public Heartbeat(long viewNumber, SortedSet<String> members) {
            this.viewNumber = viewNumber;
            this.members = members;
        }
    }

    /** A reliable message for one incarnation of one node. */
    public static final class Message {
        public final String destination;
        public final long destinationIncarnation;
        public final long sequence;
        public final String topic;
        public final byte[] data;

        public Message(String destination, long destinationIncarnation, long sequence, String topic, byte[] data) {
            this.destination = destination;
            this.destinationIncarnation = destinationIncarnation;
            this.sequence = sequence;
            this.topic = topic;
            this.data = data;
        }
    }

    /** A cumulative acknowledgement of the stream to {@code destination}'s incarnation. */
    public static final class Ack {
        public final String destination;
        public final long destinationIncarnation;
        public final long sequence;

        public Ack(String destination, long destinationIncarnation, long sequence) {
            this.destination = destination;
            this.destinationIncarnation = destinationIncarnation;
            this.sequence = sequence;
        }
    }

    public static byte[] heartbeat(Heartbeat h) {
        List<byte[]> names = new ArrayList<>();
        int size = 8 + 2;
        for (String m : h.members) {
            byte[] b = utf8(m);
            names.add(b);
            size += 1 + b.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putLong(h.viewNumber).putShort((short) names.size());
        names.forEach(n -> out.put((byte) n.length).put(n));
        return out.array();
    }

    public static Heartbeat heartbeat(byte[] payload) {
        return parse(payload, b -> {
            long view = b.getLong();
            int n = Short.toUnsignedInt(b.getShort());
            SortedSet<String> members = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                members.add(string(b));
            }
            return new Heartbeat(view, members);
        });
    }

    public static byte[] message(Message m) {
        byte[] d = utf8(m.destination), t = utf8(m.topic);
        return ByteBuffer.allocate(1 + d.length + 8 + 8 + 1 + t.length + 4 + m.data.length)
                .put((byte) d.length).put(d).putLong(m.destinationIncarnation).putLong(m.sequence)
                .put((byte) t.length).put(t).putInt(m.data.length).put(m.data).array();
    }

    public static Message message(byte[] payload) {
        return parse(payload, b -> {
            String dest = string(b);
            long inc = b.getLong();
            long seq = b.getLong();
            String topic = string(b);
            int len = b.getInt();
            if (len < 0 || len != b.remaining()) {
                throw new IllegalArgumentException("message data length " + len + " does not match the frame");
            }
            byte[] data = new byte[len];
            b.get(data);
            return new Message(dest, inc, seq, topic, data);
        });
    }

    public static byte[] ack(Ack a) {
        byte[] d = utf8(a.destination);
        return ByteBuffer.allocate(1 + d.length + 16).put((byte) d.length).put(d)
                .putLong(a.destinationIncarnation).putLong(a.sequence).array();
    }

    public static Ack ack(byte[] payload) {
        return parse(payload, b -> new Ack(string(b), b.getLong(), b.getLong()));
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
