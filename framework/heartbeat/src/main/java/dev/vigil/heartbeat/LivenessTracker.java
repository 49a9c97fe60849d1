package dev.vigil.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.vigil.cluster.NodeState;

/**
 * Last-heard times per peer and link, and the verdicts derived from them tick by tick. A peer
 * is alive while heard on any link. If this node's own tick comes later than the pause
 * threshold after the previous one, this node was itself paused (GC, a stopped VM) and its
 * silence says nothing about the peers: on that tick nobody is newly convicted.
 */
public final class LivenessTracker {
    private final Timing timing;
    private final Instant boot;
    private final Set<String> configured;
    private final Map<String, Map<String, Instant>> heard = new HashMap<>();
    /** Per peer: when we sent our newest frame that the peer says it read (two-way contact). */
    private final Map<String, Instant> echoed = new HashMap<>();
    /** Per peer: the same, for echoes with which the peer vouches for our lease. */
    private final Map<String, Instant> vouched = new HashMap<>();
    private Map<String, NodeState> verdicts = new TreeMap<>();
    private Instant lastTick;

    public LivenessTracker(Timing timing, Instant boot, Collection<String> configuredPeers) {
        this.timing = timing;
        this.boot = boot;
        this.lastTick = boot;
        this.configured = new TreeSet<>(configuredPeers);
    }

    public void heard(String peer, String link, Instant when) {
        if (configured.contains(peer)) {
            heard.computeIfAbsent(peer, p -> new HashMap<>()).merge(link, when, LivenessTracker::later);
        }
    }

    /**
     * The peer read our frame that we sent at {@code ourSendTime} (our own clock, never a
     * receive time: a frame that waited in a socket while we were paused proves nothing new).
     */
    public void echoed(String peer, Instant ourSendTime, boolean vouch) {
        if (!configured.contains(peer)) {
            return;
        }
        echoed.merge(peer, ourSendTime, LivenessTracker::later);
        if (vouch) {
            vouched.merge(peer, ourSendTime, LivenessTracker::later);
        }
    }

    /** A restarted peer's echoes of the old process no longer count. */
    public void forgetEchoes(String peer) {
        echoed.remove(peer);
        vouched.remove(peer);
    }

    /** Two-way contact: the peer was heard within deadtime and has read one of our frames sent within deadtime. */
    public boolean inContact(String peer, Instant now) {
        Instant heardAt = lastHeard(peer);
        Instant echoAt = echoed.get(peer);
        return heardAt != null && echoAt != null && !heardAt.plus(timing.deadtime()).isBefore(now)
                && !echoAt.plus(timing.deadtime()).isBefore(now);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** When the peer was last heard on any link, or null. */
    public Instant lastHeard(String peer) {
        return heard.getOrDefault(peer, Map.of()).values().stream().max(Instant::compareTo).orElse(null);
    }

    /** True when the last tick came so late that this node must have been paused. */
    public boolean wasPaused(Instant now) {
        return Duration.between(lastTick, now).compareTo(timing.keepalive().plus(timing.pauseThreshold())) > 0;
    }

    /** Advances to {@code now} and returns every peer's verdict, sorted by name. */
    public Map<String, NodeState> tick(Instant now) {
        boolean paused = wasPaused(now);
        Map<String, NodeState> next = new TreeMap<>();
        Set<String> peers = new TreeSet<>(configured);
        peers.addAll(heard.keySet());
        for (String peer : peers) {
            NodeState state = Liveness.stateOf(lastHeard(peer), boot, now, timing);
            NodeState before = verdicts.getOrDefault(peer, NodeState.UNKNOWN);
            if (paused && state == NodeState.DEAD && before != NodeState.DEAD) {
                state = before == NodeState.UNKNOWN ? NodeState.UNKNOWN : NodeState.LATE;
            }
            next.put(peer, state);
        }
        verdicts = next;
        lastTick = now;
        return verdicts;
    }

    /**
     * Whether this node holds its lease at {@code now}: enough peers to make a quorum with
     * itself ({@code quorate} answers for a number of nodes, e.g. {@link QuorumRules#allows})
     * vouched for it by echoing a frame that this node sent within {@code lease} before now.
     * Only two-way contact counts: a node that still hears the others but is no longer heard
     * loses its lease, and frames read late (after a pause) renew nothing. A node that loses
     * its lease must stop what it runs: the majority will act only after deadtime (longer than
     * the lease) has passed.
     */
    public boolean holdsLease(Instant now, Duration lease, java.util.function.IntPredicate quorate) {
        int vouching = 1;
        for (Instant sentAt : vouched.values()) {
            if (!sentAt.plus(lease).isBefore(now)) {
                vouching++;
            }
        }
        return quorate.test(vouching);
    }

    /** Peers heard on {@code link} within deadtime. */
    public Set<String> peersOn(String link, Instant now) {
        Set<String> out = new TreeSet<>();
        heard.forEach((peer, links) -> {
            Instant t = links.get(link);
            if (t != null && Duration.between(t, now).compareTo(timing.deadtime()) <= 0) {
                out.add(peer);
            }
        });
        return out;
    }
}
