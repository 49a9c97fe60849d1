package dev.vigil.controller.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import dev.vigil.agent.AgentAction;
import dev.vigil.cluster.LrmUpdate;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.fence.FenceEvent;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.MigrationStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ReportedMigrations;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * The cluster status as this node has heard it: each member's last reported resource states,
 * and recent failed operations. A node that leaves the view is forgotten: when it returns it
 * is a new process whose state must be learned (probed) again. When the cluster can fence
 * ({@link FencingConfig}), a node that leaves without having announced a clean shutdown is
 * kept as unclean, with what it last reported, until it is fenced or
 * comes back. Not thread-safe.
 */
public final class StatusCollector {
    private static final int FAILURES_KEPT = 50;
    /** Why a lost node is fenced (Pacemaker's words). */
    static final String LOST_REASON = "peer is no longer part of the cluster";

    /**
     * A node lost without a clean shutdown: the incarnation lost, since when this node saw it in
     * the view, and what it may still run.
     */
    private record Unclean(long incarnation, Instant since, Map<String, ResourceState> states) {
    }

    private final Map<String, Unclean> unclean = new HashMap<>();
    /** Nodes fenced while still members (a failed stop), by the incarnation fenced. */
    private final Map<String, Long> fencedMembers = new HashMap<>();
    /**
     * Members unfenced (an {@code on} fence succeeded) since their present incarnation joined,
     * and when: the engine's {@code #node-unfenced} attribute, so that it unfences each once.
     */
    private final Map<String, Unfenced> unfenced = new HashMap<>();

    private record Unfenced(long incarnation, Instant at) {
    }
    /** When this node first saw each member's present incarnation in its view. */
    private final Map<String, Instant> memberSince = new HashMap<>();
    private boolean fencingConfigured;

    /**
     * Live migrations whose target's process ended (it left or restarted) after the source's
     * migrate_to and before its migrate_from: they can no longer complete, and once the target's
     * state is known again (newer than the migration) the resource counts as failed on the
     * source, to be recovered without migrating (Pacemaker's unpack_migrate_to_success, where
     * a rejoining node's history is erased). Kept until the source reports another state or
     * another operation of the resource.
     */
    private record AbandonedMigration(String resource, String source, String target) {
        boolean shownBy(ResourceState s) {
            return s != null && s.role() == ResourceRole.STARTED && source.equals(s.migrationSource())
                    && target.equals(s.migrationTarget());
        }
    }

    private final Set<AbandonedMigration> abandoned = new HashSet<>();

    private final Map<String, Map<String, ResourceState>> reported = new HashMap<>();
    private final Map<String, Map<String, String>> pending = new HashMap<>();
    private final Deque<OperationRecord> failures = new ConcurrentLinkedDeque<>();
    /** This DC's tenure, and the members that answered its query since it began. */
    private String tenure = "";
    private final java.util.Set<String> answered = new java.util.HashSet<>();
    private MembershipView view;
    private final Clock clock;

    public StatusCollector() {
        this(Clock.systemUTC());
    }

    /** @param clock tells when a node joined, to match it with fences in the fencer's history */
    public StatusCollector(Clock clock) {
        this.clock = clock;
    }

    void onView(MembershipView v) {
        if (view != null) {
            for (String node : view.members()) {
                boolean left = !v.members().contains(node);
                boolean restarted = !left && !view.incarnations().get(node).equals(v.incarnations().get(node));
                if (left && lostUncleanly(node)) {
                    unclean.put(node, new Unclean(incarnation(view, node), memberSince.get(node), mayRun(node)));
                }
                if (left || restarted) {
                    abandonMigrationsTo(node);
                    reported.remove(node);
                    pending.remove(node);
                    answered.remove(node);
                    fencedMembers.remove(node);
                    unfenced.remove(node);
                    memberSince.remove(node);
                }
            }
        }
        for (String node : v.members()) {
            memberSince.putIfAbsent(node, clock.instant());
        }
        // Back in the view: a new incarnation is a new process (probed afresh), the same one back
        // after a healed partition reports again; either way what it runs will be heard from it.
        unclean.keySet().removeAll(v.members());
        view = v;
    }

