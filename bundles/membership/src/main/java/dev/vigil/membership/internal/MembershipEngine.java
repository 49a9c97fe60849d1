package dev.vigil.membership.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import dev.vigil.heartbeat.Cliques;
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
import dev.vigil.heartbeat.SendLog;
import dev.vigil.heartbeat.StreamMessage;

/**
 * Membership of one node: heartbeats out, frames in, liveness, views, quorum, DC and reliable
 * messages. Not thread-safe: the owner calls it from one thread and passes the time in, so
 * tests drive it with a fake clock. Listeners and handlers run on the {@code deliveries}
 * executor, in order.
 *
 * <p>Views are installed by a coordinator. Every node computes, from two-way contact (its own
 * and what its peers' heartbeats report), the largest set of mutually connected nodes it
 * belongs to; the preferred coordinator of that set (not shutting down, coordinating the
 * largest view now, then the longest running) numbers it and announces it in its heartbeats; members install what their coordinator
 * announces and say so in theirs. A view is agreed once every member has confirmed it and
 * every node it left out has surely lost its lease; only then may its coordinator act as DC.
 * A member vouches for the leases of the members of its installed view only: a node left out
 * of the view loses its lease within the lease time, whatever else it still hears.
 */
public final class MembershipEngine {
    private static final Logger LOG = Logger.getLogger(MembershipEngine.class.getName());
    private static final int MAX_PENDING = 4096;
    private static final int SEND_LOG = 8192;

    /** The view this node has installed (as coordinator, or as announced by its coordinator). */
    private record Installed(long number, String coordinator, SortedSet<String> members, boolean agreed) {
        static Installed alone(long number, String self) {
            return new Installed(number, "", new TreeSet<>(Set.of(self)), false);
        }
    }

    private final NodeSettings settings;
    private final long incarnation;
    private final FrameCodec codec;
    private final Consumer<ByteBuffer> links;
    private final Executor deliveries;
    private final ReplayGuard replay = new ReplayGuard();
    private final LivenessTracker liveness;
    private final QuorumRules quorum;
    private final SendLog sendLog = new SendLog(SEND_LOG);
    private final int nodesDigest;
    /** Per sender: its incarnation and, per link, the highest frame sequence seen on that link. */
    private final Map<String, LinkWatermarks> highestPerLink = new HashMap<>();

    private static final class LinkWatermarks {
        long incarnation;
        final Map<String, Long> byLink = new HashMap<>();
    }

    /** Per peer (its current incarnation): the newest frame sequence read, for our echoes. */
    private final Map<String, Long> highestRead = new HashMap<>();
    /** Per peer: its latest heartbeat and when it was read. */
    private final Map<String, Payloads.Heartbeat> lastHeartbeat = new HashMap<>();
    private final Map<String, Instant> lastHeartbeatAt = new HashMap<>();
    /** Per node: the latest time any peer reported hearing it (a high-water mark). */
    private final Map<String, Instant> heardByAnyone = new HashMap<>();
    private final Set<String> incompatible = new TreeSet<>();
    private final Map<String, OutboundStream> outbound = new HashMap<>();
    private final Map<String, InboundStream> inbound = new HashMap<>();
    private final Map<String, Map<DropReason, Long>> drops = new TreeMap<>();
    private final Map<String, Long> received = new TreeMap<>();
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<MessageHandler>> handlers = new ConcurrentHashMap<>();
    private long frameSequence;
    private long nextGeneration = 1;
    private long highestViewNumber;
    private Installed installed;
    /** The members' incarnations when the installed view was numbered: a restart is a new view. */
    private Map<String, Long> installedIncarnations = Map.of();
    /** When every member confirmed the installed view (coordinator only), or null. */
    private Instant confirmedAt;
    private Set<String> contacts = Set.of();
    private boolean lease;
    private boolean leaving;
    /**
     * The executor says something runs, is in progress, or may run (not all probed yet) here;
     * unknown, so true, until it says otherwise.
     */
    private boolean resourcesActive = true;
    /** Asked before the lease is taken: false refuses it (a watchdog that cannot be armed). */
    private java.util.function.BooleanSupplier leaseGuard = () -> true;
    private volatile MembershipView view;

