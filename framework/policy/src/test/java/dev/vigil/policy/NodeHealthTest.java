package dev.vigil.policy;

import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/** node-health-strategy turns the #health-* node attributes into a location score for every resource. */
class NodeHealthTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final PolicyEngine engine = new PolicyEngine();

    /** web runs on n1, whose health attribute says {@code n1Health}; n2 is healthy. */
    private static ClusterStatus status(String n1Health) {
        Map<String, NodeStatus> nodes = new LinkedHashMap<>();
        nodes.put("n1", NodeStatus.of("n1", true, Map.of("web", ResourceState.of(ResourceRole.STARTED)),
                Map.of("#health-disk", n1Health), false));
        nodes.put("n2", NodeStatus.of("n2", true, Map.of("web", ResourceState.of(ResourceRole.STOPPED)),
                Map.of("#health-disk", "green"), false));
        return ClusterStatus.of(nodes, true, "n1");
    }

    private List<String> decide(String strategy, String health, String more) {
        String cfg = "property node-health-strategy=" + strategy + "\nproperty node-health-yellow=-100\n"
                + "rsc_defaults resource-stickiness=50\nprimitive web dummy" + more + "\n";
        return summary(engine.compute(config(cfg), status(health), NOW));
    }

    @Test
    void migrateOnRedMovesAwayFromARedNodeOnly() {
        assertEquals(List.of("Move web ( n1 -> n2 )"), decide("migrate-on-red", "red", ""));
        assertEquals(List.of(), decide("migrate-on-red", "yellow", ""));
    }

    @Test
    void onlyGreenMovesAwayFromAYellowNodeToo() {
        assertEquals(List.of("Move web ( n1 -> n2 )"), decide("only-green", "yellow", ""));
    }

    @Test
    void progressiveCountsTheConfiguredScoreOfEachColour() {
        assertEquals(List.of("Move web ( n1 -> n2 )"), decide("progressive", "yellow", ""),
                "yellow counts -100, more than the stickiness of 50");
    }

    @Test
    void noStrategyIgnoresHealth() {
        assertEquals(List.of(), decide("none", "red", ""));
    }

    @Test
    void aResourceThatAllowsUnhealthyNodesStays() {
        assertEquals(List.of(), decide("migrate-on-red", "red", " meta allow-unhealthy-nodes=true"));
    }
}
