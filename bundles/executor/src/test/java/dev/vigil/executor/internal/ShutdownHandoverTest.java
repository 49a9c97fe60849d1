package dev.vigil.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.NodeState;

/** Clean shutdown: hand over to the DC first, stop everything itself when no DC can (issue 10 item 1). */
class ShutdownHandoverTest {
    private final ExecutorTestBed bed = new ExecutorTestBed();
    private final ScriptedAgent agent = new ScriptedAgent();
    private final AtomicReference<MembershipView> view = new AtomicReference<>();
    private final CountDownLatch announced = new CountDownLatch(1);
    private final List<Boolean> announcements = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private ShutdownHandover handover;
    private ResourceExecutor executor;

    private static MembershipView view(boolean quorate, boolean lease, String dc) {
        Map<String, NodeState> states = new TreeMap<>();
        Map<String, Long> inc = new TreeMap<>();
        for (String m : List.of("n1", "n2", "n3")) {
            states.put(m, NodeState.ALIVE);
            inc.put(m, 1L);
        }
        return MembershipView.of(4, "n1", new TreeSet<>(states.keySet()), states, 3, quorate, dc, true, inc, lease)
                .withLeaving(java.util.Set.of("n1"));
    }

    private ShutdownHandover handover(Duration escalation, Duration noDcGrace) {
        return handover(escalation, noDcGrace, Duration.ofSeconds(10));
    }

    private ShutdownHandover handover(Duration escalation, Duration noDcGrace, Duration ackGrace) {
        executor = bed.executor(spec -> agent, (record, answering, changed) -> {
                    if (handover != null) {
                        handover.changed(); // as the component does after every operation
                    }
                });
        handover = new ShutdownHandover(executor, view::get, leaving -> {
            announcements.add(leaving);
            announced.countDown();
        }, () -> escalation, noDcGrace, ackGrace);
        return handover;
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private static ActionRequest request(String rsc, AgentAction action, String id) {
        return ActionRequest.of(id, rsc, "scripted", action, Duration.ZERO, Duration.ofSeconds(5), Map.of());
    }

    private void start(String... resources) throws Exception {
        for (String r : resources) {
            executor.submit(request(r, AgentAction.START, "dc-start-" + r)).get(5, TimeUnit.SECONDS);
        }
    }

    private CompletableFuture<ShutdownHandover.Outcome> runAsync() {
        return CompletableFuture.supplyAsync(handover::run);
    }

    @Test
    void withNothingRunningItLeavesAtOnce() {
        handover(Duration.ofMinutes(5), Duration.ofSeconds(2));
        view.set(view(true, true, "n2"));
        assertEquals(ShutdownHandover.Outcome.HANDED_OVER, handover.run());
        assertEquals(List.of(true), announcements, "it told the cluster it is leaving");
    }

    @Test
    void itWaitsUntilTheDcHasStoppedEverythingHere() throws Exception {
        handover(Duration.ofMinutes(5), Duration.ofSeconds(2));
        view.set(view(true, true, "n2"));
        start("web", "ip");
        CompletableFuture<ShutdownHandover.Outcome> outcome = runAsync();
        assertTrue(announced.await(5, TimeUnit.SECONDS));
        executor.submit(request("web", AgentAction.STOP, "dc-stop-web")).get(5, TimeUnit.SECONDS);
        assertFalse(outcome.isDone(), "ip still runs here");
        assertTrue(executor.submit(request("web", AgentAction.START, "dc-start-again")).get(5, TimeUnit.SECONDS)
                .isRefused(), "a leaving node starts nothing");
        executor.submit(request("ip", AgentAction.STOP, "dc-stop-ip")).get(5, TimeUnit.SECONDS);
        assertEquals(ShutdownHandover.Outcome.HANDED_OVER, outcome.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("start web", "start ip", "stop web", "stop ip"), agent.calls,
                "the DC stopped them; the node stopped nothing itself");
        assertEquals(ShutdownHandover.Outcome.HANDED_OVER, handover.run(), "a second caller gets the outcome");
    }

    @Test
    void withoutQuorumItStopsEverythingItselfInReverseStartOrder() throws Exception {
        handover(Duration.ofMinutes(5), Duration.ofSeconds(2));
        view.set(view(false, false, null));
        start("fs", "db", "ip");
        assertEquals(ShutdownHandover.Outcome.STOPPED_ITSELF, handover.run());
        assertEquals(List.of("stop ip", "stop db", "stop fs"), agent.calls.subList(3, 6));
        assertEquals(1, agent.maxConcurrent.get());
        assertTrue(executor.idle());
    }

    @Test
    void withoutTheLeaseItStopsEverythingItself() throws Exception {
        handover(Duration.ofMinutes(5), Duration.ofSeconds(2));
        view.set(view(true, false, "n2"));
        start("web");
        assertEquals(ShutdownHandover.Outcome.STOPPED_ITSELF, handover.run());
        assertTrue(agent.running.isEmpty());
    }

    @Test
    void losingQuorumWhileWaitingStopsEverythingAtOnce() throws Exception {
        handover(Duration.ofMinutes(5), Duration.ofSeconds(2));
        view.set(view(true, true, "n2"));
        start("web");
        CompletableFuture<ShutdownHandover.Outcome> outcome = runAsync();
        assertTrue(announced.await(5, TimeUnit.SECONDS));
        view.set(view(false, false, null));
        handover.changed();
        assertEquals(ShutdownHandover.Outcome.STOPPED_ITSELF, outcome.get(5, TimeUnit.SECONDS));
        assertTrue(agent.running.isEmpty());
    }

    @Test
    void whenTheEscalationExpiresItStopsEverythingItself() throws Exception {
        handover(Duration.ofMillis(100), Duration.ofSeconds(2));
        view.set(view(true, true, "n2")); // a DC that never acts
        start("a", "b");
        assertEquals(ShutdownHandover.Outcome.STOPPED_ITSELF, handover.run());
        assertEquals(List.of("stop b", "stop a"), agent.calls.subList(2, 4));
    }

    @Test
    void aViewWithoutDcIsToleratedOnlyBriefly() throws Exception {
        handover(Duration.ofMinutes(5), Duration.ofMillis(50));
        view.set(view(true, true, null)); // the DC role is moving, and never arrives
        start("web");
        assertEquals(ShutdownHandover.Outcome.STOPPED_ITSELF, handover.run());
        assertTrue(agent.running.isEmpty());
    }

    @Test
    void ifTheClusterNeverShowsThisNodeLeavingItStopsEverythingItself() throws Exception {
        handover(Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofMillis(50));
        MembershipView notLeaving = view(true, true, "n2").withLeaving(java.util.Set.of());
        view.set(notLeaving);
        start("web");
        assertEquals(ShutdownHandover.Outcome.STOPPED_ITSELF, handover.run(), "no DC will move it: do not wait 5 min");
        assertTrue(agent.running.isEmpty());
    }
}
