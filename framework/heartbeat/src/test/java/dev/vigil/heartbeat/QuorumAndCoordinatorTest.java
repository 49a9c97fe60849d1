package dev.vigil.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class QuorumAndCoordinatorTest {

    @Test
    void majorityOfExpectedVotes() {
        assertTrue(Quorum.isQuorate(2, 3));
        assertFalse(Quorum.isQuorate(1, 3));
        assertFalse(Quorum.isQuorate(2, 4), "an even split has no quorum on either side");
        assertTrue(Quorum.isQuorate(3, 4));
        assertTrue(Quorum.isQuorate(1, 1));
        assertThrows(IllegalArgumentException.class, () -> Quorum.isQuorate(1, 0));
    }

    @Test
    void neverTwoQuoratePartitions() {
        for (int expected = 1; expected <= 32; expected++) {
            for (int a = 0; a <= expected; a++) {
                assertFalse(Quorum.isQuorate(a, expected) && Quorum.isQuorate(expected - a, expected));
            }
        }
    }

    @Test
    void coordinatorIsTheLongestRunningMember() {
        assertEquals("n3", Coordinator.choose(Map.of("n1", 300L, "n2", 200L, "n3", 100L)));
    }

    @Test
    void tiesGoToTheFirstName() {
        assertEquals("a", Coordinator.choose(Map.of("b", 100L, "a", 100L)));
    }

    @Test
    void aRestartedNodeDoesNotTakeTheRoleBack() {
        Map<String, Long> before = Map.of("n1", 100L, "n2", 200L);
        assertEquals("n1", Coordinator.choose(before));
        assertEquals("n2", Coordinator.choose(Map.of("n2", 200L)), "n1 died");
        assertEquals("n2", Coordinator.choose(Map.of("n1", 900L, "n2", 200L)), "n1 back with a new incarnation");
        assertNull(Coordinator.choose(Map.of()));
    }
}
