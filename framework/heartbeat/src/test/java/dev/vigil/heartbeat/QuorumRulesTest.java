package dev.vigil.heartbeat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuorumRulesTest {
    @Test
    void majorityIsMoreThanHalf() {
        QuorumRules q = QuorumRules.majority(4);
        assertFalse(q.quorate(2), "2 of 4 is a tie, not a majority");
        assertTrue(q.quorate(3));
        assertFalse(QuorumRules.majority(2).quorate(1));
    }

    @Test
    void twoNodeLetsOneNodeKeepQuorumOnceBothWereSeen() {
        QuorumRules q = QuorumRules.of(2, true, true);
        assertFalse(q.quorate(1), "wait_for_all: not before both were seen together");
        assertTrue(q.quorate(2));
        assertTrue(q.quorate(1), "then one alone keeps quorum");
        assertTrue(q.allows(1));
    }

    @Test
    void twoNodeWithoutWaitForAllIsQuorateAloneFromTheStart() {
        assertTrue(QuorumRules.of(2, true, false).quorate(1));
    }

    @Test
    void waitForAllAlsoHoldsBackAMajority() {
        QuorumRules q = QuorumRules.of(3, false, true);
        assertFalse(q.quorate(2), "2 of 3 booted apart from the third: not yet");
        assertTrue(q.quorate(3));
        assertTrue(q.quorate(2), "a majority after all were seen");
        assertFalse(q.quorate(1));
    }

    @Test
    void allowsRecordsNothing() {
        QuorumRules q = QuorumRules.of(2, true, true);
        assertTrue(q.allows(2));
        assertFalse(q.allows(1), "asking about 2 did not count as seeing both");
    }

    @Test
    void twoNodeNeedsTwoNodes() {
        assertThrows(IllegalArgumentException.class, () -> QuorumRules.of(3, true, true));
    }
}
