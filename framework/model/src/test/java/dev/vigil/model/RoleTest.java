package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class RoleTest {
    @Test
    void legacyNamesAndAnyCaseParseToTheCurrentRoles() {
        assertEquals(Role.PROMOTED, Role.parse("Master"));
        assertEquals(Role.UNPROMOTED, Role.parse("Slave"));
        assertEquals(Role.PROMOTED, Role.parse("promoted"));
        assertEquals(Role.STARTED, Role.parse("started"));
        assertEquals(Role.STOPPED, Role.parse("Stopped"));
        assertNull(Role.parse(null), "no role given");
        assertEquals("Promoted", Role.PROMOTED.toString(), "written with Pacemaker's current name");
    }

    @Test
    void aValueThatNamesNoRoleIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Role.parse("Primary"));
        assertTrue(e.getMessage().contains("'Primary'"), e.getMessage());
    }

    @Test
    void constraintsAndOperationsCarryTheirRolesParsed() {
        Colocation c = Colocation.of("c", "db", "ip", Score.POSITIVE_INFINITY, "Master", "started");
        assertEquals(Role.PROMOTED, c.dependentRole());
        assertEquals(Role.STARTED, c.primaryRole());
        assertEquals("Master", c.role(), "the role as written stays available");
        assertEquals(Role.UNPROMOTED, LocationConstraint.of("l", "db", "a", Score.of(5), "Slave").forRole());
        assertEquals(Role.STOPPED, Operation.of("monitor", Duration.ofSeconds(5), Duration.ofSeconds(20), null,
                "Stopped", true).forRole());
        assertNull(TicketConstraint.of("t", "T", "db", "Started", null).forRole(), "Started means any role");
        assertEquals(Role.PROMOTED, Rule.of("r", Score.of(1), null, "Promoted", true, List.of(), List.of()).forRole());
    }
}
