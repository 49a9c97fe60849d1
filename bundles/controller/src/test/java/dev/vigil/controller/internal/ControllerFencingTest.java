package dev.vigil.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.OcfStatus;
import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceEvent;
import dev.vigil.model.ConfigReader;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.policy.Action;
import dev.vigil.policy.Transition;
import dev.vigil.testkit.FakeClock;

/**
 * The DC fences a node lost without a clean shutdown before it recovers what the node ran. The
 * fencer is a fake whose answers the test gives; they reach the controller through its event
 * queue (here run by the test), as the live event thread does.
 */
class ControllerFencingTest {
    private static final String WATCHDOG_FENCING = "property stonith-watchdog-timeout=10s\n";
    private static final String WEB = "rsc_defaults resource-stickiness=100 migration-threshold=2\n"
            + "primitive web dummy op monitor interval=1s timeout=5s\n";

    /** A DC (n1 of n1..n3) with a fake fencer, or none, and its fence journal. */
    private static final class Dc extends DcFixture {
        final FakeFencer fencer;
        /** The controller's event queue: fence completions wait here until {@link #runEvents}. */
        final List<Runnable> events;
        final List<FenceEvent> journal;

        Dc(boolean fencerRuns, Controller.Planner planner) {
            this(new FakeClock(), new ArrayList<>(), new ArrayList<>(), fencerRuns, planner);
        }

        private Dc(FakeClock clock, List<Runnable> events, List<FenceEvent> journal, boolean fencerRuns,
                Controller.Planner planner) {
            this(clock, new FakeFencer(clock), events, journal, fencerRuns, planner);
        }

        private Dc(FakeClock clock, FakeFencer fencer, List<Runnable> events, List<FenceEvent> journal,
                boolean fencerRuns, Controller.Planner planner) {
            super(clock, planner, new FenceGateway(() -> fencerRuns ? fencer : null, events::add, journal::add));
            this.fencer = fencer;
            this.events = events;
            this.journal = journal;
        }

        void runEvents() {
            List<Runnable> now = new ArrayList<>(events);
            events.clear();
            now.forEach(Runnable::run);
        }

        /** web is found running on n3 and monitored there. */
        void webRunsOnN3(String config) {
            controller.onConfig(new ConfigReader("t").read(config));
            controller.onView(view("n1", "n1", "n1", "n2", "n3"));
            report("n1");
            report("n2");
            report("n3");
            drain();
            answer("n1", "web_monitor_0", OcfStatus.NOT_RUNNING);
            answer("n2", "web_monitor_0", OcfStatus.NOT_RUNNING);
            answer("n3", "web_monitor_0", OcfStatus.OK);
            assertEquals(List.of("web_monitor_1000 n3"), drain());
            answer("n3", "web_monitor_1000", OcfStatus.OK);
        }

        NodeStatus n3() {
            return collector.snapshot().nodes().get("n3");
        }

        void loseN3() {
            controller.onView(view("n1", "n1", "n1", "n2"));
        }
    }

    private final Dc dc = new Dc(true, new dev.vigil.policy.PolicyEngine()::compute);

    @Test
    void aLostNodeIsFencedBeforeWhatItRanStartsElsewhere() {
        dc.webRunsOnN3(WATCHDOG_FENCING + WEB);
        dc.loseN3();

        assertTrue(dc.n3().unclean(), "lost without a clean shutdown: unclean");
        assertEquals(ResourceRole.STARTED, dc.n3().resource("web").role(), "with what it last reported");
        assertEquals("[reboot n3 by n1: peer is no longer part of the cluster]", dc.fencer.requests.toString());
        assertEquals(List.of(), dc.drain(), "nothing starts elsewhere while n3 may still run web");

        dc.fencer.finish(true, "");
        assertEquals(List.of(), dc.drain(), "the answer is handled on the controller's thread, not the fencer's");
        dc.runEvents();
        assertFalse(dc.n3().unclean(), "fenced: offline and clean");
        assertTrue(dc.n3().resources().isEmpty(), "its old reports are dropped");
        assertEquals(List.of("web_start_0 n1"), dc.drain(), "recovered once n3 is fenced");
        assertEquals(1, dc.journal.size());
        assertEquals("reboot of n3 succeeded by f1 on n2", dc.journal.get(0).toString());
        assertEquals(1, dc.fencer.requests.size());
    }