    public MembershipEngine(NodeSettings settings, long incarnation, Instant boot, Consumer<ByteBuffer> links,
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
        this.nodesDigest = String.join(",", new TreeSet<>(settings.nodes)).hashCode();
        this.installed = Installed.alone(0, settings.nodeName);
        this.view = buildView(liveness.tick(boot));
    }

    public String localNode() {
        return settings.nodeName;
    }

    public long incarnation() {
        return incarnation;
    }

    public MembershipView view() {
        return view;
    }

    // ---- time ---------------------------------------------------------------------------

    /** Called every keepalive: updates liveness and the view, sends a heartbeat, retransmits. */
    public void tick(Instant now) {
        boolean paused = liveness.wasPaused(now);
        Map<String, NodeState> states = liveness.tick(now);
        if (paused) {
            LOG.warning(() -> settings.nodeName + ": this process was paused (tick "
                    + "late by more than " + settings.timing.pauseThreshold().toMillis() + " ms): lease given up");
        }
        contacts = contacts(now, states);
        installView(now);
        lease = !paused && liveness.holdsLease(now, settings.lease, quorum::allows) && leaseGuard.getAsBoolean();
        publish(buildView(states));
        sendFrame(FrameType.HEARTBEAT, Payloads.heartbeat(heartbeat(now)), now);
        retransmit(now);
        outbound.keySet().removeIf(peer -> !contacts.contains(peer) && !view.members().contains(peer));
    }

    /** Peers in two-way contact now, running with compatible timing and node list. */
    private Set<String> contacts(Instant now, Map<String, NodeState> states) {
        Set<String> out = new TreeSet<>();
        states.forEach((peer, state) -> {
            if (state.isMember() && liveness.inContact(peer, now) && !incompatible.contains(peer)) {
                out.add(peer);
            }
        });
        return out;
    }

    /** Coordinates the largest connected set this node belongs to, or follows its coordinator. */
    private void installView(Instant now) {
        Map<String, Set<String>> graph = new HashMap<>();
        graph.put(settings.nodeName, contacts);
        for (String peer : contacts) {
            Payloads.Heartbeat h = lastHeartbeat.get(peer);
            Set<String> theirs = new TreeSet<>();
            if (h != null) {
                long deadtime = settings.timing.deadtime().toMillis();
                h.echoes.stream().filter(e -> e.ageMillis <= deadtime).forEach(e -> theirs.add(e.node));
            }
            graph.put(peer, theirs);
        }
        Set<String> leavingNodes = leavingNodes();
        // Who coordinates: not a node that is leaving; then whoever coordinates the largest view
        // now (so a node coming back, however long it has run, does not take the role back);
        // then the longest running; then the name.
        Comparator<String> preference = Comparator.<String, Boolean>comparing(leavingNodes::contains)
                .thenComparing(Comparator.comparingInt(this::coordinatedSize).reversed())
                .thenComparingLong(this::incarnationOf).thenComparing(Comparator.naturalOrder());
        SortedSet<String> group = Cliques.largestContaining(settings.nodeName, graph, installed.members(), preference);
        String coordinator = group.stream().min(preference).orElseThrow();
        Installed next;
        if (coordinator.equals(settings.nodeName)) {
            boolean same = installed.coordinator().equals(settings.nodeName) && installed.members().equals(group)
                    && incarnationsUnchanged(group);
            long number = same ? installed.number() : Math.max(highestViewNumber, installed.number()) + 1;
            if (!same) {
                confirmedAt = null;
            }
            next = new Installed(number, settings.nodeName, group, agreedAsCoordinator(number, group, now));
        } else {
            // Follow the preferred coordinator once it announces a view with this node in it;
            // until then the current one, while it still does; a leaving coordinator keeps its
            // view, no longer agreed, until its successor's arrives. Otherwise this node is alone
            // (and vouches for nobody) until a coordinator's view takes it in.
            next = follow(coordinator);
            if (next == null && !installed.coordinator().equals(settings.nodeName)) {
                next = follow(installed.coordinator());
            }
            if (next == null && leaving && installed.coordinator().equals(settings.nodeName)) {
                next = new Installed(installed.number(), settings.nodeName, installed.members(), false);
            }
            if (next == null) {
                // Between coordinators: keep vouching for the members still connected (no DC, not
                // agreed) until the new coordinator's view arrives. Safe: a DC's view is agreed
                // only once every member confirmed it, and from then on they vouch by that view.
                next = Installed.alone(installed.number(), settings.nodeName);
            }
        }
        if (next.number() != installed.number() || !next.members().equals(installed.members())) {
            installedIncarnations = incarnationsOf(next.members());
        }
        installed = next;
        highestViewNumber = Math.max(highestViewNumber, next.number());
    }

