package dev.vigil.policy;

import static dev.vigil.policy.Scenario.actions;
import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.status;
import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A mandatory order between stops: the second cannot run while the first is blocked (a stop failed). */
class BlockedStopOrderTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aStopOrderedAfterABlockedStopIsBlockedToo() {
        String cfg = "property stonith-enabled=false\nprimitive db dummy\nprimitive web dummy meta target-role=Stopped\n"
                + "order db-stops-first Mandatory: db:stop web:stop\n";
        Transition t = new PolicyEngine().compute(config(cfg), status("n1:db=BLOCKED,web=STARTED"), NOW);
        assertEquals(List.of("Stop (blocked) web ( n1 )"), summary(t));
        assertEquals(List.of(), actions(t));
    }

    @Test
    void withoutTheOrderItStops() {
        String cfg = "property stonith-enabled=false\nprimitive db dummy\nprimitive web dummy meta target-role=Stopped\n";
        Transition t = new PolicyEngine().compute(config(cfg), status("n1:db=BLOCKED,web=STARTED"), NOW);
        assertEquals(List.of("Stop web ( n1 )"), summary(t));
    }
}