    /**
     * The process of {@code target} ended: every migration to it that other members report
     * with the migrate_to done and that it has not finished with its migrate_from is abandoned;
     * migrations from it are forgotten with its states.
     */
    private void abandonMigrationsTo(String target) {
        abandoned.removeIf(a -> a.source().equals(target));
        Map<String, ResourceState> onTarget = reported.getOrDefault(target, Map.of());
        reported.forEach((source, states) -> states.forEach((rsc, s) -> {
            AbandonedMigration a = new AbandonedMigration(rsc, source, target);
            boolean finishedThere = onTarget.containsKey(rsc) && a.shownBy(onTarget.get(rsc));
            if (!source.equals(target) && a.shownBy(s) && !finishedThere) {
                abandoned.add(a);
            }
        }));
    }

    /**
     * The sources of abandoned migrations, in the states about to be resolved: failed, once the
     * target's state is known again (a target not probed yet is probed first, as in Pacemaker;
     * one offline is {@link ReportedMigrations}' to judge).
     */
    private void failAbandonedSources(Map<String, Map<String, ResourceState>> up) {
        for (AbandonedMigration a : abandoned) {
            Map<String, ResourceState> source = up.get(a.source());
            Map<String, ResourceState> target = up.get(a.target());
            ResourceState there = target == null ? null : target.get(a.resource());
            boolean known = there != null && there.role() != ResourceRole.UNKNOWN;
            if (source != null && target != null && known && a.shownBy(source.get(a.resource()))) {
                source.put(a.resource(), source.get(a.resource()).withRole(ResourceRole.FAILED));
            }
        }
    }

    /** Whether the cluster can fence; without it no node is ever held back as unclean. */
    void fencingConfigured(boolean configured) {
        fencingConfigured = configured;
    }

    boolean fencingConfigured() {
        return fencingConfigured;
    }

    /** Lost without a clean shutdown and not fenced since, as {@link #snapshot()} presents it. */
    boolean isUnclean(String node) {
        return fencingConfigured && unclean.containsKey(node);
    }

    /** An {@code on} fence (unfencing) of a member succeeded at {@code at}. */
    void unfenced(String node, Instant at) {
        if (view != null && view.members().contains(node)) {
            unfenced.put(node, new Unfenced(incarnation(view, node), at));
        }
    }

    private Map<String, String> attributes(String node) {
        Unfenced u = unfenced.get(node);
        if (u == null || view == null || u.incarnation() != incarnation(view, node)) {
            return Map.of();
        }
        return Map.of("#node-unfenced", Long.toString(u.at().getEpochSecond()));
    }

    /**
     * The incarnation a fence of {@code node} asked now is for: the one it was lost as, when it
     * is unclean, else the present member's, else -1 (not known: any).
     */
    long incarnationToFence(String node) {
        Unclean u = unclean.get(node);
        if (u != null) {
            return u.incarnation();
        }
        return view != null && view.members().contains(node) ? incarnation(view, node) : -1;
    }

    /** A fence of any incarnation of the node (an operator's, from the history): see {@link #fenced(String, long)}. */
    void fenced(String node) {
        fenced(node, incarnationToFence(node));
    }

    /**
     * A fence of {@code node}'s process {@code incarnation} succeeded: whatever that process ran
     * is stopped. Lost as that incarnation, it is offline with nothing running and its old
     * reports are dropped; still a member as that incarnation (fenced for a failed stop), it
     * counts as offline and empty until it leaves the view. A node back since as another
     * process is that new process: the fence changes nothing about it.
     */
    void fenced(String node, long incarnation) {
        Unclean u = unclean.get(node);
        if (u != null && (incarnation < 0 || u.incarnation() == incarnation)) {
            unclean.remove(node);
        }
        if (view != null && view.members().contains(node)
                && (incarnation < 0 || incarnation(view, node) == incarnation)) {
            fencedMembers.put(node, incarnation(view, node));
        }
    }

