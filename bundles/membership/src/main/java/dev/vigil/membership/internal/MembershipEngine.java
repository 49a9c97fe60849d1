package dev.vigil.membership.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.cluster.LinkStatus;
import dev.vigil.cluster.MembershipListener;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.MessageHandler;
import dev.vigil.cluster.NodeState;
import dev.vigil.cluster.Registration;
import dev.vigil.heartbeat.Coordinator;
import dev.vigil.heartbeat.DropReason;
import dev.vigil.heartbeat.Frame;
import dev.vigil.heartbeat.FrameCodec;
import dev.vigil.heartbeat.FrameType;
import dev.vigil.heartbeat.InboundStream;
import dev.vigil.heartbeat.LivenessTracker;
import dev.vigil.heartbeat.OutboundStream;
import dev.vigil.heartbeat.Payloads;
import dev.vigil.heartbeat.QuorumRules;
import dev.vigil.heartbeat.ReplayGuard;
import dev.vigil.heartbeat.StreamMessage;

/**
 * Membership of one node: heartbeats out, frames in, liveness, views, quorum, DC and reliable
 * messages. Not thread-safe: the owner calls it from one thread and passes the time in, so
 * tests drive it with a fake clock. Listeners and handlers run on the {@code deliveries}
 * executor, in order.
 */
final class MembershipEngine {
    private static final Logger LOG = Logger.getLogger(MembershipEngine.class.getName());
    private static final int MAX_PENDING = 4096;

    private final NodeSettings settings;
    private final long incarnation;
    private final FrameCodec codec;
    private final Consumer<ByteBuffer> links;
    private final Executor deliveries;
    private final ReplayGuard replay = new ReplayGuard();
    private final LivenessTracker liveness;
    private final QuorumRules quorum;
    /** Per sender: its incarnation and, per link, the highest frame sequence seen on that link. */
    private final Map<String, LinkWatermarks> highestPerLink = new HashMap<>();

    private static final class LinkWatermarks {
        long incarnation;
        final Map<String, Long> byLink = new HashMap<>();
    }
    private final Map<String, SortedSet<String>> reportedMembers = new HashMap<>();
    private final Map<String, Long> reportedViews = new HashMap<>();
    private final Map<String, OutboundStream> outbound = new HashMap<>();
    private final Map<String, InboundStream> inbound = new HashMap<>();
    private final Map<String, Map<DropReason, Long>> drops = new TreeMap<>();
    private final Map<String, Long> received = new TreeMap<>();
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<MessageHandler>> handlers = new ConcurrentHashMap<>();
    private long frameSequence;
    private boolean lease = true;
    private volatile MembershipView view;

    MembershipEngine(NodeSettings settings, long incarnation, Instant boot, Consumer<ByteBuffer> links,
            Executor deliveries) {
        this.settings = settings;
        this.incarnation = incarnation;
        this.codec = new FrameCodec(settings.cluster, settings.keys);
        this.links = links;
        this.deliveries = deliveries;
        List<String> peers = new ArrayList<>(settings.nodes);
        peers.remove(settings.nodeName);
        this.liveness = new LivenessTracker(settings.timing, boot, peers);
        this.quorum = settings.quorumRules();
        this.view = computeView(1, liveness.tick(boot));
    }

    String localNode() {
        return settings.nodeName;
    }

    long incarnation() {
        return incarnation;
    }

    MembershipView view() {
        return view;
    }

    // ---- time ---------------------------------------------------------------------------

    /** Called every keepalive: updates liveness and the view, sends a heartbeat, retransmits. */
    void tick(Instant now) {
        boolean paused = liveness.wasPaused(now);
        Map<String, NodeState> states = liveness.tick(now);
        // A paused node cannot tell; it keeps the lease state it had until it hears again.
        lease = paused ? lease : liveness.holdsLease(now, settings.lease, quorum::allows);
        updateView(states);
        sendFrame(FrameType.HEARTBEAT, Payloads.heartbeat(new Payloads.Heartbeat(view.number(), view.members())));
        retransmit(now);
    }