    private boolean incarnationsUnchanged(Set<String> members) {
        return installedIncarnations.equals(incarnationsOf(members));
    }

    private Map<String, Long> incarnationsOf(Set<String> members) {
        Map<String, Long> out = new TreeMap<>();
        members.forEach(m -> out.put(m, incarnationOf(m)));
        return out;
    }

    private long incarnationOf(String node) {
        return node.equals(settings.nodeName) ? incarnation : replay.incarnationOf(node);
    }

    /** How many members the view has that this node coordinates now, as far as we know; 0 if none. */
    private int coordinatedSize(String node) {
        if (node.equals(settings.nodeName)) {
            return installed.coordinator().equals(node) ? installed.members().size() : 0;
        }
        Payloads.Heartbeat h = lastHeartbeat.get(node);
        return h != null && h.coordinator.equals(node) ? h.members.size() : 0;
    }

    /** The view {@code coordinator} announces, if it is in contact and the view has this node in it; else null. */
    private Installed follow(String coordinator) {
        Payloads.Heartbeat h = lastHeartbeat.get(coordinator);
        if (h == null || !contacts.contains(coordinator) || !h.coordinator.equals(coordinator)
                || !h.members.contains(settings.nodeName)) {
            return null;
        }
        return new Installed(h.viewNumber, coordinator, new TreeSet<>(h.members), h.agreed());
    }

    /**
     * Every member confirmed the view, and every configured node outside it has surely lost its
     * lease and had the time to stop what it ran. A node left out while some member still heard
     * it (a one-way or non-transitive cut) had its lease vouched for until the members installed
     * this view at the latest, and by members that heard it at the latest when they last did:
     * deadtime after the earlier of those (deadtime covers the lease, a keepalive to notice and
     * drift; stops longer than what is left need the watchdog), or, with a watchdog, the lease
     * plus its timeout if longer, it is safe.
     */
    private boolean agreedAsCoordinator(long number, Set<String> members, Instant now) {
        for (String m : members) {
            if (m.equals(settings.nodeName)) {
                continue;
            }
            Payloads.Heartbeat h = lastHeartbeat.get(m);
            if (h == null || h.viewNumber != number || !h.coordinator.equals(settings.nodeName)) {
                confirmedAt = null;
                return false;
            }
        }
        if (confirmedAt == null) {
            confirmedAt = now;
        }
        for (String outsider : settings.nodes) {
            if (members.contains(outsider)) {
                continue;
            }
            Instant heard = lastHeardByAnyMember(outsider, members);
            if (heard == null) {
                continue; // no member heard it lately, so none vouches for it: no lease to wait out
            }
            Instant vouchedUntil = heard.isAfter(confirmedAt) ? confirmedAt : heard;
            if (now.isBefore(vouchedUntil.plus(settings.recoveryWait()))) {
                return false;
            }
        }
        return true;
    }

    /** The latest time any member (this node included) says it heard {@code node}, or null if none did lately. */
    /**
     * The latest time this node or any peer said it heard {@code node}, never lowered: a peer's
     * latest heartbeat may no longer mention a node it heard a while ago, and the wait must still
     * count from then. Null when nobody has reported hearing it since this process started.
     */
    private Instant lastHeardByAnyMember(String node, Set<String> members) {
        Instant own = liveness.lastHeard(node);
        Instant reported = heardByAnyone.get(node);
        if (own == null || reported != null && reported.isAfter(own)) {
            return reported;
        }
        return own;
    }

