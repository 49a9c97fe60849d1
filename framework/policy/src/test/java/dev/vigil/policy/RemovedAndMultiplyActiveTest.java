package dev.vigil.policy;

import static dev.vigil.policy.Scenario.actions;
import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.revised;
import static dev.vigil.policy.Scenario.status;
import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * Resources removed from the configuration while running (stopped unless
 * stop-orphan-resources=false), and resources found active on several nodes (by their
 * multiple-active policy).
 */
class RemovedAndMultiplyActiveTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final PolicyEngine engine = new PolicyEngine();

    /** web is configured; old-ip, no longer configured, still runs on n2. */
    private static ClusterStatus withRemovedResource() {
        Map<String, NodeStatus> nodes = new LinkedHashMap<>();
        nodes.put("n1", NodeStatus.of("n1", true, Map.of("web", ResourceState.of(ResourceRole.STARTED))));
        nodes.put("n2", NodeStatus.of("n2", true, Map.of("web", ResourceState.of(ResourceRole.STOPPED),
                "old-ip", ResourceState.of(ResourceRole.STARTED).withAgent("ocf:heartbeat:IPaddr2"))));
        return ClusterStatus.of(nodes, true, "n1");
    }

    @Test
    void aRemovedResourceStillRunningIsStoppedAndNeverProbed() {
        Transition t = engine.compute(config("primitive web dummy\n"), withRemovedResource(), NOW);
        assertEquals(List.of("Stop old-ip ( n2 )"), summary(t));
        assertEquals(List.of("old-ip_stop_0 n2"), actions(t));
        assertEquals(List.of("web Started n1"), revised(t));
    }

    @Test
    void withStopOrphanResourcesFalseItIsLeftRunningUnmanaged() {
        Transition t = engine.compute(config("property stop-orphan-resources=false\nprimitive web dummy\n"),
                withRemovedResource(), NOW);
        assertEquals(List.of(), summary(t));
        assertTrue(revised(t).contains("old-ip ORPHANED Started (unmanaged) n2"), revised(t).toString());
    }

    @Test
    void multiplyActiveByDefaultStopsEverywhereAndStartsOnOneNode() {
        Transition t = engine.compute(config("primitive web dummy\n"), status("n1:web=STARTED", "n2:web=STARTED"),
                NOW);
        assertEquals(List.of("Restart web ( n1 )"), summary(t));
    }

    @Test
    void multiplyActiveWithStopOnlyStopsEverywhereAndLeavesItStopped() {
        Transition t = engine.compute(config("primitive web dummy meta multiple-active=stop_only\n"),
                status("n1:web=STARTED", "n2:web=STARTED"), NOW);
        assertEquals(List.of("Stop web ( n1 )", "Stop web ( n2 )"), summary(t));
        assertEquals(List.of(), revised(t));
    }

    @Test
    void multiplyActiveWithBlockLeavesItAloneBlockedWithItsGroup() {
        Transition t = engine.compute(config("primitive web dummy\nprimitive db dummy\n"
                + "group g web db meta multiple-active=block\n"),
                status("n1:web=STARTED,db=STARTED", "n2:web=STARTED,db=STOPPED"), NOW);
        assertEquals(List.of(), summary(t));
        assertEquals(List.of(), actions(t));
        assertEquals(List.of("web Started (blocked) n1", "web Started (blocked) n2", "db Started (blocked) n1"),
                revised(t));
    }

    /**
     * n2 reported first: Pacemaker words a multiply active resource from the first node to report
     * it, so one that goes to n1 (where it is active too) moves from n2; a primitive promoted on
     * n2 (its agent's role) names both roles.
     */
    @Test
    void multiplyActiveIsWordedFromTheFirstNodeToReportIt() {
        Map<String, NodeStatus> nodes = new LinkedHashMap<>();
        nodes.put("n1", NodeStatus.of("n1", true, Map.of("web", ResourceState.of(ResourceRole.STARTED))));
        nodes.put("n2", NodeStatus.of("n2", true, Map.of("web", ResourceState.of(ResourceRole.STARTED))));
        String cfg = "primitive web dummy\nlocation pref web 50: n1\n";
        Transition t = engine.compute(config(cfg), ClusterStatus.of(nodes, true, "n1", List.of("n2", "n1")), NOW);
        assertEquals(List.of("Move web ( n2 -> n1 )"), summary(t));
        assertEquals(List.of("web Started n1"), revised(t));

        t = engine.compute(config(cfg), ClusterStatus.of(nodes, true, "n1", List.of("n1", "n2")), NOW);
        assertEquals(List.of("Restart web ( n1 )"), summary(t), "from n1, where it starts again");

        nodes.put("n2", NodeStatus.of("n2", true, Map.of("web", ResourceState.of(ResourceRole.PROMOTED))));
        t = engine.compute(config(cfg), ClusterStatus.of(nodes, true, "n1", List.of("n2", "n1")), NOW);
        assertEquals(List.of("Move web ( Promoted n2 -> Started n1 )"), summary(t));
    }
}
