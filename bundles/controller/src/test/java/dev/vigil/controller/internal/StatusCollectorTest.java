package dev.vigil.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.vigil.cluster.LrmUpdate;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.NodeState;
import dev.vigil.model.ConfigReader;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/** Which lost nodes the engine sees as unclean, and for how long. */
class StatusCollectorTest {
    private final StatusCollector collector = new StatusCollector();

    private static MembershipView view(Map<String, Long> members) {
        Map<String, NodeState> states = new TreeMap<>();
        for (String n : List.of("n1", "n2", "n3")) {
            states.put(n, members.containsKey(n) ? NodeState.ALIVE : NodeState.DEAD);
        }
        return MembershipView.of(1, "n1", new TreeSet<>(members.keySet()), states, 3, members.size() >= 2, "n1",
                true, members);
    }

    private static final MembershipView ALL = view(Map.of("n1", 1L, "n2", 2L, "n3", 3L));
    private static final MembershipView N3_LOST = view(Map.of("n1", 1L, "n2", 2L));

    private void n3Reports(ResourceRole web) {
        collector.onUpdate("n3", LrmUpdate.of(Map.of("web", ResourceState.of(web),
                "db", ResourceState.of(ResourceRole.STOPPED)), null, null));
    }

    private NodeStatus n3() {
        return collector.snapshot().nodes().get("n3");
    }

    private void fencingConfigured() {
        collector.fencingConfigured(true);
        collector.onView(ALL);
    }

    @Test
    void aNodeLostWhileRunningSomethingIsUncleanWithWhatItMayRun() {
        fencingConfigured();
        n3Reports(ResourceRole.PROMOTED);
        collector.onView(N3_LOST);
        assertTrue(n3().unclean());
        assertFalse(n3().online());
        assertEquals(Map.of("web", ResourceState.of(ResourceRole.PROMOTED)), n3().resources(),
                "what may still run there (db was stopped)");
        assertEquals(StatusCollector.LOST_REASON, collector.fenceReason("n3"));
    }

    @Test
    void aFailedOrBlockedResourceMayRunToo() {
        fencingConfigured();
        n3Reports(ResourceRole.BLOCKED);
        collector.onView(N3_LOST);
        assertTrue(n3().unclean());
    }

    @Test
    void aNodeLostUncleanlyIsUncleanEvenIfItRanNothingButOneThatLeftCleanlyIsNot() {
        fencingConfigured();
        n3Reports(ResourceRole.STOPPED);
        collector.onView(N3_LOST);
        assertTrue(n3().unclean(), "what it did since its last report is not known (Pacemaker fences it)");

        collector.onView(ALL);
        n3Reports(ResourceRole.STARTED);
        collector.onView(ALL.withLeaving(Set.of("n3")));
        collector.onView(N3_LOST);
        assertFalse(n3().unclean(), "it announced a clean shutdown");
    }

    @Test
    void withoutFencingConfiguredALostNodeIsOfflineWithNothing() {
        collector.onView(ALL);
        n3Reports(ResourceRole.STARTED);
        collector.onView(N3_LOST);
        assertFalse(n3().unclean());
        assertTrue(n3().resources().isEmpty());
    }

    @Test
    void fencedItIsOfflineWithNothingRunning() {
        fencingConfigured();
        n3Reports(ResourceRole.STARTED);
        collector.onView(N3_LOST);
        collector.fenced("n3");
        assertFalse(n3().unclean());
        assertTrue(n3().resources().isEmpty());
    }

    @Test
    void backInTheViewItIsNoLongerUncleanAndReportsAgain() {
        fencingConfigured();
        collector.onUpdate("n1", LrmUpdate.of(Map.of(), null, null));
        collector.onUpdate("n2", LrmUpdate.of(Map.of(), null, null));
        n3Reports(ResourceRole.STARTED);
        collector.onView(N3_LOST);
        collector.onView(ALL); // the same incarnation after a healed partition
        assertFalse(n3().unclean());
        assertTrue(n3().online());
        assertFalse(collector.complete(), "its states are learned again from its next report");
        n3Reports(ResourceRole.STARTED);
        assertTrue(collector.complete());
        assertEquals(ResourceRole.STARTED, n3().resource("web").role());

        collector.onView(N3_LOST);
        collector.onView(view(Map.of("n1", 1L, "n2", 2L, "n3", 30L))); // restarted: a new process
        assertFalse(n3().unclean());
        assertTrue(n3().resources().isEmpty(), "forgotten: probed afresh");
    }

    @Test
    void aMemberFencedForAFailedStopIsOfflineAndNotUncleanOnceItLeaves() {
        fencingConfigured();
        collector.onUpdate("n3", LrmUpdate.of(Map.of("web", ResourceState.failedBy(ResourceRole.BLOCKED, 1, null,
                "stop timed out", "stop", java.time.Duration.ZERO)), null, null));
        assertEquals("stop of web failed", collector.fenceReason("n3"));
        collector.fenced("n3");
        assertFalse(n3().online(), "fenced: whatever its last report says, nothing runs there");
        assertTrue(n3().resources().isEmpty());
        collector.onView(N3_LOST);
        assertFalse(n3().unclean(), "it was fenced before it left");
    }

