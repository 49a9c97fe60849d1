package dev.vigil.policy;

import static dev.vigil.policy.Scenario.actions;
import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.revised;
import static dev.vigil.policy.Scenario.status;
import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Maintenance: a resource in maintenance (meta {@code maintenance=true}) or running on a node
 * in maintenance (node attribute {@code maintenance}) is left alone, unmanaged, where it is;
 * nothing new starts on a node in maintenance. An unmanaged resource is left alone where it ran,
 * even on a node that left the cluster.
 */
class MaintenanceTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final PolicyEngine engine = new PolicyEngine();

    @Test
    void aResourceInMaintenanceStaysAsItIsEvenWhenDisabled() {
        Transition t = engine.compute(config("primitive web dummy meta maintenance=true target-role=Stopped\n"),
                status("n1:web=STARTED", "n2:web=STOPPED"), NOW);
        assertEquals(List.of(), summary(t));
        assertEquals(List.of(), actions(t));
        assertEquals(List.of("web Started (disabled, unmanaged) n1"), revised(t));
    }

    @Test
    void whatRunsOnANodeInMaintenanceIsLeftAloneAndNothingMovesThere() {
        String cfg = "primitive web dummy\nprimitive db dummy\nnode n2 attributes maintenance=true\n"
                + "location web-on-n2 web 100: n2\nlocation no-db-on-n2 db -INFINITY: n2\n";
        Transition t = engine.compute(config(cfg), status("n1:web=STARTED,db=STOPPED", "n2:web=STOPPED,db=STARTED"),
                NOW);
        assertEquals(List.of(), summary(t), "web does not move to n2; db, banned there, is not stopped there");
        assertEquals(List.of("web Started n1", "db Started (unmanaged) n2"), revised(t));
    }

    @Test
    void whatRanOnANodeInMaintenanceCountsAsRunningThereWhileTheNodeIsDown() {
        String cfg = "primitive web dummy\nnode n2 attributes maintenance=true\n";
        Transition t = engine.compute(config(cfg), status("n1:web=STOPPED", "n2!:web=STARTED"), NOW);
        assertEquals(List.of(), summary(t), "not started on n1: it may still run on n2");
        assertEquals(List.of("web Started (unmanaged) n2"), revised(t));
    }
    @Test
    void anUnmanagedResourceOnANodeThatLeftCleanlyStillCountsAsRunningThere() {
        String cfg = "property stonith-enabled=false\nprimitive web dummy meta is-managed=false\n";
        Transition t = engine.compute(config(cfg), status("n1:web=STOPPED", "n2!:web=STARTED"), NOW);
        assertEquals(List.of(), summary(t), "not started on n1: it may still run on n2");
        assertEquals(List.of("web Started (unmanaged) n2"), revised(t));
    }
}
