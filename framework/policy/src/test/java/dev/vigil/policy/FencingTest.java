package dev.vigil.policy;

import static dev.vigil.policy.Scenario.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/** Fencing in the transition, as Pacemaker does it, on small hand-built clusters. */
class FencingTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DEVICE = "primitive fence1 stonith:fence_dummy params pcmk_host_list=\"n1 n2 n3\"\n";
    private static final String WEB = "primitive web dummy\n";

    private final PolicyEngine engine = new PolicyEngine();

    private static Map<String, ResourceState> running(String... resources) {
        Map<String, ResourceState> m = new LinkedHashMap<>();
        for (String r : resources) {
            m.put(r, ResourceState.of(ResourceRole.STARTED));
        }
        return m;
    }

    private static Map<String, ResourceState> stopped(String... resources) {
        Map<String, ResourceState> m = new LinkedHashMap<>();
        for (String r : resources) {
            m.put(r, ResourceState.of(ResourceRole.STOPPED));
        }
        return m;
    }

    private static ClusterStatus cluster(boolean quorate, NodeStatus... nodes) {
        Map<String, NodeStatus> m = new LinkedHashMap<>();
        for (NodeStatus n : nodes) {
            m.put(n.name(), n);
        }
        return ClusterStatus.of(m, quorate, "n1");
    }

    /** n2 lost with web running; n1 and n3 know web is stopped there and run the device. */
    private static ClusterStatus n2Lost() {
        Map<String, ResourceState> n1 = stopped("web");
        n1.put("fence1", ResourceState.of(ResourceRole.STARTED));
        return cluster(true, NodeStatus.of("n1", true, n1), NodeStatus.unclean("n2", running("web"), Map.of()),
                NodeStatus.of("n3", true, stopped("web", "fence1")));
    }

    private static Action only(Transition t, Action.Kind kind, String resource) {
        List<Action> found = t.actions().stream().filter(a -> a.kind() == kind && a.resource().equals(resource))
                .collect(Collectors.toList());
        assertEquals(1, found.size(), kind + " " + resource + " in " + t.actions());
        return found.get(0);
    }

    private static Action fenceOf(Transition t, String node) {
        return t.actions().stream().filter(a -> a.kind() == Action.Kind.FENCE && a.node().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError("no fence of " + node + " in " + t.actions()));
    }

    private static boolean before(Transition t, Action first, Action then) {
        List<Integer> todo = new ArrayList<>(t.dependenciesOf(then.id()));
        while (!todo.isEmpty()) {
            int id = todo.remove(todo.size() - 1);
            if (id == first.id()) {
                return true;
            }
            todo.addAll(t.dependenciesOf(id));
        }
        return false;
    }

    @Test
    void aLostNodeIsFencedBeforeItsResourceStartsElsewhere() {
        Transition t = engine.compute(config(DEVICE + WEB), n2Lost(), NOW);
        Action fence = only(t, Action.Kind.FENCE, "");
        assertEquals("n2", fence.node());
        assertEquals("reboot", fence.fenceAction());
        assertEquals(Duration.ofSeconds(60), fence.timeout(), "stonith-timeout's default");
        Action stop = only(t, Action.Kind.STOP, "web");
        assertTrue(stop.pseudo(), "the stop on n2 is implied by the fence, never run");
        Action start = only(t, Action.Kind.START, "web");
        assertFalse(start.node().equals("n2"));
        assertTrue(before(t, fence, start), "web starts only after n2 is fenced");
        assertTrue(before(t, fence, stop));
        assertEquals("Fence (reboot) n2 'peer is no longer part of the cluster'", t.changes().get(0).toString());
        assertTrue(Scenario.summary(t).contains("Move web ( n2 -> " + start.node() + " )"), Scenario.summary(t).toString());
    }

    @Test
    void theGraphRunnerHandsOutTheFenceThenTheStartNeverTheImpliedStop() {
        Transition t = engine.compute(config(DEVICE + WEB), n2Lost(), NOW);
        GraphRunner runner = new GraphRunner(t);
        List<Action> first = runner.ready();
        assertEquals(List.of("stonith 'reboot' n2"), first.stream().map(Action::toString).collect(Collectors.toList()));
        runner.completed(first.get(0).id(), true);
        List<Action> next = runner.ready();
        assertTrue(next.stream().noneMatch(Action::pseudo));
        assertEquals(List.of(Action.Kind.START), next.stream().map(Action::kind).collect(Collectors.toList()));
    }

    @Test
    void withStonithDisabledALostNodeIsOfflineAndNothingIsFenced() {
        ClusterConfig c = config("property stonith-enabled=false\n" + DEVICE + WEB);
        Transition t = engine.compute(c, n2Lost(), NOW);
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.FENCE), t.toString());
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.STOP), "its resources count as stopped");
        assertEquals(List.of("Start web ( n3 )"), Scenario.summary(t), "n1 runs the device already");
    }

    @Test
    void withoutAFencingDeviceNothingIsFenced() {
        Transition t = engine.compute(config(WEB), n2Lost(), NOW);
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.FENCE), t.toString());
    }

    @Test
    void aFailedStopFencesTheNodeAndRecoversElsewhere() {
        Map<String, ResourceState> n2 = new LinkedHashMap<>();
        n2.put("web", ResourceState.failedBy(ResourceRole.BLOCKED, 1, NOW, "stop failed", "stop", Duration.ZERO));
        ClusterStatus s = cluster(true, NodeStatus.of("n1", true, stopped("web", "fence1")),
                NodeStatus.of("n2", true, n2));
        Transition t = engine.compute(config(DEVICE + WEB), s, NOW);
        Action fence = only(t, Action.Kind.FENCE, "");
        assertEquals("n2", fence.node());
        assertEquals("Fence (reboot) n2 'web failed there'", t.changes().get(0).toString());
        Action start = only(t, Action.Kind.START, "web");
        assertEquals("n1", start.node());
        assertTrue(before(t, fence, start));
        assertTrue(Scenario.summary(t).contains("Recover web ( n2 -> n1 )"), Scenario.summary(t).toString());
    }

    @Test
    void withoutStonithAFailedStopBlocksInstead() {
        Map<String, ResourceState> n2 = new LinkedHashMap<>();
        n2.put("web", ResourceState.failedBy(ResourceRole.BLOCKED, 1, NOW, "stop failed", "stop", Duration.ZERO));
        ClusterStatus s = cluster(true, NodeStatus.of("n1", true, stopped("web", "fence1")),
                NodeStatus.of("n2", true, n2));
        Transition t = engine.compute(config("property stonith-enabled=false\n" + DEVICE + WEB), s, NOW);
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.FENCE));
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.START && a.resource().equals("web")));
    }

    @Test
    void aMonitorFailureWithOnFailFenceFencesTheNode() {
        Map<String, ResourceState> n2 = new LinkedHashMap<>();
        n2.put("web", ResourceState.failedBy(ResourceRole.FAILED, 1, NOW, "monitor failed", "monitor",
                Duration.ofSeconds(10)));
        ClusterStatus s = cluster(true, NodeStatus.of("n1", true, stopped("web", "fence1")),
                NodeStatus.of("n2", true, n2));
        String web = "primitive web dummy op monitor interval=10s timeout=5s on-fail=fence\n";
        Transition t = engine.compute(config(DEVICE + web), s, NOW);
        assertEquals("n2", only(t, Action.Kind.FENCE, "").node());
    }

    @Test
    void aResourceThatRequiresNothingStartsWithoutWaitingForTheFence() {
        Transition t = engine.compute(config(DEVICE + "primitive web dummy meta requires=nothing\n"), n2Lost(), NOW);
        Action fence = only(t, Action.Kind.FENCE, "");
        Action start = only(t, Action.Kind.START, "web");
        assertFalse(before(t, fence, start), "requires=nothing: its start does not wait for the fence");
        assertTrue(only(t, Action.Kind.STOP, "web").pseudo(), "its stop on n2 is still implied by the fence");
    }

    @Test
    void aResourceThatRequiresQuorumWaitsOnlyWhereItsStateIsUnknown() {
        String cfg = DEVICE + "primitive web dummy meta requires=quorum\nprimitive db dummy meta requires=quorum\n";
        Map<String, ResourceState> n1 = stopped("web", "db");
        n1.put("fence1", ResourceState.of(ResourceRole.STARTED));
        // n2 reported web stopped before it was lost, and never reported db.
        ClusterStatus s = cluster(true, NodeStatus.of("n1", true, n1),
                NodeStatus.unclean("n2", stopped("web"), Map.of()));
        Transition t = engine.compute(config(cfg), s, NOW);
        Action fence = only(t, Action.Kind.FENCE, "");
        assertFalse(before(t, fence, only(t, Action.Kind.START, "web")), "web is known stopped on n2");
        assertTrue(before(t, fence, only(t, Action.Kind.START, "db")), "db might run on n2");
    }

    @Test
    void stonithActionAndTimeoutAreCarriedOnTheFence() {
        ClusterConfig c = config("property stonith-action=poweroff\nproperty stonith-timeout=90s\n" + DEVICE + WEB);
        Action fence = only(engine.compute(c, n2Lost(), NOW), Action.Kind.FENCE, "");
        assertEquals("off", fence.fenceAction(), "poweroff is the legacy name of off");
        assertEquals(Duration.ofSeconds(90), fence.timeout());
    }

    @Test
    void withoutConcurrentFencingFencesRunOneAfterAnotherAndTheDcLast() {
        ClusterStatus s = cluster(false, NodeStatus.of("n1", true, running("fence1")),
                NodeStatus.of("n2", true, stopped("fence1")), NodeStatus.of("n3", true, stopped("fence1")));
        ClusterConfig c = config("property no-quorum-policy=suicide\n" + DEVICE + WEB);
        Transition t = engine.compute(c, s, NOW);
        List<Action> fences = t.actions().stream().filter(a -> a.kind() == Action.Kind.FENCE)
                .collect(Collectors.toList());
        assertEquals(3, fences.size(), "suicide without quorum: every member is fenced");
        Map<String, Action> byNode = new LinkedHashMap<>();
        fences.forEach(f -> byNode.put(f.node(), f));
        assertTrue(before(t, byNode.get("n2"), byNode.get("n3")));
        assertTrue(before(t, byNode.get("n3"), byNode.get("n1")), "n1, the DC, is fenced last");
        assertEquals("Fence (reboot) n1 'cluster does not have quorum'", t.changes().get(0).toString());

        Transition concurrent = engine.compute(config("property concurrent-fencing=true\n"
                + "property no-quorum-policy=suicide\n" + DEVICE + WEB), s, NOW);
        Map<String, Action> c2 = new LinkedHashMap<>();
        concurrent.actions().stream().filter(a -> a.kind() == Action.Kind.FENCE).forEach(f -> c2.put(f.node(), f));
        assertFalse(before(concurrent, c2.get("n2"), c2.get("n3")), "concurrent: n2 and n3 at once");
        assertTrue(before(concurrent, c2.get("n2"), c2.get("n1")) && before(concurrent, c2.get("n3"), c2.get("n1")));
    }

    @Test
    void priorityFencingDelayGoesToTheLostNodeRunningTheMoreImportantResources() {
        String cfg = "property priority-fencing-delay=15s\n" + DEVICE
                + "primitive web dummy meta priority=10\nprimitive db dummy meta priority=1\n";
        Map<String, ResourceState> n1 = running("db", "fence1");
        n1.put("web", ResourceState.of(ResourceRole.STOPPED));
        ClusterStatus s = cluster(true, NodeStatus.of("n1", true, n1), NodeStatus.unclean("n2", running("web"), Map.of()));
        Action fence = only(engine.compute(config(cfg), s, NOW), Action.Kind.FENCE, "");
        assertEquals(Duration.ofSeconds(15), fence.fenceDelay(), "half the cluster lost, n2 ran the higher priority");

        ClusterStatus lowPriorityLost = cluster(true, NodeStatus.of("n1", true, running("web", "fence1")),
                NodeStatus.unclean("n2", running("db"), Map.of()));
        assertEquals(Duration.ZERO, only(engine.compute(config(cfg), lowPriorityLost, NOW), Action.Kind.FENCE, "")
                .fenceDelay());
    }

    @Test
    void unfencingTurnsANodeOnBeforeAResourceThatRequiresItStartsThere() {
        String cfg = "primitive fence1 stonith:fence_scsi params provides=unfencing\n"
                + "primitive disk dummy\nlocation only-n1 disk inf: n1\n";
        ClusterStatus s = cluster(true, NodeStatus.of("n1", true, stopped("disk", "fence1")));
        Transition t = engine.compute(config(cfg), s, NOW);
        Action on = t.actions().stream().filter(a -> a.kind() == Action.Kind.FENCE).findFirst().orElseThrow();
        assertEquals("on", on.fenceAction());
        assertEquals("n1", on.node());
        assertTrue(before(t, on, only(t, Action.Kind.START, "disk")), "disk requires unfencing by default");

        Map<String, String> unfenced = Map.of("#node-unfenced", "1700000000");
        ClusterStatus done = cluster(true, NodeStatus.of("n1", true, stopped("disk", "fence1"), unfenced, false));
        assertTrue(engine.compute(config(cfg), done, NOW).actions().stream()
                .noneMatch(a -> a.kind() == Action.Kind.FENCE), "already unfenced: no on");
    }

    @Test
    void withoutQuorumALostNodeCannotBeFencedAndWhatItRanStaysThere() {
        ClusterStatus s = cluster(false, NodeStatus.of("n1", true, stopped("web", "fence1")),
                NodeStatus.unclean("n2", running("web"), Map.of()));
        Transition t = engine.compute(config("property no-quorum-policy=freeze\n" + DEVICE + WEB), s, NOW);
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.FENCE
                || a.kind() == Action.Kind.START || a.kind() == Action.Kind.STOP), t.toString());
        assertTrue(t.revised().stream().anyMatch(p -> p.resource().equals("web") && p.node().equals("n2")),
                "web may still run on n2: it counts as running there");
        assertTrue(t.summary().contains(Change.of("Stop", "web", "n2", "blocked").toString()), t.summary().toString());
    }

    @Test
    void frozenWithoutQuorumAResourceWithNowhereElseToGoIsStoppedForNodeAvailability() {
        // As above, but web may not run on n1: no node would take it, and crm_simulate says so.
        ClusterStatus s = cluster(false, NodeStatus.of("n1", true, stopped("web", "fence1")),
                NodeStatus.unclean("n2", running("web"), Map.of()));
        Transition t = engine.compute(config("property no-quorum-policy=freeze\n" + DEVICE + WEB
                + "location not-n1 web -inf: n1\n"), s, NOW);
        assertTrue(t.summary().contains(Change.of("Stop (blocked)", "web", "n2", "due to node availability").toString()),
                t.summary().toString());
    }

    @Test
    void withoutQuorumAResourceThatRequiresNothingStillStarts() {
        ClusterStatus s = cluster(false, NodeStatus.of("n1", true, stopped("web", "db")),
                NodeStatus.of("n2", true, stopped("web", "db")));
        String cfg = "primitive web dummy meta requires=nothing\nprimitive db dummy\n";
        Transition t = engine.compute(config(cfg), s, NOW);
        assertEquals(List.of("web"), t.actions().stream().filter(a -> a.kind() == Action.Kind.START)
                .map(Action::resource).collect(Collectors.toList()), "db requires quorum (no stonith device)");
    }

    @Test
    void aMigrationBeginsOnlyAfterTheFencingItsStartWouldWaitFor() {
        String cfg = DEVICE + "primitive vm dummy meta allow-migrate=true\nlocation pref vm 50: n3\n";
        Map<String, ResourceState> n1 = running("vm", "fence1");
        ClusterStatus s = cluster(true, NodeStatus.of("n1", true, n1), NodeStatus.unclean("n2", stopped("vm"), Map.of()),
                NodeStatus.of("n3", true, stopped("vm", "fence1")));
        Transition t = engine.compute(config(cfg), s, NOW);
        assertTrue(Scenario.summary(t).contains("Migrate vm ( n1 -> n3 )"), Scenario.summary(t).toString());
        Action fence = fenceOf(t, "n2");
        assertTrue(before(t, fence, only(t, Action.Kind.MIGRATE_TO, "vm")),
                "the migrate_to stands for the start, which requires fencing");
    }

    @Test
    void fencesRunOneAfterAnotherInTheOrderOfTheNodeNames() {
        Map<String, ResourceState> n1 = stopped("web");
        n1.put("fence1", ResourceState.of(ResourceRole.STARTED));
        ClusterStatus s = cluster(true, NodeStatus.of("n1", true, n1),
                NodeStatus.unclean("n10", running("web"), Map.of()), NodeStatus.unclean("n9", stopped("web"), Map.of()));
        String device = "primitive fence1 stonith:fence_dummy params pcmk_host_list=\"n1 n9 n10\"\n";
        Transition t = engine.compute(config(device + WEB), s, NOW);
        assertTrue(before(t, fenceOf(t, "n9"), fenceOf(t, "n10")),
                "n9 before n10: digits compare by value");
        assertFalse(before(t, fenceOf(t, "n10"), fenceOf(t, "n9")));
    }

    @Test
    void aRemoteConnectionRequiresQuorumNotFencingByDefault() {
        String cfg = DEVICE + WEB + "primitive rem1 ocf:pacemaker:remote\nlocation web-pref web 50: n1\n";
        Map<String, ResourceState> n1 = stopped("web", "rem1");
        n1.put("fence1", ResourceState.of(ResourceRole.STARTED));
        Map<String, ResourceState> n2 = running("web");
        n2.put("rem1", ResourceState.of(ResourceRole.STOPPED));
        ClusterStatus s = cluster(true, NodeStatus.of("n1", true, n1), NodeStatus.unclean("n2", n2, Map.of()),
                NodeStatus.of("n3", true, stopped("web", "rem1")));
        Transition t = engine.compute(config(cfg), s, NOW);
        Action fence = fenceOf(t, "n2");
        assertTrue(before(t, fence, only(t, Action.Kind.START, "web")), "web requires fencing");
        assertFalse(before(t, fence, only(t, Action.Kind.START, "rem1")),
                "the connection requires quorum, and n2 reported it stopped: it need not wait");
    }
}
