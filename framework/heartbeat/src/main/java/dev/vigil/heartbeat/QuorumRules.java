package dev.vigil.heartbeat;

/**
 * When a partition holds quorum, with Corosync votequorum's options for small clusters.
 * <ul>
 * <li>Majority (the default): more than half of the expected votes, one vote a node.</li>
 * <li>{@code two_node}: in a cluster of exactly two nodes, one node alone is quorate, so that
 * the survivor of a failed peer keeps running. Both halves of a split are then quorate: this is
 * safe only where fencing decides which half survives.</li>
 * <li>{@code wait_for_all} (on by default with two_node): quorum is granted for the first time
 * only once every expected node has been seen together, so that two nodes booted apart (a
 * broken link from the start) never both run resources.</li>
 * </ul>
 * Stateful only in "has every node been seen together yet"; not thread-safe.
 */
public final class QuorumRules {
    private final int expectedVotes;
    private final boolean twoNode;
    private final boolean waitForAll;
    private boolean seenAll;

    private QuorumRules(int expectedVotes, boolean twoNode, boolean waitForAll) {
        if (expectedVotes <= 0) {
            throw new IllegalArgumentException("expected votes must be positive, not " + expectedVotes);
        }
        if (twoNode && expectedVotes != 2) {
            throw new IllegalArgumentException("two_node needs exactly two nodes, not " + expectedVotes);
        }
        this.expectedVotes = expectedVotes;
        this.twoNode = twoNode;
        this.waitForAll = waitForAll;
    }

    public static QuorumRules majority(int expectedVotes) {
        return new QuorumRules(expectedVotes, false, false);
    }

    public static QuorumRules of(int expectedVotes, boolean twoNode, boolean waitForAll) {
        return new QuorumRules(expectedVotes, twoNode, waitForAll);
    }

    public int expectedVotes() {
        return expectedVotes;
    }

    /** Is a partition of {@code members} nodes together now quorate? Also records having seen all. */
    public boolean quorate(int members) {
        if (members >= expectedVotes) {
            seenAll = true;
        }
        return allows(members);
    }

    /** The same question without recording anything (for the lease, which counts peers heard lately). */
    public boolean allows(int members) {
        if (waitForAll && !seenAll && members < expectedVotes) {
            return false;
        }
        return twoNode ? members >= 1 : Quorum.isQuorate(members, expectedVotes);
    }
}