    @Test
    void aFailedFenceLeavesTheResourceWhereItIsAndIsTriedAgainAfterAPause() {
        dc.webRunsOnN3(WATCHDOG_FENCING + WEB);
        dc.loseN3();
        dc.fencer.finish(false, "every device failed");
        dc.runEvents();

        assertTrue(dc.n3().unclean(), "still unclean");
        assertEquals(List.of(), dc.drain(), "web is not recovered while n3 is not known to be fenced");
        assertEquals("reboot of n3 failed by f1 on n2: every device failed", dc.journal.get(0).toString());
        dc.clock.advance(Duration.ofSeconds(1));
        dc.controller.onTimer();
        assertEquals(1, dc.fencer.requests.size(), "no hot loop: not again within the pause");
        dc.clock.advance(Controller.FENCE_RETRY_PAUSE);
        dc.controller.onTimer();
        assertEquals(2, dc.fencer.requests.size(), "tried again after the pause");
        assertEquals(List.of(), dc.drain());

        dc.fencer.finish(true, "");
        dc.runEvents();
        assertEquals(List.of("web_start_0 n1"), dc.drain());
    }

    @Test
    void aFenceInFlightOutlivesAViewChangeAndItsSuccessStillCounts() {
        dc.webRunsOnN3(WATCHDOG_FENCING + WEB);
        dc.loseN3();
        dc.restart("n2");
        dc.loseN3(); // the members changed (n2 restarted) while the fence runs
        dc.report("n2");
        assertEquals(List.of(), dc.journal, "not failed for its target being outside the view");
        assertEquals(List.of(), dc.drain(), "the transition waits for its fence");
        dc.fencer.finish(true, "");
        dc.runEvents();
        assertFalse(dc.n3().unclean());
        assertEquals(List.of("web_monitor_0 n2"), dc.drain(), "then decides again: n2's new process is probed");
        assertEquals(1, dc.fencer.requests.size());
    }

    @Test
    void aStopOfTheFencedNodeOrderedAfterItsFenceIsImpliedNotSent() {
        Controller.Planner pacemakerLike = (config, status, now) -> status.nodes().get("n3").unclean()
                ? Transition.of(List.of(Action.fence(0, "n3", "reboot", Duration.ofSeconds(60)),
                        Action.of(1, Action.Kind.STOP, "web", "n3", Duration.ZERO, Duration.ofSeconds(20)),
                        Action.of(2, Action.Kind.START, "web", "n1", Duration.ZERO, Duration.ofSeconds(20))),
                        Map.of(1, List.of(0), 2, List.of(1)), Map.of(), List.of(), List.of(), List.of())
                : new dev.vigil.policy.PolicyEngine().compute(config, status, now);
        Dc pacemaker = new Dc(true, pacemakerLike);
        pacemaker.webRunsOnN3(WATCHDOG_FENCING + WEB);
        pacemaker.loseN3();
        assertEquals(List.of(), pacemaker.drain());
        pacemaker.fencer.finish(true, "");
        pacemaker.runEvents();
        assertEquals(List.of("web_start_0 n1"), pacemaker.drain(), "no stop sent to the fenced n3");
    }

    /** A member that is not DC (n2), as {@code vigil:status} there shows the cluster. */
    private static Dc memberSeeingWebOnN3() {
        Dc member = new Dc(true, new dev.vigil.policy.PolicyEngine()::compute);
        member.controller.onConfig(new ConfigReader("t").read(WATCHDOG_FENCING + WEB));
        member.controller.onView(member.view("n2", "n1", "n1", "n2", "n3"));
        member.nodeStates.put("n3", new java.util.TreeMap<>(Map.of("web",
                dev.vigil.model.ResourceState.of(ResourceRole.STARTED))));
        member.report("n3");
        return member;
    }

    private static FenceEvent fenced(String node, java.time.Instant completed) {
        return FenceEvent.of("op", node, FenceAction.OFF, "operator@n1", "n2", "f1", FenceEvent.State.SUCCEEDED,
                completed.minusSeconds(3), completed, "requested by the operator");
    }

