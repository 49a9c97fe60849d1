package dev.vigil.policy;

import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;

/** placement-strategy with node capacities and resource needs, as Pacemaker places them. */
class UtilizationTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String NODES = "node n1 utilization cpu=4\nnode n2 utilization cpu=8\nnode n3 utilization cpu=6\n";
    private static final String SIX = "primitive r1 dummy utilization cpu=2\nprimitive r2 dummy utilization cpu=2\n"
            + "primitive r3 dummy utilization cpu=2\nprimitive r4 dummy utilization cpu=2\n"
            + "primitive r5 dummy utilization cpu=2\nprimitive r6 dummy utilization cpu=2\n";

    private static Map<String, String> place(String strategy, String resources, ClusterStatus status) {
        ClusterConfig c = config("property placement-strategy=" + strategy + "\n" + NODES + resources);
        return new TreeMap<>(new PolicyEngine().compute(c, status, NOW).placement());
    }

    private static Map<String, String> place(String strategy, String resources) {
        return place(strategy, resources, status("n1", "n2", "n3"));
    }

    private static long on(Map<String, String> placement, String node) {
        return placement.values().stream().filter(node::equals).count();
    }

    @Test
    void theDefaultStrategyIgnoresCapacitiesAndSpreadsByCount() {
        Map<String, String> p = place("default", SIX + "primitive big dummy utilization cpu=100\n");
        assertEquals(3, on(p, "n1"), p.toString());
        assertEquals("n1", p.get("big"), "utilization is ignored under default, the count decides: " + p);
    }

    @Test
    void utilizationKeepsResourcesOffNodesWithoutEnoughFreeCapacity() {
        // 20 cpu in all, eleven resources of 2: ten run, never more than a node holds
        StringBuilder rs = new StringBuilder();
        for (int i = 10; i <= 20; i++) {
            rs.append("primitive r").append(i).append(" dummy utilization cpu=2\n");
        }
        Map<String, String> p = place("utilization", rs.toString());
        assertTrue(on(p, "n1") <= 2 && on(p, "n2") <= 4 && on(p, "n3") <= 3, p.toString());
        assertEquals(9, p.values().stream().filter(n -> n != null).count(), "4 + 8 + 6 cpu hold nine: " + p);
        assertNull(p.get("r20"), "the last one finds no room: " + p);
    }

    @Test
    void aNodeLackingTheAttributeHasNoneOfIt() {
        Map<String, String> p = place("utilization", "primitive gpu dummy utilization gpu=1\n");
        assertNull(p.get("gpu"));
    }

    @Test
    void balancedPrefersTheNodeWithMostFreeCapacity() {
        Map<String, String> p = place("balanced", SIX);
        // n2 (8 free) first; equal free capacity falls back to the fewest resources (as crm_simulate places them)
        assertEquals(Map.of("r1", "n2", "r2", "n3", "r3", "n2", "r4", "n1", "r5", "n3", "r6", "n2"), p);
    }

    @Test
    void minimalFillsNodesInOrder() {
        Map<String, String> p = place("minimal", SIX);
        assertEquals(2, on(p, "n1"), p.toString());
        assertEquals(4, on(p, "n2"), p.toString());
        assertEquals(0, on(p, "n3"), "the third node stays empty: " + p);
    }

    @Test
    void aGroupNeedsRoomForAllItsMembers() {
        Map<String, String> p = place("utilization", "primitive solo dummy utilization cpu=4\n"
                + "primitive a dummy utilization cpu=3\nprimitive b dummy utilization cpu=3\ngroup g a b\n");
        assertEquals(p.get("a"), p.get("b"));
        assertEquals("n2", p.get("a"), "only n2 has 6 cpu: " + p);
    }

    @Test
    void aResourceColocatedWithInfinityCountsWhenItsPrimaryIsPlaced() {
        Map<String, String> p = place("utilization", "primitive x1 dummy utilization cpu=3\n"
                + "primitive x2 dummy utilization cpu=3\ncolocation c inf: x2 x1\n");
        assertEquals("n2", p.get("x1"), p.toString());
        assertEquals("n2", p.get("x2"), p.toString());
    }

    @Test
    void cloneInstancesGoOnlyWhereTheyFit() {
        Map<String, String> p = place("utilization", "primitive cr dummy utilization cpu=5\nclone c cr\n");
        assertEquals(2, p.entrySet().stream().filter(e -> e.getKey().startsWith("cr") && e.getValue() != null).count(),
                "n1 has only 4 cpu: " + p);
        assertTrue(!p.containsValue("n1"), p.toString());
    }

    @Test
    void stickinessHoldsAResourceWhereItRunsWhileTheNodeHoldsIt() {
        String cfg = "rsc_defaults resource-stickiness=100\nprimitive s1 dummy utilization cpu=2\n"
                + "primitive s2 dummy utilization cpu=2\nprimitive s3 dummy utilization cpu=2\n";
        Map<String, String> p = place("balanced", cfg, status("n1", "n2:s1=STARTED,s2=STARTED,s3=STARTED", "n3"));
        assertEquals(Map.of("s1", "n2", "s2", "n2", "s3", "n2"), p);
    }

    @Test
    void freedCapacityIsUsedOnlyAfterTheStop() {
        // a (higher priority, bound to n2) takes n2's whole capacity: b moves away first
        ClusterConfig c = config("property placement-strategy=utilization\nnode n1 utilization cpu=2\n"
                + "node n2 utilization cpu=2\nprimitive a dummy meta priority=10 utilization cpu=2\n"
                + "primitive b dummy utilization cpu=2\nlocation a-on-n2 a inf: n2\n");
        Transition t = new PolicyEngine().compute(c, status("n1", "n2:b=STARTED"), NOW);
        assertEquals("n2", t.placement().get("a"));
        assertEquals("n1", t.placement().get("b"));
        assertTrue(t.precedence().contains("b:stop@n2 < a:start@n2"), t.precedence().toString());
    }

    @Test
    void capacitiesCompareOneStepPerAttribute() {
        ClusterConfig c = config("node a utilization cpu=4 mem=100\nnode b utilization cpu=2 mem=200\n"
                + "node c utilization cpu=8 mem=300\n");
        Utilization u = new Utilization(c, java.util.List.of("a", "b", "c"));
        assertEquals(0, u.compareFree("a", "b"), "one attribute each way");
        assertTrue(u.compareFree("c", "a") < 0);
        assertTrue(u.fits("a", Map.of("cpu", 4)));
        assertTrue(!u.fits("a", Map.of("cpu", 5)));
        assertTrue(!u.fits("a", Map.of("disk", 1)), "an attribute the node lacks is zero");
    }
}