    /**
     * Takes in fences this controller did not ask for (an operator's, another DC's before it
     * failed, or the DC's while this node is not DC). A power-removing fence that succeeded
     * after this node saw the target's incarnation join was a fence of that incarnation: lost,
     * it is no longer unclean; still a member, it counts as fenced (offline, nothing running).
     * Returns true if anything changed.
     */
    boolean onFenceHistory(List<FenceEvent> history) {
        boolean any = false;
        for (FenceEvent e : history) {
            if (e.state() != FenceEvent.State.SUCCEEDED || e.completed() == null) {
                continue;
            }
            String node = e.target();
            if (e.action() == dev.vigil.fence.FenceAction.ON) {
                Instant joined = memberSince.get(node);
                if (joined != null && e.completed().isAfter(joined) && !unfenced.containsKey(node)) {
                    unfenced(node, e.completed());
                    any = true;
                }
                continue;
            }
            if (!e.action().removesPower()) {
                continue;
            }
            Unclean u = unclean.get(node);
            Instant since = memberSince.get(node);
            if (u != null && e.completed().isAfter(u.since())) {
                unclean.remove(node);
                any = true;
            } else if (since != null && e.completed().isAfter(since) && !isFencedMember(node)) {
                fencedMembers.put(node, incarnation(view, node));
                any = true;
            }
        }
        return any;
    }

    private boolean isFencedMember(String node) {
        return view != null && Long.valueOf(incarnation(view, node)).equals(fencedMembers.get(node));
    }

    /** Why {@code node} needs fencing, for the fencer's history and the journal. */
    String fenceReason(String node) {
        if (unclean.containsKey(node)) {
            return LOST_REASON;
        }
        for (Map.Entry<String, ResourceState> e : reported.getOrDefault(node, Map.of()).entrySet()) {
            if ("stop".equals(e.getValue().failedAction()) || e.getValue().role() == ResourceRole.BLOCKED) {
                return "stop of " + e.getKey() + " failed";
            }
        }
        return "the policy engine asked for it";
    }

    /**
     * As Pacemaker: any member lost without a clean shutdown is fenced, even one that reported
     * nothing running (what it did since its last report is not known, and in a two-node split
     * both sides must race to fence, or the one that ran nothing would win by default).
     */
    private boolean lostUncleanly(String node) {
        return fencingConfigured && !view.leaving().contains(node) && !isFencedMember(node);
    }

    /**
     * What the node may be running: every resource it reported neither stopped nor impossible
     * there, and those with an operation in flight (a start under way counts as running).
     */
    private Map<String, ResourceState> mayRun(String node) {
        Map<String, ResourceState> out = new TreeMap<>();
        reported.getOrDefault(node, Map.of()).forEach((rsc, s) -> {
            if (s.role() != ResourceRole.STOPPED && s.role() != ResourceRole.AGENT_MISSING) {
                out.put(rsc, s);
            }
        });
        pending.getOrDefault(node, Map.of()).keySet().forEach(rsc -> out.merge(rsc,
                ResourceState.of(ResourceRole.STARTED), (was, started) -> was.isActive() ? was
                        : was.withRole(ResourceRole.STARTED)));
        return out;
    }

    private static long incarnation(MembershipView v, String node) {
        return v.incarnations().getOrDefault(node, -1L);
    }

    /** A new DC tenure: only reports answering {@code token} (and later ones) count as present. */
    void beginTenure(String token) {
        tenure = token;
        answered.clear();
    }

    String tenure() {
        return tenure;
    }