    @Test
    void aFenceByAnotherNodeInTheFencersHistoryCountsToo() {
        Dc member = memberSeeingWebOnN3();
        member.fencer.history.add(fenced("n3", member.clock.instant().minusSeconds(10)));
        member.clock.advance(Duration.ofSeconds(30));
        member.loseN3();
        assertTrue(member.n3().unclean(), "a member that is not DC sees n3 unclean too (vigil:status)");
        member.controller.onTimer();
        assertTrue(member.n3().unclean(), "a fence that ended before this n3 joined says nothing of it");

        member.clock.advance(Duration.ofSeconds(5));
        member.fencer.history.add(fenced("n3", member.clock.instant()));
        member.controller.onTimer();
        assertFalse(member.n3().unclean(), "fenced after it was lost: offline and clean");
        assertEquals(List.of(), member.fencer.requests, "only the DC fences");
    }

    @Test
    void aMemberFencedByTheOperatorCountsAsFencedAndIsNotFencedAgainWhenItLeaves() {
        Dc member = memberSeeingWebOnN3();
        member.clock.advance(Duration.ofSeconds(30));
        member.fencer.history.add(fenced("n3", member.clock.instant()));
        member.controller.onTimer();
        assertFalse(member.n3().online(), "powered off: nothing of it runs, though the view still has it");
        assertTrue(member.n3().resources().isEmpty());
        member.loseN3();
        assertFalse(member.n3().unclean(), "its loss is the fence's doing, not a reason to fence it again");
    }

    @Test
    void aNodeThatLeftCleanlyIsNotFenced() {
        dc.webRunsOnN3(WATCHDOG_FENCING + WEB);
        dc.controller.onView(dc.view("n1", "n1", "n1", "n2", "n3").withLeaving(Set.of("n3")));
        assertEquals(List.of("web_stop_0 n3"), dc.drain(), "a clean shutdown hands over first");
        dc.answer("n3", "web_stop_0", OcfStatus.OK);
        assertEquals(List.of("web_start_0 n1"), dc.drain());
        dc.loseN3();
        assertFalse(dc.n3().unclean());
        assertEquals(List.of(), dc.fencer.requests);
    }

    @Test
    void withoutFencingConfiguredALostNodeCountsAsOfflineAsBefore() {
        dc.webRunsOnN3(WEB);
        dc.loseN3();
        assertFalse(dc.n3().unclean());
        assertTrue(dc.n3().resources().isEmpty());
        assertEquals(List.of("web_start_0 n1"), dc.drain(), "recovered at once: the lease layer protects it");
        assertEquals(List.of(), dc.fencer.requests);
    }

    @Test
    void withStonithDisabledALostNodeCountsAsOfflineEvenWithADevice() {
        dc.webRunsOnN3("property stonith-enabled=false\n" + WEB);
        dc.controller.onConfig(new ConfigReader("t").read("property stonith-enabled=false\n"
                + "primitive f1 stonith:fence_dummy\n" + WEB));
        dc.loseN3();
        assertFalse(dc.n3().unclean());
        assertEquals(List.of(), dc.fencer.requests);
    }

    @Test
    void withNoFencerRunningTheFenceFailsWithTheReasonAndNothingIsRecovered() {
        Dc without = new Dc(false, new dev.vigil.policy.PolicyEngine()::compute);
        without.webRunsOnN3(WATCHDOG_FENCING + WEB);
        without.loseN3();
        assertEquals(1, without.journal.size());
        assertEquals("reboot of n3 failed: no fencer is running on n1", without.journal.get(0).toString());
        assertEquals(List.of(), without.drain());
        assertTrue(without.n3().unclean());
    }

    @Test
    void theDcAsksItsFencerToFenceItselfToo() {
        // The fencer delegates a fence of its own node to another member (as Pacemaker's fencer does).
        Controller.Planner fenceTheDc = (config, status, now) -> Transition.of(
                List.of(Action.fence(0, "n1", "off", Duration.ofSeconds(60))), Map.of(), Map.of(), List.of(),
                List.of(), List.of());
        Dc self = new Dc(true, fenceTheDc);
        self.controller.onConfig(new ConfigReader("t").read(WATCHDOG_FENCING + WEB));
        self.controller.onView(self.view("n1", "n1", "n1", "n2"));
        self.report("n1");
        self.report("n2");
        assertEquals(1, self.fencer.requests.size(), "the fencer is asked: " + self.fencer.requests);
        assertEquals("n1", self.fencer.requests.get(0).target());
        assertEquals(FenceAction.OFF, self.fencer.requests.get(0).action());
    }
}
