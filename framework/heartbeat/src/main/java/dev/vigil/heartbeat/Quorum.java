package dev.vigil.heartbeat;

/** Majority quorum: a partition holds quorum when it has more than half the expected votes. */
public final class Quorum {
    private Quorum() {
    }

    /** One vote a node; quorate when {@code 2 * members > expectedVotes}. */
    public static boolean isQuorate(int members, int expectedVotes) {
        if (expectedVotes <= 0) {
            throw new IllegalArgumentException("expected votes must be positive, not " + expectedVotes);
        }
        return 2L * members > expectedVotes;
    }
}