    private void updateView(Map<String, NodeState> states) {
        MembershipView candidate = computeView(view.number(), states);
        if (!candidate.sameMembership(view)) {
            boolean membersChanged = !candidate.members().equals(view.members())
                    || !candidate.incarnations().equals(view.incarnations());
            long number = view.number();
            if (membersChanged) {
                long heard = candidate.members().stream().mapToLong(m -> reportedViews.getOrDefault(m, 0L))
                        .max().orElse(0);
                number = Math.max(number, heard) + 1;
            }
            MembershipView next = computeView(number, states);
            view = next;
            LOG.info(() -> settings.nodeName + ": " + next);
            listeners.forEach(l -> deliveries.execute(() -> notifyView(l, next)));
        } else {
            // Same membership: converge on one number, the highest any member reports for it.
            long agreedNumber = candidate.members().stream()
                    .filter(m -> candidate.members().equals(reportedMembers.get(m)))
                    .mapToLong(m -> reportedViews.getOrDefault(m, 0L)).max().orElse(0);
            view = agreedNumber > candidate.number() ? computeView(agreedNumber, states) : candidate;
        }
        for (String peer : new ArrayList<>(outbound.keySet())) {
            if (!view.members().contains(peer)) {
                outbound.remove(peer);
            }
        }
    }

    private MembershipView computeView(long number, Map<String, NodeState> states) {
        SortedSet<String> members = new TreeSet<>();
        members.add(settings.nodeName);
        Map<String, Long> incarnations = new TreeMap<>();
        incarnations.put(settings.nodeName, incarnation);
        Map<String, NodeState> all = new TreeMap<>(states);
        all.put(settings.nodeName, NodeState.ALIVE);
        states.forEach((peer, state) -> {
            if (state.isMember()) {
                members.add(peer);
                incarnations.put(peer, replay.incarnationOf(peer));
            }
        });
        boolean quorate = quorum.quorate(members.size());
        boolean agreed = members.stream().filter(m -> !m.equals(settings.nodeName))
                .allMatch(m -> members.equals(reportedMembers.get(m)));
        String dc = quorate ? Coordinator.choose(incarnations) : null;
        return MembershipView.of(number, settings.nodeName, members, all, settings.expectedVotes(), quorate, dc,
                agreed, incarnations, lease && quorate);
    }