    private Set<String> leavingNodes() {
        Set<String> out = new TreeSet<>();
        if (leaving) {
            out.add(settings.nodeName);
        }
        lastHeartbeat.forEach((peer, h) -> {
            if (h.leaving()) {
                out.add(peer);
            }
        });
        return out;
    }

    private MembershipView buildView(Map<String, NodeState> states) {
        SortedSet<String> members = installed.members();
        Map<String, NodeState> all = new TreeMap<>(states);
        incompatible.forEach(n -> all.put(n, NodeState.INCOMPATIBLE));
        all.put(settings.nodeName, NodeState.ALIVE);
        boolean quorate = quorum.quorate(members.size());
        boolean agreed = installed.agreed();
        String dc = quorate && !installed.coordinator().isEmpty() ? installed.coordinator() : null;
        Set<String> leavingMembers = new TreeSet<>(leavingNodes());
        leavingMembers.retainAll(members);
        return MembershipView.of(installed.number(), settings.nodeName, members, all, settings.expectedVotes(),
                quorate, dc, agreed, incarnationsOf(members), lease).withLeaving(leavingMembers);
    }

    private void publish(MembershipView next) {
        MembershipView before = view;
        view = next;
        if (!next.sameMembership(before)) {
            LOG.info(() -> settings.nodeName + ": " + next);
            listeners.forEach(l -> deliveries.execute(() -> notifyView(l, next)));
        }
    }

    private Payloads.Heartbeat heartbeat(Instant now) {
        List<Payloads.Echo> echoes = new ArrayList<>();
        for (String peer : settings.nodes) {
            Instant heard = liveness.lastHeard(peer);
            Long read = highestRead.get(peer);
            if (peer.equals(settings.nodeName) || heard == null || read == null || incompatible.contains(peer)
                    || heard.plus(settings.recoveryWait()).isBefore(now)) {
                continue;
            }
            int age = (int) Math.min(Integer.MAX_VALUE, Duration.between(heard, now).toMillis());
            boolean vouch = installed.members().contains(peer);
            echoes.add(new Payloads.Echo(peer, replay.incarnationOf(peer), read, age, vouch));
        }
        int flags = (leaving ? Payloads.Heartbeat.LEAVING : 0) | (installed.agreed() ? Payloads.Heartbeat.AGREED : 0);
        return new Payloads.Heartbeat(installed.number(), installed.coordinator(), installed.members(), flags,
                millis(settings.timing.deadtime()), millis(settings.lease), watchdogMillis(), nodesDigest, echoes);
    }

    private int watchdogMillis() {
        return settings.watchdogDevice == null ? 0 : millis(settings.watchdogTimeout);
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    /** What the executor says: whether anything is active or in progress on this node. */
    public void setResourcesActive(boolean active) {
        this.resourcesActive = active;
    }

    /**
     * Whether the watchdog may be fed now: while the lease is held, or while nothing runs
     * here (a node without quorum that has stopped everything is no danger, as with SBD).
     */
    public boolean mayFeedWatchdog() {
        return lease || !resourcesActive;
    }

    /**
     * Asked on every tick on which the lease would be held; false refuses it. The component arms
     * the watchdog here: a node whose watchdog cannot be armed must not run resources.
     */
    public void setLeaseGuard(java.util.function.BooleanSupplier guard) {
        this.leaseGuard = guard;
    }

    /** What the executor last said: something runs, is in progress or is not probed yet here. */
    public boolean resourcesActive() {
        return resourcesActive;
    }

    /** Whether this node holds its lease (as of the last tick). */
    public boolean leaseHeld() {
        return lease;
    }

    /** Announces (or withdraws) this node's clean shutdown in its heartbeats. */
    public void setLeaving(boolean leaving) {
        if (this.leaving != leaving) {
            LOG.info(() -> settings.nodeName + (leaving ? ": shutting down, handing over" : ": no longer leaving"));
        }
        this.leaving = leaving;
    }

    private void notifyView(MembershipListener l, MembershipView v) {
        try {
            l.viewChanged(v);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "membership listener failed", e);
        }
    }

