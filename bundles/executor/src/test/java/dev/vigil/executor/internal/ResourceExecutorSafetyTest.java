package dev.vigil.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.ResourceRole;
import dev.vigil.testkit.FakeClock;

/** Lease loss, refusals, operation timeouts and missing agents (issue 10 items 2, 3, 4, 11). */
class ResourceExecutorSafetyTest {
    private final ExecutorTestBed bed = new ExecutorTestBed();
    private final Map<String, ResourceAgent> agents = new ConcurrentHashMap<>();
    private final ScriptedAgent agent = new ScriptedAgent();
    /** Every completed operation with the id of the request it answers ("-" for none). */
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final List<CountDownLatch> toRelease = new java.util.ArrayList<>();
    private ResourceExecutor executor;

    private ResourceExecutor executor(Clock clock, Duration grace, Duration agentWait) {
        executor = bed.executor(agents::get, clock, (record, answering, changed) -> answers.add(
                (answering == null ? "-" : answering.id()) + " " + record), grace, agentWait);
        return executor;
    }

    private ResourceExecutor executor() {
        agents.put("fake", agent);
        return executor(Clock.systemUTC(), Duration.ofSeconds(5), Duration.ZERO);
    }

    @AfterEach
    void stop() {
        toRelease.forEach(CountDownLatch::countDown);
        bed.close();
    }

    private static ActionRequest request(String rsc, AgentAction action, long intervalMs, long timeoutMs) {
        return ActionRequest.of(rsc + "-" + action.ocfName() + "-" + intervalMs, rsc, "fake", action,
                Duration.ofMillis(intervalMs), Duration.ofMillis(timeoutMs), Map.of());
    }

