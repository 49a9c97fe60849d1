package dev.vigil.policy;

import static dev.vigil.policy.Scenario.actions;
import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.status;
import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;
import dev.vigil.model.Score;

class PolicyEngineTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final PolicyEngine engine = new PolicyEngine();

    private static final String WEB = "primitive web dummy op monitor interval=1s timeout=5s\n";

    @Test
    void probesEverywhereBeforeTheFirstStart() {
        Transition t = engine.compute(config(WEB), status("n1", "n2"), NOW);
        assertEquals(List.of("web_monitor_0 n1", "web_monitor_0 n2", "web_start_0 n1", "web_monitor_1000 n1"),
                actions(t));
        assertEquals(List.of(0, 1), t.dependenciesOf(2), "start waits for both probes");
        assertEquals(List.of(2), t.dependenciesOf(3), "monitor waits for the start");
        assertEquals(List.of("Start web ( n1 )"), summary(t));
    }

    @Test
    void locationPreferenceDecides() {
        Transition t = engine.compute(config(WEB + "location pref web 50: n2\n"),
                status("n1:web=STOPPED", "n2:web=STOPPED"), NOW);
        assertEquals("n2", t.placement().get("web"));
    }

    @Test
    void stickinessKeepsARunningResourceWhereItIs() {
        String cfg = WEB + "rsc_defaults resource-stickiness=100\nlocation pref web 50: n2\n";
        Transition t = engine.compute(config(cfg), status("n1:web=STARTED", "n2:web=STOPPED"), NOW);
        assertEquals("n1", t.placement().get("web"));
        assertEquals(List.of("web_monitor_1000 n1"), actions(t), "only the missing monitor");
    }

    @Test
    void withoutStickinessThePreferenceMovesItStopBeforeStart() {
        String cfg = WEB + "location pref web 50: n2\n";
        Transition t = engine.compute(config(cfg), status("n1:web=STARTED", "n2:web=STOPPED"), NOW);
        assertEquals(List.of("web_stop_0 n1", "web_start_0 n2", "web_monitor_1000 n2"), actions(t));
        assertEquals(List.of(0), t.dependenciesOf(1));
        assertEquals(List.of("Move web ( n1 -> n2 )"), summary(t));
    }

    @Test
    void aDeadNodesResourceStartsElsewhere() {
        Transition t = engine.compute(config(WEB), status("n1!", "n2:web=STOPPED", "n3:web=STOPPED"), NOW);
        assertEquals("n2", t.placement().get("web"));
        assertEquals(List.of("web_start_0 n2", "web_monitor_1000 n2"), actions(t));
    }

    @Test
    void standbyAndNegativeScoresExcludeANode() {
        String cfg = WEB + "node n1 attributes standby=on\nlocation avoid web -10: n2\n";
        Transition t = engine.compute(config(cfg), status("n1:web=STARTED", "n2:web=STOPPED", "n3:web=STOPPED"),
                NOW);
        assertEquals("n3", t.placement().get("web"));
        t = engine.compute(config(cfg), status("n1:web=STARTED", "n2:web=STOPPED"), NOW);
        assertNull(t.placement().get("web"), "no eligible node: stopped");
        assertEquals(List.of("web_stop_0 n1"), actions(t));
    }

    @Test
    void aFailedResourceIsRecoveredInPlaceBelowTheThreshold() {
        String cfg = WEB + "rsc_defaults resource-stickiness=100 migration-threshold=3\n";
        Transition t = engine.compute(config(cfg), status("n1:web=FAILED/1", "n2:web=STOPPED"), NOW);
        assertEquals(List.of("web_stop_0 n1", "web_start_0 n1", "web_monitor_1000 n1"), actions(t));
        assertEquals(List.of("Recover web ( n1 )"), summary(t));
    }

    @Test
    void reachingTheThresholdMovesIt() {
        String cfg = WEB + "rsc_defaults resource-stickiness=100 migration-threshold=3\n";
        Transition t = engine.compute(config(cfg), status("n1:web=FAILED/3", "n2:web=STOPPED"), NOW);
        assertEquals(List.of("web_stop_0 n1", "web_start_0 n2", "web_monitor_1000 n2"), actions(t));
    }

    @Test
    void aNodeWithoutTheAgentIsNeitherProbedNorUsed() {
        Transition t = engine.compute(config(WEB), status("n1:web=AGENT_MISSING", "n2"), NOW);
        assertEquals(List.of("web_monitor_0 n2", "web_start_0 n2", "web_monitor_1000 n2"), actions(t));
        t = engine.compute(config(WEB), status("n1:web=AGENT_MISSING"), NOW);
        assertTrue(t.isEmpty(), "nowhere to run it: nothing to do");
    }

    @Test
    void failuresOlderThanFailureTimeoutNoLongerCount() {
        String cfg = WEB + "rsc_defaults migration-threshold=1 failure-timeout=60s\n";
        Map<String, ResourceState> failedLongAgo = Map.of("web", ResourceState.of(ResourceRole.STOPPED, 1,
                NOW.minusSeconds(61), "monitor failed", java.time.Duration.ZERO));
        Map<String, ResourceState> failedJustNow = Map.of("web", ResourceState.of(ResourceRole.STOPPED, 1,
                NOW.minusSeconds(59), "monitor failed", java.time.Duration.ZERO));
        ClusterStatus expired = ClusterStatus.of(Map.of("n1", NodeStatus.of("n1", true, failedLongAgo)), true, "n1");
        ClusterStatus recent = ClusterStatus.of(Map.of("n1", NodeStatus.of("n1", true, failedJustNow)), true, "n1");
        assertEquals("n1", engine.compute(config(cfg), expired, NOW).placement().get("web"));
        assertNull(engine.compute(config(cfg), recent, NOW).placement().get("web"));
    }

    @Test
    void aStartStillRunningOnANodeIsNeitherRepeatedElsewhereNorUndone() {
        // The DC that sent the start died; the node has not answered yet. A new DC must wait.
        Map<String, NodeStatus> nodes = new LinkedHashMap<>();
        nodes.put("n1", NodeStatus.of("n1", true, Map.of("web", ResourceState.of(ResourceRole.STOPPED)),
                Map.of("web", "start")));
        nodes.put("n2", NodeStatus.of("n2", true, Map.of("web", ResourceState.of(ResourceRole.STOPPED))));
        Transition t = engine.compute(config(WEB + "location pref web 100: n2\n"),
                ClusterStatus.of(nodes, true, "n2"), NOW);
        assertTrue(t.actions().isEmpty(), "no action while the start is pending: " + actions(t));
        assertEquals("n1", t.placement().get("web"), "counted as where it is starting");
        assertTrue(t.explain("web").get(0).contains("still running on [n1]"), t.explain("web").toString());
    }

    private static ClusterStatus failedOn(String node, String action, String otherNode) {
        Map<String, NodeStatus> nodes = new LinkedHashMap<>();
        nodes.put(node, NodeStatus.of(node, true, Map.of("web", ResourceState.failedBy(ResourceRole.FAILED, 1, NOW,
                action + " failed", action, action.equals("monitor") ? java.time.Duration.ofSeconds(1)
                        : java.time.Duration.ZERO))));
        nodes.put(otherNode, NodeStatus.of(otherNode, true, Map.of("web", ResourceState.of(ResourceRole.STOPPED))));
        return ClusterStatus.of(nodes, true, node);
    }

    @Test
    void onFailFenceWithoutFencingStopsAndLeavesItStopped() {
        String cfg = "property stonith-enabled=false\n"
                + "primitive web dummy op monitor interval=1s timeout=5s on-fail=fence\n";
        Transition t = engine.compute(config(cfg), failedOn("n1", "monitor", "n2"), NOW);
        assertNull(t.placement().get("web"), "as crm_simulate 2.1.5 decides: stopped, not recovered");
        assertEquals(List.of("web_stop_0 n1"), actions(t));
    }

    @Test
    void onFailBlockAndIgnoreApplyToFailuresReportedLive() {
        String block = "primitive web dummy op monitor interval=1s timeout=5s on-fail=block\n";
        assertTrue(engine.compute(config(block), failedOn("n1", "monitor", "n2"), NOW).actions().isEmpty(),
                "blocked: nothing may be done to it");
        String ignore = "primitive web dummy op monitor interval=1s timeout=5s on-fail=ignore\n";
        Transition t = engine.compute(config(ignore), failedOn("n1", "monitor", "n2"), NOW);
        assertEquals("n1", t.placement().get("web"));
        assertTrue(t.changes().isEmpty(), "the failure changes nothing: " + summary(t));
    }

    @Test
    void aFailedStartCountsAsItsNodeReportsIt() {
        // start-failure-is-fatal is the node's to apply (its executor reports the count
        // INFINITY, as Pacemaker's controller sets it); the engine reads only the fail count.
        String cfg = "primitive web dummy\n";
        ClusterStatus fatal = failedOn("n1", "start", "n2");
        Map<String, NodeStatus> nodes = new LinkedHashMap<>(fatal.nodes());
        nodes.put("n1", NodeStatus.of("n1", true, Map.of("web", fatal.nodes().get("n1").resource("web")
                .withFailCount(Score.INFINITY))));
        assertEquals("n2", engine.compute(config(cfg), ClusterStatus.of(nodes, true, "n1"), NOW).placement()
                .get("web"), "a fail count of INFINITY keeps it off the node");
        String sticky = "rsc_defaults resource-stickiness=100\n" + cfg;
        assertEquals("n1", engine.compute(config(sticky), failedOn("n1", "start", "n2"), NOW).placement().get("web"),
                "one failure below the threshold: recovered in place");
    }

    @Test
    void targetRoleStoppedStopsIt() {
        Transition t = engine.compute(config(WEB.trim() + " meta target-role=Stopped\n"),
                status("n1:web=STARTED", "n2:web=STOPPED"), NOW);
        assertEquals(List.of("web_stop_0 n1"), actions(t));
    }

    @Test
    void activeOnTwoNodesIsStoppedOnAllButOne() {
        String cfg = WEB + "rsc_defaults resource-stickiness=100\n";
        Transition t = engine.compute(config(cfg), status("n1:web=STARTED", "n2:web=STARTED"), NOW);
        assertEquals("n1", t.placement().get("web"));
        assertTrue(actions(t).contains("web_stop_0 n2"));
    }

    @Test
    void withoutQuorumEverythingStopsByDefaultAndFreezeKeepsIt() {
        ClusterStatus noQuorum = ClusterStatus.of(status("n1:web=STARTED").nodes(), false, null);
        assertEquals(List.of("web_stop_0 n1"), actions(engine.compute(config(WEB), noQuorum, NOW)));
        Transition frozen = engine.compute(config(WEB + "property no-quorum-policy=freeze\n"), noQuorum, NOW);
        assertEquals("n1", frozen.placement().get("web"));
    }

    @Test
    void resourcesSpreadOverNodesWhenScoresTie() {
        String cfg = "primitive a dummy\nprimitive b dummy\nprimitive c dummy\n";
        Transition t = engine.compute(config(cfg), status("n1:a=STOPPED,b=STOPPED,c=STOPPED",
                "n2:a=STOPPED,b=STOPPED,c=STOPPED", "n3:a=STOPPED,b=STOPPED,c=STOPPED"), NOW);
        assertEquals(Map.of("a", "n1", "b", "n2", "c", "n3"), t.placement());
    }

    @Test
    void sameInputSameOutput() {
        String cfg = WEB + "primitive db dummy\nlocation pref web 10: n2\n";
        ClusterStatus s = status("n1", "n2:web=STARTED", "n3!");
        List<String> first = new ArrayList<>(actions(engine.compute(config(cfg), s, NOW)));
        for (int i = 0; i < 20; i++) {
            assertEquals(first, actions(engine.compute(config(cfg), s, NOW)));
        }
    }
}