    void onUpdate(String node, LrmUpdate update) {
        if (!tenure.isEmpty() && (LrmUpdate.QUERY_ANSWER_PREFIX + tenure).equals(update.completedRequest())) {
            answered.add(node); // in order after anything it sent before: from here on it is current
        }
        // Kept even from a node not yet in this node's view: it may have seen the new view
        // first and will not report again; the snapshot uses members only.
        reported.put(node, update.states());
        pending.put(node, update.pending());
        OperationRecord r = update.record();
        // Another state of the source, or a newer operation there (another migrate_to): done with.
        abandoned.removeIf(a -> a.source().equals(node) && (!a.shownBy(update.states().get(a.resource()))
                || r != null && r.resource().equals(a.resource()) && r.action() != AgentAction.MONITOR));
        if (r != null && r.isFailure()) {
            failures.addFirst(r);
            while (failures.size() > FAILURES_KEPT) {
                failures.removeLast();
            }
        }
    }


    /** Forgets the failures of a resource (after a cleanup). */
    void forgetFailures(String resource) {
        failures.removeIf(r -> r.resource().equals(resource));
    }

    List<OperationRecord> failures() {
        return new ArrayList<>(failures);
    }

    /**
     * The status the policy engine sees: members are online with what they reported; nodes lost
     * uncleanly are unclean with what they last reported (while the cluster can fence); others
     * offline, as are members already fenced. A member that is leaving (clean shutdown) is
     * shutting down for the engine, which then stops or moves everything it runs; while an
     * operation is still running there, it is passed with that pending operation instead (the
     * engine must leave that resource alone, and {@link NodeStatus} carries either the pending
     * operations or the shutdown, not both); its executor refuses any start meanwhile.
     */
    public ClusterStatus snapshot() {
        Map<String, NodeStatus> nodes = new TreeMap<>();
        if (view == null) {
            return ClusterStatus.of(nodes, false, null);
        }
        java.util.Set<String> known = new java.util.TreeSet<>(view.states().keySet());
        known.addAll(unclean.keySet());
        // What the members up report, with the migrations their records tell across nodes.
        Map<String, Map<String, ResourceState>> up = new TreeMap<>();
        for (String node : known) {
            if (!(fencingConfigured && unclean.containsKey(node)) && view.members().contains(node)
                    && !isFencedMember(node)) {
                up.put(node, new TreeMap<>(reported.getOrDefault(node, Map.of())));
            }
        }
        failAbandonedSources(up);
        Map<String, MigrationStatus> migrations = ReportedMigrations.resolve(up);
        for (String node : known) {
            if (fencingConfigured && unclean.containsKey(node)) {
                nodes.put(node, NodeStatus.unclean(node, unclean.get(node).states(), Map.of()));
                continue;
            }
            boolean online = view.members().contains(node) && !isFencedMember(node);
            Map<String, ResourceState> resources = online ? up.get(node) : Map.of();
            Map<String, String> running = online ? pending.getOrDefault(node, Map.of()) : Map.of();
            if (online && view.leaving().contains(node) && running.isEmpty()) {
                nodes.put(node, NodeStatus.of(node, true, resources, attributes(node), true));
            } else {
                nodes.put(node, NodeStatus.of(node, online, resources, running).withAttributes(attributes(node)));
            }
        }
        return ClusterStatus.of(nodes, view.quorate(), view.dc()).withMigrations(migrations);
    }

    /**
     * True once every member has reported its states in this view, in answer to this DC's query
     * (when this node is DC: a member that joins later reports on joining, and answers too).
     */
    boolean complete() {
        if (view == null) {
            return false;
        }
        // A member fenced while still in the view (its stop failed) is powered off: it will
        // never answer, and what it ran is known stopped; waiting for it would hold recovery
        // until the membership notices it is gone.
        java.util.Set<String> live = new java.util.HashSet<>(view.members());
        live.removeIf(this::isFencedMember);
        return reported.keySet().containsAll(live) && (tenure.isEmpty() || answered.containsAll(live));
    }
}