    private static OperationRecord get(CompletableFuture<OperationRecord> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    private void start(ResourceExecutor ex, String... resources) throws Exception {
        for (String r : resources) {
            assertEquals(OcfStatus.OK, get(ex.submit(request(r, AgentAction.START, 0, 2000))).ocfStatus());
        }
    }

    @Test
    void aStartWithoutTheLeaseIsRefusedAndAnsweredAtOnce() throws Exception {
        ResourceExecutor ex = executor();
        ex.setLeaseHeld(false, "test");
        OperationRecord r = get(ex.submit(request("web", AgentAction.START, 0, 1000)));
        assertTrue(r.isRefused(), r.toString());
        assertFalse(r.isFailure(), "no fail count for a refusal");
        assertTrue(r.reason().contains("no lease"), r.reason());
        assertTrue(answers.poll(5, TimeUnit.SECONDS).startsWith("web-start-0 "), "the DC gets an answer at once");
        assertTrue(agent.calls.isEmpty());
        assertFalse(ex.states().containsKey("web"));
        assertTrue(get(ex.submit(request("db", AgentAction.PROMOTE, 0, 1000))).isRefused());
        assertFalse(get(ex.submit(request("db", AgentAction.STOP, 0, 1000))).isRefused(), "stops always run");
    }

    @Test
    void leaseLossCancelsQueuedOperationsAndStopsTheStartThatWasInFlight() throws Exception {
        ResourceExecutor ex = executor();
        CountDownLatch startHeld = agent.hold("start web");
        toRelease.add(startHeld);
        CompletableFuture<OperationRecord> start = ex.submit(request("web", AgentAction.START, 0, 5000));
        agent.awaitBegan("start web");
        CompletableFuture<OperationRecord> monitor = ex.submit(request("web", AgentAction.MONITOR, 1000, 5000));
        CountDownLatch probeHeld = agent.hold("monitor db");
        toRelease.add(probeHeld);
        CompletableFuture<OperationRecord> probe = ex.submit(request("db", AgentAction.MONITOR, 0, 5000));
        agent.awaitBegan("monitor db");
        CompletableFuture<OperationRecord> other = ex.submit(request("db", AgentAction.PROMOTE, 0, 5000));

        CompletableFuture<List<OperationRecord>> stops = ex.setLeaseHeld(false, "lease lost (test)");
        assertTrue(monitor.isDone(), "queued behind the start: cancelled at once");
        assertEquals(ExecStatus.CANCELLED, get(monitor).execStatus());
        assertTrue(get(monitor).reason().contains("lease lost"), get(monitor).reason());
        assertEquals(ExecStatus.CANCELLED, get(other).execStatus(), "a queued promote never runs");
        assertFalse(start.isDone());

        probeHeld.countDown();
        assertEquals(OcfStatus.NOT_RUNNING, get(probe).ocfStatus(), "what runs is not cancelled");
        startHeld.countDown(); // the start completes after the lease is gone
        assertEquals(OcfStatus.OK, get(start).ocfStatus());
        List<OperationRecord> stopped = stops.get(5, TimeUnit.SECONDS);
        assertEquals(1, stopped.size());
        assertEquals(AgentAction.STOP, stopped.get(0).action());
        assertEquals(List.of("start web", "monitor db", "stop web"), agent.calls);
        assertEquals(ResourceRole.STOPPED, ex.states().get("web").role());
        assertFalse(ex.isMonitoring("web"));
        assertNull(ex.setLeaseHeld(false, "again"), "lost once: nothing more to do");
    }

    @Test
    void leaseLossInterruptsAHungNotificationSoThatNoStopWaitsForIt() throws Exception {
        ResourceExecutor ex = executor();
        start(ex, "d", "clone");
        CountDownLatch notifyHeld = agent.hold("notify clone");
        toRelease.add(notifyHeld);
        CompletableFuture<OperationRecord> notify = ex.submit(request("clone", AgentAction.NOTIFY, 0, 60_000));
        agent.awaitBegan("notify clone");

        List<OperationRecord> stopped = ex.setLeaseHeld(false, "lease lost (test)").get(5, TimeUnit.SECONDS);
        assertEquals(List.of("clone", "d"), stopped.stream().map(OperationRecord::resource).toList(),
                "both stopped, the notification never released");
        assertTrue(agent.interrupted.contains("notify clone"));
        assertEquals(ExecStatus.CANCELLED, get(notify).execStatus());
        assertTrue(get(notify).reason().contains("lease lost"), get(notify).reason());
        assertEquals(ResourceRole.STOPPED, ex.states().get("d").role());
        assertEquals(ResourceRole.STOPPED, ex.states().get("clone").role());
    }

    @Test
    void leaseLossInterruptsTheFirstRunOfAHungRecurringMonitor() throws Exception {
        ResourceExecutor ex = executor();
        start(ex, "d");
        toRelease.add(agent.hold("monitor d"));
        ex.submit(request("d", AgentAction.MONITOR, 50, 60_000));
        agent.awaitBegan("monitor d");
        assertStoppedAtOnceWithTheMonitorInterrupted(ex);
    }

    @Test
    void leaseLossInterruptsALaterRunOfAHungRecurringMonitor() throws Exception {
        ResourceExecutor ex = executor();
        start(ex, "d");
        assertEquals(OcfStatus.OK, get(ex.submit(request("d", AgentAction.MONITOR, 50, 60_000))).ocfStatus());
        toRelease.add(agent.hold("monitor d")); // a scheduled run from now on hangs
        agent.awaitHeld("monitor d");
        assertStoppedAtOnceWithTheMonitorInterrupted(ex);
    }

    private void assertStoppedAtOnceWithTheMonitorInterrupted(ResourceExecutor ex) throws Exception {
        List<OperationRecord> stopped = ex.setLeaseHeld(false, "lease lost (test)").get(5, TimeUnit.SECONDS);
        assertEquals(List.of("d"), stopped.stream().map(OperationRecord::resource).toList());
        assertTrue(agent.interrupted.contains("monitor d"));
        assertEquals(ResourceRole.STOPPED, ex.states().get("d").role());
        assertEquals(0, ex.states().get("d").failCount(), "an interrupted monitor is no failure");
    }

    @Test
    void aStartCompletingWithoutTheLeaseIsStoppedAtOnce() throws Exception {
        ResourceExecutor ex = executor();
        CountDownLatch startHeld = agent.hold("start web");
        toRelease.add(startHeld);
        CompletableFuture<OperationRecord> start = ex.submit(request("web", AgentAction.START, 0, 5000));
        agent.awaitBegan("start web");
        ex.setLeaseHeld(false, "lost");
        ex.setLeaseHeld(true, null); // back again before the start completes: the stop still happens
        startHeld.countDown();
        get(start);
        agent.awaitBegan("stop web");
        assertEquals(List.of("start web", "stop web"), agent.calls);
    }

    @Test
    void leaseLossStopsInReverseStartOrderOneAfterTheOther() throws Exception {
        ResourceExecutor ex = executor();
        start(ex, "fs", "db", "ip");
        get(ex.submit(request("db", AgentAction.MONITOR, 0, 1000))); // a monitor does not change the order
        assertEquals(List.of("fs", "db", "ip"), ex.activationOrder());
        CountDownLatch ipStop = agent.hold("stop ip");
        toRelease.add(ipStop);
        CompletableFuture<List<OperationRecord>> stops = ex.setLeaseHeld(false, "lost");
        agent.awaitBegan("stop ip");
        assertFalse(agent.calls.contains("stop db"), "db waits until ip has stopped");
        ipStop.countDown();
        List<OperationRecord> done = stops.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("ip", "db", "fs"), done.stream().map(OperationRecord::resource)
                .collect(java.util.stream.Collectors.toList()));
        assertEquals(List.of("stop ip", "stop db", "stop fs"), agent.calls.subList(4, 7));
        assertEquals(1, agent.maxConcurrent.get());
        assertTrue(ex.activationOrder().isEmpty());
        assertTrue(ex.idle());
    }

