package dev.vigil.cluster;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** One numbered view: who is a member, whether it has quorum, and who coordinates. */
public final class MembershipView {
    private final long number;
    private final String localNode;
    private final SortedSet<String> members;
    private final Map<String, NodeState> states;
    private final int expectedVotes;
    private final boolean quorate;
    private final String dc;
    private final boolean agreed;
    private final Map<String, Long> incarnations;
    private final boolean leaseHeld;
    private final SortedSet<String> leaving;

    private MembershipView(long number, String localNode, SortedSet<String> members, Map<String, NodeState> states,
            int expectedVotes, boolean quorate, String dc, boolean agreed, Map<String, Long> incarnations,
            boolean leaseHeld, SortedSet<String> leaving) {
        this.leaseHeld = leaseHeld;
        this.leaving = Collections.unmodifiableSortedSet(new TreeSet<>(leaving));
        this.number = number;
        this.localNode = Objects.requireNonNull(localNode);
        this.members = Collections.unmodifiableSortedSet(new TreeSet<>(members));
        this.states = Collections.unmodifiableMap(new TreeMap<>(states));
        this.expectedVotes = expectedVotes;
        this.quorate = quorate;
        this.dc = dc;
        this.agreed = agreed;
        this.incarnations = Collections.unmodifiableMap(new TreeMap<>(incarnations));
    }

    public static MembershipView of(long number, String localNode, SortedSet<String> members,
            Map<String, NodeState> states, int expectedVotes, boolean quorate, String dc, boolean agreed,
            Map<String, Long> incarnations) {
        return new MembershipView(number, localNode, members, states, expectedVotes, quorate, dc, agreed,
                incarnations, quorate, new TreeSet<>());
    }

    /** @param leaseHeld this node heard from a majority within its lease (see {@link #leaseHeld()}) */
    public static MembershipView of(long number, String localNode, SortedSet<String> members,
            Map<String, NodeState> states, int expectedVotes, boolean quorate, String dc, boolean agreed,
            Map<String, Long> incarnations, boolean leaseHeld) {
        return new MembershipView(number, localNode, members, states, expectedVotes, quorate, dc, agreed,
                incarnations, leaseHeld, new TreeSet<>());
    }

    /** The same view with these members marked as shutting down. */
    public MembershipView withLeaving(java.util.Set<String> leavingMembers) {
        return new MembershipView(number, localNode, members, states, expectedVotes, quorate, dc, agreed,
                incarnations, leaseHeld, new TreeSet<>(leavingMembers));
    }

    /**
     * Members that are shutting down cleanly: everything they run must be stopped or moved
     * before they leave (Pacemaker's shutdown), and none of them is chosen as DC while another
     * member can be.
     */
    public SortedSet<String> leaving() {
        return leaving;
    }

    /**
     * Peers making a majority with this node vouch for it: each has it in its installed view and
     * has read a frame it sent within the lease. Without it, the node stops everything it runs:
     * the majority may soon start those resources elsewhere.
     */
    public boolean leaseHeld() {
        return leaseHeld;
    }

    public long number() {
        return number;
    }

    public String localNode() {
        return localNode;
    }

    public SortedSet<String> members() {
        return members;
    }

    /** Every configured or heard node with its liveness, sorted by name. */
    public Map<String, NodeState> states() {
        return states;
    }

    public int expectedVotes() {
        return expectedVotes;
    }

    public boolean quorate() {
        return quorate;
    }

    /** The designated coordinator of a quorate view, or null. */
    public String dc() {
        return dc;
    }

    /**
     * The view is settled: its coordinator saw every member confirm it and every node left out
     * of it has surely lost its lease (at a member: what the coordinator announces).
     */
    public boolean agreed() {
        return agreed;
    }

    /** Each member's incarnation (higher at every start); a new incarnation is a new process. */
    public Map<String, Long> incarnations() {
        return incarnations;
    }

    /**
     * True when this node may act as coordinator: it is the DC of a quorate, agreed view and
     * holds its lease (a DC cut off from the majority stops deciding before another takes over).
     */
    public boolean isLocalDc() {
        return quorate && agreed && leaseHeld && localNode.equals(dc);
    }

    /** Same members, incarnations, quorum and DC: nothing a listener must react to changed. */
    public boolean sameMembership(MembershipView o) {
        return o != null && members.equals(o.members) && incarnations.equals(o.incarnations)
                && quorate == o.quorate && java.util.Objects.equals(dc, o.dc) && agreed == o.agreed
                && leaseHeld == o.leaseHeld && leaving.equals(o.leaving);
    }


    @Override
    public String toString() {
        return "view " + number + " " + members + (quorate ? " quorate" : " no-quorum") + " dc=" + dc
                + (agreed ? "" : " (settling)") + (leaseHeld ? "" : " LEASE LOST")
                + (leaving.isEmpty() ? "" : " leaving=" + leaving);
    }
}
