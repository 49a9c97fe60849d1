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

import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * Failures on nodes about to be fenced, unfencing again after a device's definition changed,
 * probes before a clone's restarts, and starts blocked for want of quorum.
 */
class UncleanNodesAndUnfencingTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DEVICE = "primitive fence1 stonith:fence_dummy params pcmk_host_list=\"n1 n2 n3\"\n";
    private static final Map<String, String> UNFENCED = Map.of("#node-unfenced", "1700000000");

    private final PolicyEngine engine = new PolicyEngine();

    private static ClusterStatus cluster(boolean quorate, NodeStatus... nodes) {
        Map<String, NodeStatus> m = new LinkedHashMap<>();
        for (NodeStatus n : nodes) {
            m.put(n.name(), n);
        }
        return ClusterStatus.of(m, quorate, "n1");
    }

    private static Map<String, ResourceState> states(Object... keysAndStates) {
        Map<String, ResourceState> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndStates.length; i += 2) {
            m.put((String) keysAndStates[i], (ResourceState) keysAndStates[i + 1]);
        }
        return m;
    }

    private static ResourceState role(ResourceRole r) {
        return ResourceState.of(r);
    }

    private static Action only(Transition t, Action.Kind kind, String resource, String node) {
        List<Action> found = t.actions().stream().filter(a -> a.kind() == kind && a.resource().equals(resource)
                && node.equals(a.node())).collect(Collectors.toList());
        assertEquals(1, found.size(), kind + " " + resource + " on " + node + " in " + t.actions());
        return found.get(0);
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

    private static List<String> summary(Transition t) {
        return t.summary().stream().map(s -> s.replaceAll("\\s+", " ").trim())
                .map(s -> s.startsWith("* ") ? s : "* " + s).collect(Collectors.toList());
    }

    @Test
    void aFailureOnALostNodeLeavesTheRoleItFoundThePromotedInstanceIn() {
        String cfg = DEVICE + "primitive pg dummy\nclone pg-clone pg meta promotable=true\n";
        ResourceState failedMonitor = ResourceState.failedBy(ResourceRole.FAILED, 1, NOW, "monitor failed", "monitor",
                Duration.ofSeconds(10)).withRoleBeforeFailure(ResourceRole.PROMOTED);
        assertEquals(ResourceRole.PROMOTED, failedMonitor.roleBeforeFailure());
        ResourceState promotable = role(ResourceRole.STARTED).withPromotionScore(10);
        ClusterStatus s = cluster(true,
                NodeStatus.of("n1", true, states("pg", promotable, "fence1", role(ResourceRole.STARTED))),
                NodeStatus.unclean("n2", states("pg", failedMonitor), Map.of()));
        List<String> summary = summary(engine.compute(config(cfg), s, NOW));
        assertTrue(summary.stream().anyMatch(l -> l.startsWith("* Stop pg:") && l.contains("( Promoted n2 )")
                && l.endsWith("due to node availability")), "stopped as Promoted, not as failed: " + summary);
        assertTrue(summary.stream().anyMatch(l -> l.startsWith("* Promote pg:")
                && l.contains("Unpromoted -> Promoted n1")), summary.toString());
    }

    @Test
    void aFailureWithoutAKnownEarlierRoleCountsAsStarted() {
        ResourceState s = ResourceState.failedBy(ResourceRole.FAILED, 1, NOW, "start failed", "start", Duration.ZERO);
        assertEquals(ResourceRole.STARTED, s.roleBeforeFailure());
        assertEquals(ResourceRole.STOPPED, ResourceState.of(ResourceRole.STOPPED).roleBeforeFailure());
        assertEquals(ResourceRole.PROMOTED, ResourceState.of(ResourceRole.PROMOTED).withRole(ResourceRole.FAILED)
                .roleBeforeFailure(), "a role replaced by a failure is remembered");
        assertEquals(ResourceRole.STARTED, s.withRoleBeforeFailure(ResourceRole.PROMOTED).withRole(ResourceRole.STARTED)
                .roleBeforeFailure(), "a role that is no failure forgets the earlier one");
    }

    @Test
    void failuresReadAfterTheOneThatDoomsTheNodeAreIgnoredButThatOneCounts() {
        String cfg = DEVICE + "primitive a dummy\nprimitive b dummy\n";
        ClusterStatus s = cluster(true,
                NodeStatus.of("n1", true, states("a", role(ResourceRole.STOPPED), "b", role(ResourceRole.STOPPED),
                        "fence1", role(ResourceRole.STARTED))),
                NodeStatus.of("n2", true, states(
                        "a", ResourceState.failedBy(ResourceRole.BLOCKED, 1, NOW, "stop failed", "stop", Duration.ZERO),
                        "b", ResourceState.failedBy(ResourceRole.FAILED, 1, NOW, "monitor failed", "monitor",
                                Duration.ofSeconds(10)))));
        Transition t = engine.compute(config(cfg), s, NOW);
        List<String> summary = summary(t);
        assertTrue(summary.contains("* Fence (reboot) n2 'a failed there'"), summary.toString());
        assertTrue(summary.contains("* Recover a ( n2 -> n1 )"), summary.toString());
        assertTrue(summary.contains("* Move b ( n2 -> n1 )"), "b's failure is read once n2 is unclean: " + summary);
    }

    @Test
    void aFailedStopOfAUniqueCloneInstanceFencesItsNode() {
        String cfg = DEVICE + "primitive d ocf:heartbeat:Dummy\n"
                + "clone d-clone d meta globally-unique=true clone-max=2\n";
        ClusterStatus s = cluster(true,
                NodeStatus.of("n1", true, states("d:0", role(ResourceRole.STARTED),
                        "fence1", role(ResourceRole.STARTED))),
                NodeStatus.of("n2", true, states("d:1",
                        ResourceState.failedBy(ResourceRole.BLOCKED, 1, NOW, "stop failed", "stop", Duration.ZERO))));
        List<String> summary = summary(engine.compute(config(cfg), s, NOW));
        assertTrue(summary.contains("* Fence (reboot) n2 'd:1 failed there'"), summary.toString());
    }

    @Test
    void aDeviceRecordedWithAnotherAgentHasItsNodeUnfencedAgainAndWhatRequiresUnfencingRestartsAroundIt() {
        String cfg = "primitive fence1 stonith:fence_scsi params provides=unfencing\n"
                + "primitive disk dummy\nlocation only-n1 disk inf: n1\nlocation fence-n1 fence1 inf: n1\n";
        ClusterStatus s = cluster(true, NodeStatus.of("n1", true, states(
                "fence1", role(ResourceRole.STARTED).withAgent("stonith:fence_virt"),
                "disk", role(ResourceRole.STARTED)), UNFENCED, false));
        Transition t = engine.compute(config(cfg), s, NOW);
        List<String> summary = summary(t);
        assertTrue(summary.contains("* Fence (on) n1 'Device definition changed'"), summary.toString());
        assertTrue(summary.contains("* Restart fence1 ( n1 )"), summary.toString());
        assertTrue(summary.contains("* Restart disk ( n1 ) due to required stonith"), summary.toString());
        Action on = only(t, Action.Kind.FENCE, "", "n1");
        assertEquals("on", on.fenceAction());
        assertTrue(before(t, only(t, Action.Kind.STOP, "disk", "n1"), on), "disk stops before n1 is unfenced again");
        assertTrue(before(t, on, only(t, Action.Kind.START, "disk", "n1")), "and starts after");
        assertTrue(before(t, on, only(t, Action.Kind.START, "fence1", "n1")));

        ClusterStatus same = cluster(true, NodeStatus.of("n1", true, states(
                "fence1", role(ResourceRole.STARTED).withAgent("stonith:fence_scsi"),
                "disk", role(ResourceRole.STARTED)), UNFENCED, false));
        assertTrue(engine.compute(config(cfg), same, NOW).actions().isEmpty(), "same agent: nothing to do");
    }

    @Test
    void aProbeOfACloneComesBeforeTheStopOfAnInstanceThatRestarts() {
        String cfg = "primitive d dummy\nclone d-clone d\n";
        ClusterStatus s = cluster(true,
                NodeStatus.of("n1", true, states("d", ResourceState.failedBy(ResourceRole.FAILED, 1, NOW,
                        "monitor failed", "monitor", Duration.ofSeconds(10)))),
                NodeStatus.of("n2", true, Map.of()));
        Transition t = engine.compute(config(cfg), s, NOW);
        Action probe = t.actions().stream().filter(a -> a.kind() == Action.Kind.PROBE && "n2".equals(a.node()))
                .findFirst().orElseThrow(() -> new AssertionError(t.actions().toString()));
        Action stop = t.actions().stream().filter(a -> a.kind() == Action.Kind.STOP && "n1".equals(a.node()))
                .findFirst().orElseThrow(() -> new AssertionError(t.actions().toString()));
        assertTrue(before(t, probe, stop), "the probe on n2 may find an instance there: " + t.actions());
    }

    @Test
    void withoutQuorumEveryGroupMemberAndCloneInstanceShowsItsStartBlocked() {
        String cfg = DEVICE + "primitive a dummy\nprimitive b dummy\ngroup g a b\n"
                + "primitive p dummy\nclone p-clone p meta promotable=true clone-max=2\n";
        ClusterStatus s = cluster(false, NodeStatus.of("n1", true, states("p", role(ResourceRole.STOPPED)
                .withPromotionScore(10))), NodeStatus.of("n2", true, Map.of()));
        Transition t = engine.compute(config(cfg), s, NOW);
        List<String> summary = summary(t);
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.START), t.actions().toString());
        for (String member : List.of("a", "b")) {
            assertTrue(summary.stream().anyMatch(l -> l.startsWith("* Start " + member + " (")
                    && l.endsWith("due to no quorum (blocked)")), member + ": " + summary);
        }
        assertEquals(1, summary.stream().filter(l -> l.startsWith("* Promote p:")
                && l.contains("Stopped -> Promoted") && l.endsWith("blocked")).count(), summary.toString());
        assertEquals(1, summary.stream().filter(l -> l.startsWith("* Start p:")
                && l.endsWith("due to no quorum (blocked)")).count(), summary.toString());
        assertFalse(summary.stream().anyMatch(l -> l.contains("Stop ")), summary.toString());

        ClusterStatus none = cluster(false, NodeStatus.of("n1", true, Map.of()), NodeStatus.of("n2", true, Map.of()));
        String noDevice = cfg.substring(DEVICE.length());
        assertEquals(List.of(), summary(engine.compute(config(noDevice), none, NOW)),
                "fencing enabled without a device: Pacemaker leaves everything as it is, and shows nothing");
    }
}
