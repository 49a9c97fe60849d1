package dev.vigil.fencing.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.vigil.cluster.LinkStatus;
import dev.vigil.cluster.Membership;
import dev.vigil.cluster.MembershipListener;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.MessageHandler;
import dev.vigil.cluster.Registration;

/**
 * An in-JVM twin of the membership for several nodes: one view shared by all, messages queued
 * and delivered by {@link #flush()} on the test's thread, once and in order, and only while
 * sender and receiver are both members (as {@link Membership#send} promises). No threads, no
 * sleeps: a test decides when messages move.
 */
final class TwinNetwork {
    private record Envelope(String from, String to, String topic, byte[] payload) {
    }

    private final Set<String> members = new TreeSet<>();
    private final Map<String, Node> nodes = new HashMap<>();
    private final Deque<Envelope> queue = new ArrayDeque<>();
    private final Map<String, Long> incarnations = new HashMap<>();
    private long viewNumber;
    /** Every message delivered, as {@code from->to topic}, for assertions. */
    final List<String> delivered = new ArrayList<>();
    /** One deliverer at a time (reentrant: a handler that sends delivers the queue further itself). */
    private final Object deliveryLock = new Object();
    private final boolean deliverAtOnce;

    /** A twin whose messages wait for {@link #flush()}. */
    TwinNetwork() {
        this(false);
    }

    /**
     * @param deliverAtOnce every send delivers the queue on the sender's thread (for fencers
     *        that answer from their own threads); otherwise messages wait for {@link #flush()}
     */
    TwinNetwork(boolean deliverAtOnce) {
        this.deliverAtOnce = deliverAtOnce;
    }

    /** A member of the current view (the view grows; its listeners hear of it). */
    synchronized Membership join(String name) {
        Node n = nodes.computeIfAbsent(name, Node::new);
        members.add(name);
        incarnations.putIfAbsent(name, 1L);
        viewNumber++;
        announceView();
        return n;
    }

    /** The node's process restarts and rejoins at once: a new incarnation, what was queued to or from it is lost. */
    void restart(String name) {
        synchronized (this) {
            incarnations.merge(name, 1L, Long::sum);
            viewNumber++;
            queue.removeIf(e -> e.from().equals(name) || e.to().equals(name));
        }
        announceView();
    }

    /** The node leaves the view: messages to and from it still queued are dropped. */
    void leave(String name) {
        synchronized (this) {
            members.remove(name);
            viewNumber++;
            queue.removeIf(e -> e.from().equals(name) || e.to().equals(name));
        }
        announceView();
    }

    /** Puts a message on the wire as if {@code from} had sent it, member or not (a forged or stale sender). */
    synchronized void inject(String from, String to, String topic, byte[] payload) {
        queue.addLast(new Envelope(from, to, topic, payload));
    }

    /** Delivers every queued message, and those their handlers send, until none is left. */
    void flush() {
        synchronized (deliveryLock) {
            deliverQueued();
        }
    }

    private void deliverQueued() {
        for (;;) {
            Envelope e;
            Node to;
            synchronized (this) {
                e = queue.pollFirst();
                if (e == null) {
                    return;
                }
                to = nodes.get(e.to());
                if (to == null || !members.contains(e.to())) {
                    continue;
                }
                delivered.add(e.from() + "->" + e.to() + " " + e.topic());
            }
            for (MessageHandler h : to.handlers.getOrDefault(e.topic(), List.of())) {
                h.onMessage(e.from(), e.payload());
            }
        }
    }

    synchronized int queued() {
        return queue.size();
    }

    private void announceView() {
        List<Node> all;
        synchronized (this) {
            all = new ArrayList<>(nodes.values());
        }
        for (Node n : all) {
            MembershipView v = n.view();
            n.listeners.forEach(l -> l.viewChanged(v));
        }
    }

    private final class Node implements Membership {
        private final String name;
        final Map<String, List<MessageHandler>> handlers = new HashMap<>();
        final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();

        Node(String name) {
            this.name = name;
        }

        @Override
        public String localNode() {
            return name;
        }

        @Override
        public MembershipView view() {
            synchronized (TwinNetwork.this) {
                TreeSet<String> m = members.contains(name) ? new TreeSet<>(members) : new TreeSet<>(Set.of(name));
                return MembershipView.of(viewNumber, name, m, Map.of(), nodes.size(), true, m.first(), true,
                        new HashMap<>(incarnations));
            }
        }

        @Override
        public Registration subscribe(MembershipListener listener) {
            listeners.add(listener);
            listener.viewChanged(view());
            return () -> listeners.remove(listener);
        }

        @Override
        public void send(String node, String topic, byte[] payload) {
            synchronized (TwinNetwork.this) {
                if (members.contains(name)) {
                    queue.addLast(new Envelope(name, node, topic, payload));
                }
            }
            if (deliverAtOnce) {
                flush();
            }
        }

        @Override
        public void broadcast(String topic, byte[] payload) {
            synchronized (TwinNetwork.this) {
                if (members.contains(name)) {
                    members.forEach(m -> queue.addLast(new Envelope(name, m, topic, payload)));
                }
            }
            if (deliverAtOnce) {
                flush();
            }
        }

        @Override
        public Registration subscribe(String topic, MessageHandler handler) {
            synchronized (TwinNetwork.this) {
                handlers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(handler);
            }
            return () -> handlers.get(topic).remove(handler);
        }

        @Override
        public List<LinkStatus> links() {
            return List.of();
        }

        @Override
        public void setLinkEnabled(String link, boolean enabled) {
            throw new UnsupportedOperationException("the twin has no links");
        }

        @Override
        public void setLeaving(boolean leaving) {
        }

        @Override
        public void setResourcesActive(boolean active) {
        }

        @Override
        public Duration stopBudget() {
            return null;
        }
    }
}