    @Test
    void theOrderFollowsWhenEachResourceBecameActive() throws Exception {
        ResourceExecutor ex = executor();
        start(ex, "a", "b");
        get(ex.submit(request("a", AgentAction.STOP, 0, 1000)));
        start(ex, "a"); // restarted: now the newest
        assertEquals(List.of("b", "a"), ex.activationOrder());
        List<OperationRecord> done = ex.stopAll("test").get(5, TimeUnit.SECONDS);
        assertEquals(List.of("a", "b"), done.stream().map(OperationRecord::resource)
                .collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void startsAreRefusedWhileTheNodeIsLeaving() throws Exception {
        ResourceExecutor ex = executor();
        ex.setLeaving(true);
        OperationRecord r = get(ex.submit(request("web", AgentAction.START, 0, 1000)));
        assertTrue(r.isRefused());
        assertTrue(r.reason().contains("shutting down"), r.reason());
    }

    @Test
    void afterATimeoutTheLaneWaitsUntilTheAgentHasEnded() throws Exception {
        ResourceExecutor ex = executor();
        CountDownLatch release = agent.hold("start web");
        toRelease.add(release);
        agent.deaf.add("start web"); // takes a while to react to the interrupt
        CompletableFuture<OperationRecord> start = ex.submit(request("web", AgentAction.START, 0, 100));
        CompletableFuture<OperationRecord> stop = ex.submit(request("web", AgentAction.STOP, 0, 1000));
        assertEquals("start web", agent.interrupted.poll(5, TimeUnit.SECONDS), "interrupted at its timeout");
        assertFalse(start.isDone(), "not recorded until the agent has ended");
        assertFalse(stop.isDone());
        assertFalse(agent.calls.contains("stop web"), "the stop must not overlap the timed-out start");
        release.countDown();
        OperationRecord timedOut = get(start);
        assertEquals(ExecStatus.TIMEOUT, timedOut.execStatus());
        assertTrue(timedOut.reason().contains("ended"), timedOut.reason());
        assertEquals(ExecStatus.DONE, get(stop).execStatus());
        assertEquals(1, agent.maxConcurrent.get());
    }

    @Test
    void anAgentThatNeverEndsHoldsTheLaneOnlyForTheGrace() throws Exception {
        agents.put("fake", agent);
        ResourceExecutor ex = executor(Clock.systemUTC(), Duration.ofMillis(100), Duration.ZERO);
        CountDownLatch release = agent.hold("start web");
        toRelease.add(release);
        agent.deaf.add("start web");
        OperationRecord timedOut = get(ex.submit(request("web", AgentAction.START, 0, 100)));
        assertEquals(ExecStatus.TIMEOUT, timedOut.execStatus());
        assertTrue(timedOut.reason().contains("still ran 100 ms"), timedOut.reason());
        assertEquals(ExecStatus.DONE, get(ex.submit(request("web", AgentAction.STOP, 0, 1000))).execStatus());
    }

    @Test
    void justAfterStartAProbeWaitsForItsAgentToArrive() throws Exception {
        FakeClock clock = new FakeClock();
        ResourceExecutor ex = executor(clock, Duration.ofSeconds(5), Duration.ofSeconds(30));
        CompletableFuture<OperationRecord> probe = ex.submit(request("web", AgentAction.MONITOR, 0, 10_000));
        agents.put("fake", agent);
        ex.agentInstalled("fake"::equals);
        OperationRecord r = get(probe);
        assertEquals(ExecStatus.DONE, r.execStatus());
        assertEquals(OcfStatus.NOT_RUNNING, r.ocfStatus());
        assertEquals(ResourceRole.STOPPED, ex.states().get("web").role());
    }

    @Test
    void justAfterStartAProbeWithoutItsAgentLeavesTheStateUnknown() throws Exception {
        FakeClock clock = new FakeClock();
        ResourceExecutor ex = executor(clock, Duration.ofSeconds(5), Duration.ofSeconds(30));
        OperationRecord r = get(ex.submit(request("web", AgentAction.MONITOR, 0, 50)));
        assertEquals(ExecStatus.NOT_INSTALLED, r.execStatus());
        assertFalse(ex.states().containsKey("web"),
                "unknown, not AGENT_MISSING: the engine would take that for 'not running here'");
        assertEquals(1, ex.history().size());

        clock.advance(Duration.ofSeconds(31)); // agents had their time: now it is really missing
        OperationRecord later = get(ex.submit(request("web", AgentAction.MONITOR, 0, 60_000)));
        assertEquals(ExecStatus.NOT_INSTALLED, later.execStatus(), "answered at once, not after 60 s");
        assertEquals(ResourceRole.AGENT_MISSING, ex.states().get("web").role());
    }
}