    // ---- frames in ----------------------------------------------------------------------

    public void onFrame(String link, ByteBuffer bytes, Instant now) {
        FrameCodec.Result r = codec.decode(bytes);
        if (!r.ok()) {
            drop(link, r.reason());
            return;
        }
        Frame f = r.frame();
        String sender = f.sender();
        if (sender.equals(settings.nodeName)) {
            if (f.incarnation() != incarnation) {
                LOG.warning(() -> "another process sends as this node '" + sender + "' (incarnation "
                        + f.incarnation() + ") on link " + link);
            }
            drop(link, DropReason.OWN_FRAME);
            return;
        }
        if (!settings.nodes.contains(sender)) {
            drop(link, DropReason.UNKNOWN_NODE);
            return; // only configured nodes count, whoever else holds the key
        }
        received.merge(link, 1L, Long::sum);
        long known = replay.incarnationOf(sender);
        if (f.incarnation() < known) {
            drop(link, DropReason.OLD_INCARNATION);
            return; // before it touches any replay or liveness state
        }
        DropReason replayed = replay.check(sender, f.incarnation(), f.sequence());
        if (f.incarnation() > known) {
            restarted(sender, known);
        }
        boolean freshOnLink = freshOnLink(link, f);
        if (freshOnLink) {
            liveness.heard(sender, link, now);
        }
        if (replayed != null) {
            if (!freshOnLink) {
                drop(link, replayed);
            }
            return; // a copy of a frame already handled, via another link
        }
        highestRead.merge(sender, f.sequence(), Math::max);
        try {
            switch (f.type()) {
                case HEARTBEAT:
                    onHeartbeat(sender, Payloads.heartbeat(f.payload()), now);
                    break;
                case MESSAGE:
                    onMessage(f, Payloads.message(f.payload()), now);
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

    /** A new process of the peer: nothing the old one said or echoed counts any more. */
    private void restarted(String peer, long before) {
        if (before >= 0) {
            LOG.info(() -> settings.nodeName + ": " + peer + " restarted");
        }
        highestRead.remove(peer);
        lastHeartbeat.remove(peer);
        lastHeartbeatAt.remove(peer);
        liveness.forgetEchoes(peer);
    }

    private void onHeartbeat(String peer, Payloads.Heartbeat h, Instant now) {
        boolean compatible = h.deadtimeMillis == millis(settings.timing.deadtime())
                && h.leaseMillis == millis(settings.lease) && h.watchdogMillis == watchdogMillis()
                && h.nodesDigest == nodesDigest;
        if (!compatible && incompatible.add(peer)) {
            LOG.severe(() -> settings.nodeName + ": not forming a view with " + peer + ": it runs with deadtime "
                    + h.deadtimeMillis + " ms, lease " + h.leaseMillis + " ms, watchdog timeout " + h.watchdogMillis
                    + " ms (0: none) and " + (h.nodesDigest == nodesDigest ? "the same" : "another")
                    + " node list; this node with deadtime " + settings.timing.deadtime().toMillis() + " ms, lease "
                    + settings.lease.toMillis() + " ms, watchdog timeout " + watchdogMillis() + " ms and nodes "
                    + settings.nodes + ". Every node needs the same deadtime, lease, watchdog and nodes.");
        } else if (compatible && incompatible.remove(peer)) {
            LOG.info(() -> settings.nodeName + ": " + peer + " now runs with compatible timing and node list");
        }
        lastHeartbeat.put(peer, h);
        lastHeartbeatAt.put(peer, now);
        highestViewNumber = Math.max(highestViewNumber, h.viewNumber);
        for (Payloads.Echo e : h.echoes) {
            if (compatible && !e.node.equals(settings.nodeName)) {
                heardByAnyone.merge(e.node, now.minusMillis(e.ageMillis), (a, b) -> a.isAfter(b) ? a : b);
            }
            if (e.node.equals(settings.nodeName) && e.incarnation == incarnation && compatible) {
                Instant sentAt = sendLog.sentAt(e.sequence);
                if (sentAt != null) {
                    liveness.echoed(peer, sentAt, e.vouch);
                }
            }
        }
    }

    /** True the first time this sequence number of this sender arrives on this link. */
    private boolean freshOnLink(String link, Frame f) {
        LinkWatermarks w = highestPerLink.computeIfAbsent(f.sender(), s -> new LinkWatermarks());
        if (f.incarnation() > w.incarnation) {
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

    private void onMessage(Frame f, Payloads.Message m, Instant now) {
        if (!m.destination.equals(settings.nodeName) || m.destinationIncarnation != incarnation) {
            return; // for another node, or for an earlier process of this one
        }
        InboundStream in = inbound.computeIfAbsent(f.sender(), s -> new InboundStream(f.incarnation(), m.generation));
        List<StreamMessage> ready = in.receive(f.incarnation(), m.generation, m.sequence, m.topic, m.data);
        ready.forEach(msg -> deliver(f.sender(), msg.topic(), msg.data()));
        if (in.senderIncarnation() == f.incarnation() && in.generation() == m.generation) {
            sendFrame(FrameType.ACK, Payloads.ack(new Payloads.Ack(f.sender(), f.incarnation(), m.generation,
                    in.acknowledgement())), now);
        }
    }

    private void onAck(Frame f, Payloads.Ack a) {
        if (!a.destination.equals(settings.nodeName) || a.destinationIncarnation != incarnation) {
            return;
        }
        OutboundStream out = outbound.get(f.sender());
        if (out != null && out.peerIncarnation() == f.incarnation() && out.generation() == a.generation) {
            out.acknowledge(a.sequence);
        }
    }

    private void drop(String link, DropReason reason) {
        drops.computeIfAbsent(link, l -> new EnumMap<>(DropReason.class)).merge(reason, 1L, Long::sum);
    }

    // ---- messages out -------------------------------------------------------------------

    /** Queues a message for a member or a peer in contact; returns false when the node is neither. */
    public boolean send(String node, String topic, byte[] data, Instant now) {
        if (node.equals(settings.nodeName)) {
            deliver(node, topic, data);
            return true;
        }
        if (!view.members().contains(node) && !contacts.contains(node)) {
            LOG.fine(() -> "not sending " + topic + " to " + node + ": not a member");
            return false;
        }
        long peerIncarnation = replay.incarnationOf(node);
        OutboundStream out = outbound.computeIfAbsent(node,
                n -> new OutboundStream(peerIncarnation, nextGeneration++, MAX_PENDING));
        if (out.peerIncarnation() != peerIncarnation) {
            out.reset(peerIncarnation, nextGeneration++);
        }
        StreamMessage m = out.offer(topic, data, now);
        transmit(node, out, m, now);
        return true;
    }

    public void broadcast(String topic, byte[] data, Instant now) {
        for (String member : view.members()) {
            try {
                send(member, topic, data, now);
            } catch (IllegalStateException e) { // one member's full queue must not starve the others
                LOG.warning(() -> "not sending " + topic + " to " + member + ": " + e.getMessage());
            }
        }
    }

    private void retransmit(Instant now) {
        Duration after = settings.timing.keepalive().multipliedBy(2);
        outbound.forEach((node, out) -> out.due(now, after).forEach(m -> transmit(node, out, m, now)));
    }

    private void transmit(String node, OutboundStream out, StreamMessage m, Instant now) {
        sendFrame(FrameType.MESSAGE, Payloads.message(new Payloads.Message(node, out.peerIncarnation(),
                out.generation(), m.sequence(), m.topic(), m.data())), now);
    }

    private void sendFrame(FrameType type, byte[] payload, Instant now) {
        long sequence = ++frameSequence;
        sendLog.sent(sequence, now);
        links.accept(codec.encode(type, settings.nodeName, incarnation, sequence, payload));
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

    public Registration subscribe(MembershipListener l) {
        listeners.add(l);
        MembershipView current = view;
        deliveries.execute(() -> notifyView(l, current));
        return () -> listeners.remove(l);
    }

    public Registration subscribe(String topic, MessageHandler h) {
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
