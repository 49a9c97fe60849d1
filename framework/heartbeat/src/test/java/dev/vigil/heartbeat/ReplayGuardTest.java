package dev.vigil.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    private final ReplayGuard guard = new ReplayGuard();

    @Test
    void acceptsEachSequenceOnceEvenOutOfOrder() {
        assertNull(guard.check("a", 1, 10));
        assertNull(guard.check("a", 1, 12));
        assertNull(guard.check("a", 1, 11));
        assertEquals(DropReason.REPLAYED, guard.check("a", 1, 11));
        assertEquals(DropReason.REPLAYED, guard.check("a", 1, 12));
    }

    @Test
    void refusesWhatIsOlderThanTheWindow() {
        assertNull(guard.check("a", 1, 100));
        assertNull(guard.check("a", 1, 200));
        assertEquals(DropReason.REPLAYED, guard.check("a", 1, 120));
        assertNull(guard.check("a", 1, 150));
    }

    @Test
    void newIncarnationStartsOverAndOldOneIsRefused() {
        assertNull(guard.check("a", 1, 500));
        assertNull(guard.check("a", 2, 1));
        assertEquals(2, guard.incarnationOf("a"));
        assertEquals(DropReason.OLD_INCARNATION, guard.check("a", 1, 501));
    }

    @Test
    void sendersAreIndependent() {
        assertNull(guard.check("a", 1, 5));
        assertNull(guard.check("b", 1, 5));
        assertEquals(-1, guard.incarnationOf("c"));
    }
}