    @Test
    void aMemberUnfencedCarriesTheAttributeUntilItRestarts() {
        fencingConfigured();
        assertEquals(Map.of(), n3().attributes());
        collector.unfenced("n3", java.time.Instant.ofEpochSecond(1000));
        assertEquals(Map.of("#node-unfenced", "1000"), n3().attributes(), "the engine unfences it once");
        collector.onView(N3_LOST);
        collector.onView(view(Map.of("n1", 1L, "n2", 2L, "n3", 30L))); // a new process: unfence again
        assertEquals(Map.of(), n3().attributes());
    }

    @Test
    void aFenceThatEndsAfterTheNodeCameBackAsANewProcessFencedTheOldOneOnly() {
        fencingConfigured();
        n3Reports(ResourceRole.STARTED);
        collector.onView(N3_LOST);
        long lost = collector.incarnationToFence("n3");
        assertEquals(3L, lost, "the fence is for the process that was lost");
        collector.onView(view(Map.of("n1", 1L, "n2", 2L, "n3", 30L))); // back, rebooted, before the answer
        n3Reports(ResourceRole.STOPPED);
        collector.fenced("n3", lost);
        assertTrue(n3().online(), "the new process is not the one fenced");
        collector.fenced("n3", 30L);
        assertFalse(n3().online(), "a fence of the present process powers it off");
    }

    @Test
    void aMemberFencedInTheViewIsNotWaitedForBeforeTheNextDecision() {
        fencingConfigured();
        collector.onUpdate("n1", LrmUpdate.of(Map.of(), null, null));
        collector.onUpdate("n2", LrmUpdate.of(Map.of(), null, null));
        collector.onView(N3_LOST);
        collector.onView(ALL); // n3 back, not reported yet
        assertFalse(collector.complete());
        collector.fenced("n3"); // powered off: it will never report, and nothing runs there
        assertTrue(collector.complete(), "recovery need not wait until the membership notices it is gone");
    }

    @Test
    void fencingIsConfiguredByADeviceOrTheWatchdogUnlessStonithIsDisabled() {
        assertFalse(FencingConfig.configured(new ConfigReader("t").read("primitive web dummy\n")));
        assertTrue(FencingConfig.configured(new ConfigReader("t").read("primitive f1 stonith:fence_dummy\n")));
        assertTrue(FencingConfig.configured(new ConfigReader("t").read("property stonith-watchdog-timeout=10s\n")));
        assertFalse(FencingConfig.configured(new ConfigReader("t").read("property stonith-watchdog-timeout=0\n")));
        assertFalse(FencingConfig.configured(new ConfigReader("t").read(
                "property stonith-enabled=false\nprimitive f1 stonith:fence_dummy\n")));
    }

    /** vm migrating n1 -> n2: n1 has done the migrate_to, n2 had probed it stopped. */
    private void migrateToDoneOnN1() {
        collector.onView(ALL);
        collector.onUpdate("n1", LrmUpdate.of(Map.of("vm", ResourceState.of(ResourceRole.STARTED)
                .withMigration("n1", "n2")), null, null));
        collector.onUpdate("n2", LrmUpdate.of(Map.of("vm", ResourceState.of(ResourceRole.STOPPED)), null, null));
        collector.onUpdate("n3", LrmUpdate.of(Map.of(), null, null));
        assertEquals("n2", collector.snapshot().migrations().get("vm").partialTarget(), "a partial migration");
    }

    @Test
    void aMigrationWhoseTargetRestartedIsAbandonedTheSourceFailedOnceTheTargetIsProbedAgain() {
        migrateToDoneOnN1();
        collector.onView(view(Map.of("n1", 1L, "n2", 12L, "n3", 3L))); // n2's process restarted
        collector.onUpdate("n2", LrmUpdate.of(Map.of(), null, null));
        assertEquals(ResourceRole.STARTED, collector.snapshot().nodes().get("n1").resource("vm").role(),
                "the new process is probed first, as Pacemaker does once a rejoining node's history is erased");
        collector.onUpdate("n2", LrmUpdate.of(Map.of("vm", ResourceState.of(ResourceRole.STOPPED)), null, null));
        var status = collector.snapshot();
        assertEquals(null, status.migrations().get("vm"), "its stopped state is newer than the migration: no"
                + " partial migration to go on with");
        assertEquals(ResourceRole.FAILED, status.nodes().get("n1").resource("vm").role(),
                "failed on the source: recovered without migrating");

        collector.onUpdate("n1", LrmUpdate.of(Map.of("vm", ResourceState.of(ResourceRole.STOPPED)), null, null));
        collector.onUpdate("n1", LrmUpdate.of(Map.of("vm", ResourceState.of(ResourceRole.STARTED)
                .withMigration("n1", "n2")), null, null));
        assertEquals("n2", collector.snapshot().migrations().get("vm").partialTarget(),
                "forgotten once the source reported another state: a later migration is one again");
    }

    @Test
    void aMigrationTheTargetFinishedBeforeItRestartedIsNotAbandoned() {
        migrateToDoneOnN1();
        collector.onUpdate("n2", LrmUpdate.of(Map.of("vm", ResourceState.of(ResourceRole.STARTED)
                .withMigration("n1", "n2")), null, null));
        collector.onView(view(Map.of("n1", 1L, "n2", 12L, "n3", 3L)));
        collector.onUpdate("n2", LrmUpdate.of(Map.of("vm", ResourceState.of(ResourceRole.STARTED)), null, null));
        assertEquals(ResourceRole.STARTED, collector.snapshot().nodes().get("n1").resource("vm").role());
    }
}