    private void notifyView(MembershipListener l, MembershipView v) {
        try {
            l.viewChanged(v);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "membership listener failed", e);
        }
    }

    // ---- frames in ----------------------------------------------------------------------

    void onFrame(String link, ByteBuffer bytes, Instant now) {
        FrameCodec.Result r = codec.decode(bytes);
        if (!r.ok()) {
            drop(link, r.reason());
            return;
        }
        Frame f = r.frame();
        if (f.sender().equals(settings.nodeName)) {
            if (f.incarnation() != incarnation) {
                LOG.warning(() -> "another process sends as this node '" + f.sender() + "' (incarnation "
                        + f.incarnation() + ") on link " + link);
            }
            drop(link, DropReason.OWN_FRAME);
            return;
        }
        received.merge(link, 1L, Long::sum);
        DropReason replayed = replay.check(f.sender(), f.incarnation(), f.sequence());
        boolean freshOnLink = freshOnLink(link, f);
        if (replayed == DropReason.OLD_INCARNATION) {
            drop(link, replayed);
            return;
        }
        if (freshOnLink) {
            liveness.heard(f.sender(), link, now);
        }
        if (replayed != null) {
            if (!freshOnLink) {
                drop(link, replayed);
            }
            return; // a copy of a frame already handled, via another link
        }
        try {
            switch (f.type()) {
                case HEARTBEAT:
                    Payloads.Heartbeat h = Payloads.heartbeat(f.payload());
                    reportedMembers.put(f.sender(), h.members);
                    reportedViews.put(f.sender(), h.viewNumber);
                    break;
                case MESSAGE:
                    onMessage(f, Payloads.message(f.payload()));
                    break;
                case ACK:
                    onAck(f, Payloads.ack(f.payload()));
                    break;
                default:
                    break;
            }
        } catch (IllegalArgumentException e) {
            drop(link, DropReason.BAD_PAYLOAD);
        }
    }

    /** True the first time this sequence number of this sender arrives on this link. */
    private boolean freshOnLink(String link, Frame f) {
        LinkWatermarks w = highestPerLink.computeIfAbsent(f.sender(), s -> new LinkWatermarks());
        if (f.incarnation() != w.incarnation) {
            w.incarnation = f.incarnation(); // a restarted sender counts from the start again
            w.byLink.clear();
        }
        long highest = w.byLink.getOrDefault(link, 0L);
        if (f.sequence() > highest) {
            w.byLink.put(link, f.sequence());
            return true;
        }
        return false;
    }

    private void onMessage(Frame f, Payloads.Message m) {
        if (!m.destination.equals(settings.nodeName) || m.destinationIncarnation != incarnation) {
            return; // for another node, or for an earlier process of this one
        }
        InboundStream in = inbound.computeIfAbsent(f.sender(), s -> new InboundStream(f.incarnation()));
        List<StreamMessage> ready = in.receive(f.incarnation(), m.sequence, m.topic, m.data);
        ready.forEach(msg -> deliver(f.sender(), msg.topic(), msg.data()));
        sendFrame(FrameType.ACK, Payloads.ack(new Payloads.Ack(f.sender(), f.incarnation(), in.acknowledgement())));
    }

    private void onAck(Frame f, Payloads.Ack a) {
        if (!a.destination.equals(settings.nodeName) || a.destinationIncarnation != incarnation) {
            return;
        }
        OutboundStream out = outbound.get(f.sender());
        if (out != null && out.peerIncarnation() == f.incarnation()) {
            out.acknowledge(a.sequence);
        }
    }

    private void drop(String link, DropReason reason) {
        drops.computeIfAbsent(link, l -> new EnumMap<>(DropReason.class)).merge(reason, 1L, Long::sum);
    }

    // ---- messages out -------------------------------------------------------------------

    /** Queues a message for a member; returns false when the node is not a member now. */
    boolean send(String node, String topic, byte[] data, Instant now) {
        if (node.equals(settings.nodeName)) {
            deliver(node, topic, data);
            return true;
        }
        if (!view.members().contains(node)) {
            LOG.fine(() -> "not sending " + topic + " to " + node + ": not a member");
            return false;
        }
        long peerIncarnation = replay.incarnationOf(node);
        OutboundStream out = outbound.computeIfAbsent(node, n -> new OutboundStream(peerIncarnation, MAX_PENDING));
        if (out.peerIncarnation() != peerIncarnation) {
            out.reset(peerIncarnation);
        }
        StreamMessage m = out.offer(topic, data, now);
        transmit(node, out, m);
        return true;
    }

    void broadcast(String topic, byte[] data, Instant now) {
        for (String member : view.members()) {
            send(member, topic, data, now);
        }
    }

    private void retransmit(Instant now) {
        Duration after = settings.timing.keepalive().multipliedBy(2);
        outbound.forEach((node, out) -> out.due(now, after).forEach(m -> transmit(node, out, m)));
    }

    private void transmit(String node, OutboundStream out, StreamMessage m) {
        sendFrame(FrameType.MESSAGE, Payloads.message(
                new Payloads.Message(node, out.peerIncarnation(), m.sequence(), m.topic(), m.data())));
    }

    private void sendFrame(FrameType type, byte[] payload) {
        links.accept(codec.encode(type, settings.nodeName, incarnation, ++frameSequence, payload));
    }

    private void deliver(String from, String topic, byte[] data) {
        List<MessageHandler> hs = handlers.getOrDefault(topic, List.of());
        if (hs.isEmpty()) {
            LOG.fine(() -> "no handler for topic " + topic + " from " + from);
        }
        for (MessageHandler h : hs) {
            deliveries.execute(() -> {
                try {
                    h.onMessage(from, data);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "handler of " + topic + " failed on a message from " + from, e);
                }
            });
        }
    }

    // ---- subscriptions and status -------------------------------------------------------

    Registration subscribe(MembershipListener l) {
        listeners.add(l);
        MembershipView current = view;
        deliveries.execute(() -> notifyView(l, current));
        return () -> listeners.remove(l);
    }

    Registration subscribe(String topic, MessageHandler h) {
        handlers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(h);
        return () -> handlers.getOrDefault(topic, List.of()).remove(h);
    }

    List<LinkStatus> links(Set<String> linkNames, Instant now) {
        List<LinkStatus> out = new ArrayList<>();
        Set<String> names = new TreeSet<>(linkNames);
        names.addAll(drops.keySet());
        for (String link : names) {
            Map<String, Long> d = new TreeMap<>();
            drops.getOrDefault(link, Map.of()).forEach((reason, n) -> d.put(reason.name(), n));
            out.add(LinkStatus.of(link, liveness.peersOn(link, now), received.getOrDefault(link, 0L), d));
        }
        return out;
    }

    Map<DropReason, Long> dropsOn(String link) {
        return Objects.requireNonNullElse(drops.get(link), Map.of());
    }
}
