package dev.vigil.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.OperationDigest;
import dev.vigil.model.RecordedOperation;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.Score;

class ResourceExecutorTest {
    private final ExecutorTestBed bed = new ExecutorTestBed();
    private final Map<String, ResourceAgent> agents = new ConcurrentHashMap<>();
    private final BlockingQueue<OperationRecord> unsolicited = new LinkedBlockingQueue<>();
    private ResourceExecutor executor;

    private ResourceExecutor executor() {
        executor = bed.executor(agents::get, (record, answering, changed) -> {
                    if (answering == null) {
                        unsolicited.add(record);
                    }
                });
        return executor;
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private static ActionRequest request(String rsc, AgentAction action, long intervalMs, long timeoutMs) {
        return ActionRequest.of(rsc + "-" + action + "-" + intervalMs, rsc, "fake", action,
                Duration.ofMillis(intervalMs), Duration.ofMillis(timeoutMs), Map.of());
    }

    /** An agent whose behaviour each test sets. */
    private static class FakeAgent implements ResourceAgent {
        final AtomicBoolean running = new AtomicBoolean();
        volatile CountDownLatch hold = new CountDownLatch(0);
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        AgentResult call(AgentResult r) {
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                hold.await();
                return r;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return AgentResult.of(OcfStatus.ERR_GENERIC, "interrupted");
            } finally {
                concurrent.decrementAndGet();
            }
        }

        @Override
        public AgentMetadata metadata() {
            return AgentMetadata.of("fake", "1", "", List.of(), List.of());
        }

        @Override
        public AgentResult validate(AgentRequest r) {
            return AgentResult.ok();
        }

        @Override
        public AgentResult start(AgentRequest r) {
            AgentResult res = call(AgentResult.ok());
            running.set(true);
            return res;
        }

        @Override
        public AgentResult promote(AgentRequest r) {
            return call(AgentResult.ok());
        }

        @Override
        public AgentResult migrateTo(AgentRequest r) {
            running.set(false);
            return call(AgentResult.ok());
        }

        @Override
        public AgentResult migrateFrom(AgentRequest r) {
            AgentResult res = call(AgentResult.ok());
            running.set(true);
            return res;
        }

        @Override
        public AgentResult stop(AgentRequest r) {
            running.set(false);
            return call(AgentResult.ok());
        }

        @Override
        public AgentResult monitor(AgentRequest r) {
            return call(running.get() ? AgentResult.ok() : AgentResult.notRunning());
        }
    }

    @Test
    void aCloneInstancesStartAndStopReachTheAgentWithTheirNotificationLists() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        agents.put("fake", agent);
        ResourceExecutor ex = executor();
        Map<String, String> lists = Map.of("notify_start_uname", "n1", "notify_active_uname", "n2",
                "notify_stop_uname", " ");
        ex.submit(request("fs", AgentAction.START, 0, 1000).withNotifyVariables(lists)).get(5, TimeUnit.SECONDS);
        assertEquals(lists, agent.lastRequests.get("start fs").notifyVariables());
        ex.submit(request("fs", AgentAction.STOP, 0, 1000).withNotifyVariables(lists)).get(5, TimeUnit.SECONDS);
        assertEquals(lists, agent.lastRequests.get("stop fs").notifyVariables());
        ex.submit(request("fs", AgentAction.MONITOR, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertTrue(agent.lastRequests.get("monitor fs").notifyVariables().isEmpty(), "a probe carries none");
    }

    /** A fake agent whose start fails. */
    private static final class FailingStartAgent extends FakeAgent {
        @Override
        public AgentResult start(AgentRequest r) {
            return call(AgentResult.of(OcfStatus.ERR_GENERIC, "cannot start"));
        }
    }

    @Test
    void aFailedStartCountsInfinityWhileStartFailureIsFatalAndOneOtherwise() throws Exception {
        agents.put("fake", new FailingStartAgent());
        ResourceExecutor ex = executor();
        AtomicBoolean fatal = new AtomicBoolean(true);
        ex.setStartFailureIsFatal(fatal::get);
        ex.submit(request("web", AgentAction.START, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(ResourceRole.FAILED, ex.states().get("web").role());
        assertEquals(Score.INFINITY, ex.states().get("web").failCount(),
                "start-failure-is-fatal (true by default): the engine keeps it off this node");

        fatal.set(false); // the property changed: the next failure counts as any other
        ex.submit(request("db", AgentAction.START, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(1, ex.states().get("db").failCount());
        ex.submit(request("db", AgentAction.MONITOR, 1000, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(1, ex.states().get("db").failCount(), "a failed monitor is no failed start");
    }

    @Test
    void theStateNamesTheAgentAResourceRunsWithUntilItStops() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        agents.put("ocf:heartbeat:Dummy", agent);
        ResourceExecutor ex = executor();
        Map<String, String> params = Map.of("state", "/run/web.state");
        ex.submit(ActionRequest.of("s", "web", "ocf:heartbeat:Dummy", AgentAction.START, Duration.ZERO,
                Duration.ofSeconds(1), params)).get(5, TimeUnit.SECONDS);
        assertEquals("ocf:heartbeat:Dummy", ex.states().get("web").agent(),
                "what a DC needs to stop it once it is no longer configured");

        // The DC stops a resource no longer configured with the agent the state names and no
        // parameters: it stops with those it was started with.
        ex.submit(ActionRequest.of("t", "web", "ocf:heartbeat:Dummy", AgentAction.STOP, Duration.ZERO,
                Duration.ofSeconds(1), Map.of())).get(5, TimeUnit.SECONDS);
        assertEquals(params, agent.lastRequests.get("stop web").parameters());
        assertEquals(ResourceRole.STOPPED, ex.states().get("web").role());
        assertEquals(null, ex.states().get("web").agent(), "stopped: nothing left to stop");

        agent.running.add("db"); // found running by a probe
        ex.submit(ActionRequest.of("p", "db", "ocf:heartbeat:Dummy", AgentAction.MONITOR, Duration.ZERO,
                Duration.ofSeconds(1), Map.of())).get(5, TimeUnit.SECONDS);
        assertEquals("ocf:heartbeat:Dummy", ex.states().get("db").agent());
    }

    private static ActionRequest stoppedRoleMonitor(String rsc, long intervalMs) {
        return request(rsc, AgentAction.MONITOR, intervalMs, 1000).withRole(ActionRequest.STOPPED_ROLE);
    }

    /** The intervals of the recurring monitors the executor's state lists for the resource. */
    private static List<Duration> recurringIntervals(ResourceExecutor ex, String rsc) {
        return ex.states().get(rsc).recurring().stream().map(o -> o.interval()).toList();
    }

    private static ResourceExecutor.MonitorKey key(String rsc, long intervalMs, String role) {
        return new ResourceExecutor.MonitorKey(rsc, Duration.ofMillis(intervalMs), role);
    }

    /** A fake agent that counts down a latch on each monitor. */
    private static final class CountingAgent extends FakeAgent {
        volatile CountDownLatch monitors = new CountDownLatch(0);

        @Override
        public AgentResult monitor(AgentRequest r) {
            AgentResult result = super.monitor(r);
            monitors.countDown();
            return result;
        }
    }

    @Test
    void aStoppedRoleMonitorSucceedsWithNotRunningAndReportsOnceThatItRunsWhereItMustNot() throws Exception {
        CountingAgent agent = new CountingAgent();
        agents.put("fake", agent);
        ResourceExecutor ex = executor();
        agent.monitors = new CountDownLatch(4);
        OperationRecord first = ex.submit(stoppedRoleMonitor("web", 20)).get(5, TimeUnit.SECONDS);
        assertEquals(OcfStatus.NOT_RUNNING, first.ocfStatus());
        assertFalse(first.isFailure(), "not running is what a Stopped-role monitor expects");
        assertEquals(ActionRequest.STOPPED_ROLE, first.role());
        assertEquals(Set.of(key("web", 20, ActionRequest.STOPPED_ROLE)), ex.recurringMonitors());
        assertTrue(agent.monitors.await(5, TimeUnit.SECONDS), "it keeps running");
        assertTrue(unsolicited.isEmpty(), "its successes are not news: " + unsolicited);
        assertEquals(List.of(Duration.ofMillis(20)), recurringIntervals(ex, "web"),
                "the state lists it as running here, so that the DC does not ask for it again");
        assertEquals(ResourceRole.UNKNOWN, ex.states().get("web").role(), "and changes nothing else");
        assertEquals(0, ex.states().get("web").failCount());

        agent.running.set(true); // started behind the cluster's back, where it must not run
        OperationRecord found = unsolicited.poll(5, TimeUnit.SECONDS);
        assertEquals(OcfStatus.OK, found.ocfStatus());
        assertTrue(found.isFailure(), "running where it must not is the monitor's failure");
        assertEquals(ResourceRole.STARTED, ex.states().get("web").role(), "the DC sees it runs here");
        agent.monitors = new CountDownLatch(3);
        assertTrue(agent.monitors.await(5, TimeUnit.SECONDS));
        assertTrue(unsolicited.isEmpty(), "reported once, not at every run: " + unsolicited);

        ex.submit(request("web", AgentAction.STOP, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(ResourceRole.STOPPED, ex.states().get("web").role());
        assertTrue(ex.recurringMonitors().isEmpty(), "a stop ends every monitor of the resource, as Pacemaker's "
                + "controller does: " + ex.recurringMonitors());
        assertEquals(List.of(), recurringIntervals(ex, "web"), "the DC sees it ended, and asks for it again");
        ex.submit(stoppedRoleMonitor("web", 20)).get(5, TimeUnit.SECONDS);
        agent.monitors = new CountDownLatch(3);
        assertTrue(agent.monitors.await(5, TimeUnit.SECONDS));
        assertTrue(unsolicited.isEmpty(), unsolicited.toString());
        assertEquals(0, ex.states().get("web").failCount());
    }

    @Test
    void recurringMonitorsAreKeptByResourceIntervalAndRoleAndEndAsOrdered() throws Exception {
        agents.put("fake", new FakeAgent());
        ResourceExecutor ex = executor();
        ex.submit(stoppedRoleMonitor("web", 60_000)).get(5, TimeUnit.SECONDS);
        ex.submit(stoppedRoleMonitor("db", 60_000)).get(5, TimeUnit.SECONDS);
        ex.submit(stoppedRoleMonitor("db", 90_000)).get(5, TimeUnit.SECONDS);
        assertEquals(3, ex.recurringMonitors().size(), ex.recurringMonitors().toString());

        assertEquals(List.of(Duration.ofMillis(60_000), Duration.ofMillis(90_000)), recurringIntervals(ex, "db"));
        ex.submit(request("web", AgentAction.START, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertFalse(ex.recurringMonitors().contains(key("web", 60_000, ActionRequest.STOPPED_ROLE)),
                "a start here ends the Stopped-role monitor: " + ex.recurringMonitors());
        assertEquals(List.of(), recurringIntervals(ex, "web"), "and its state no longer lists it");
        ex.submit(request("web", AgentAction.MONITOR, 30_000, 1000).withRole("Unpromoted")).get(5, TimeUnit.SECONDS);
        ex.submit(request("web", AgentAction.PROMOTE, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertFalse(ex.isMonitoring("web"), "a promote ends the old role's monitor");
        ex.submit(request("web", AgentAction.MONITOR, 20_000, 1000).withRole("Promoted")).get(5, TimeUnit.SECONDS);
        assertEquals(Set.of(key("web", 20_000, "Promoted"), key("db", 60_000, ActionRequest.STOPPED_ROLE),
                key("db", 90_000, ActionRequest.STOPPED_ROLE)), ex.recurringMonitors(),
                "then the monitor for the new role runs");

        OperationRecord cancelled = ex.submit(stoppedRoleMonitor("db", 60_000).asCancellation())
                .get(5, TimeUnit.SECONDS);
        assertEquals(ExecStatus.DONE, cancelled.execStatus());
        assertFalse(cancelled.isFailure());
        assertEquals(Set.of(key("web", 20_000, "Promoted"), key("db", 90_000, ActionRequest.STOPPED_ROLE)),
                ex.recurringMonitors(), "a cancellation ends only the monitor it names");
        assertEquals(List.of(Duration.ofMillis(90_000)), recurringIntervals(ex, "db"), "the state forgets it");
        var before = ex.states().get("web");
        ex.submit(request("web", AgentAction.MONITOR, 20_000, 1000).withRole("Promoted").asCancellation())
                .get(5, TimeUnit.SECONDS);
        assertFalse(ex.isMonitoring("web"));
        assertEquals(before.withMonitor(Duration.ZERO), ex.states().get("web"),
                "a cancellation changes nothing but the monitor the state shows running");
        OperationRecord again = ex.submit(stoppedRoleMonitor("db", 60_000).asCancellation()).get(5, TimeUnit.SECONDS);
        assertFalse(again.isFailure(), "cancelling what does not run succeeds");
        ex.submit(request("db", AgentAction.STOP, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertFalse(ex.recurringMonitors().contains(key("db", 90_000, ActionRequest.STOPPED_ROLE)),
                "a stop ends the resource's monitors, the Stopped-role ones too");
        ex.submit(stoppedRoleMonitor("db", 90_000)).get(5, TimeUnit.SECONDS);
        ex.setLeaseHeld(false, "lease lost (test)").get(5, TimeUnit.SECONDS);
        assertTrue(ex.recurringMonitors().isEmpty(), "a lost lease ends every monitor");
    }

    @Test
    void anAgentThatHangsIsRecordedAsTimedOutAndTheLaneMovesOn() throws Exception {
        FakeAgent agent = new FakeAgent();
        agent.hold = new CountDownLatch(1); // never released: the agent hangs
        agents.put("fake", agent);
        ResourceExecutor ex = executor();
        OperationRecord start = ex.submit(request("web", AgentAction.START, 0, 200)).get(5, TimeUnit.SECONDS);
        assertEquals(ExecStatus.TIMEOUT, start.execStatus());
        assertEquals(ResourceRole.FAILED, ex.states().get("web").role());
        agent.hold = new CountDownLatch(0);
        OperationRecord stop = ex.submit(request("web", AgentAction.STOP, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(ExecStatus.DONE, stop.execStatus(), "the hung start did not wedge the resource");
    }

    @Test
    void aMigrateFromStartsItHereAndAMigrateToLeavesItActiveUntilItsStop() throws Exception {
        agents.put("fake", new FakeAgent());
        ResourceExecutor ex = executor();
        ex.submit(request("vm", AgentAction.START, 0, 1000)).get(5, TimeUnit.SECONDS);
        OperationRecord to = ex.submit(request("vm", AgentAction.MIGRATE_TO, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(OcfStatus.OK, to.ocfStatus());
        assertEquals(ResourceRole.STARTED, ex.states().get("vm").role(), "active here until the stop cleans up");
        ex.submit(request("vm", AgentAction.STOP, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(ResourceRole.STOPPED, ex.states().get("vm").role());
        OperationRecord from = ex.submit(request("db", AgentAction.MIGRATE_FROM, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(OcfStatus.OK, from.ocfStatus());
        assertEquals(ResourceRole.STARTED, ex.states().get("db").role(), "taken over: it runs here");
        assertEquals(1, ex.states().get("db").recorded().size(), "the parameters it runs with are recorded");
    }

    @Test
    void operationsOfOneResourceNeverOverlap() throws Exception {
        FakeAgent agent = new FakeAgent();
        agent.hold = new CountDownLatch(1);
        agents.put("fake", agent);
        ResourceExecutor ex = executor();
        var first = ex.submit(request("web", AgentAction.START, 0, 5000));
        var second = ex.submit(request("web", AgentAction.MONITOR, 0, 5000));
        assertFalse(second.isDone());
        agent.hold.countDown();
        assertEquals(OcfStatus.OK, first.get(5, TimeUnit.SECONDS).ocfStatus());
        assertEquals(OcfStatus.OK, second.get(5, TimeUnit.SECONDS).ocfStatus());
        assertEquals(1, agent.maxConcurrent.get());
    }

    @Test
    void aMissingAgentIsNotAFailureAndItsArrivalAsksForANewProbe() throws Exception {
        ResourceExecutor ex = executor();
        OperationRecord probe = ex.submit(request("web", AgentAction.MONITOR, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(ExecStatus.NOT_INSTALLED, probe.execStatus());
        assertEquals(ResourceRole.AGENT_MISSING, ex.states().get("web").role());
        assertEquals(0, ex.states().get("web").failCount());
        assertFalse(ex.agentInstalled(spec -> spec.equals("other")));
        assertTrue(ex.agentInstalled(spec -> spec.equals("fake")));
        assertFalse(ex.states().containsKey("web"), "unknown again: the DC will probe");
    }

    @Test
    void removingTheAgentOfARunningResourceLeavesItRunning() throws Exception {
        agents.put("fake", new FakeAgent());
        ResourceExecutor ex = executor();
        ex.submit(request("web", AgentAction.START, 0, 1000)).get(5, TimeUnit.SECONDS);
        agents.remove("fake");
        OperationRecord monitor = ex.submit(request("web", AgentAction.MONITOR, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(ExecStatus.NOT_INSTALLED, monitor.execStatus());
        assertEquals(ResourceRole.STARTED, ex.states().get("web").role());
        assertEquals(0, ex.states().get("web").failCount());
    }

    @Test
    void aStopWithoutItsAgentBlocksTheResourceInsteadOfBeingRetriedForever() throws Exception {
        agents.put("fake", new FakeAgent());
        ResourceExecutor ex = executor();
        ex.submit(request("web", AgentAction.START, 0, 1000)).get(5, TimeUnit.SECONDS);
        agents.remove("fake");
        OperationRecord stop = ex.submit(request("web", AgentAction.STOP, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(ExecStatus.NOT_INSTALLED, stop.execStatus());
        assertEquals(ResourceRole.BLOCKED, ex.states().get("web").role(), "it may still run: a failed stop");
    }

    @Test
    void aStartRemembersTheDigestOfItsParametersUntilTheStop() throws Exception {
        agents.put("fake", new FakeAgent());
        ResourceExecutor ex = executor();
        Map<String, String> params = Map.of("ip", "10.0.0.1");
        OperationRecord start = ex.submit(ActionRequest.of("s", "ip", "fake", AgentAction.START, Duration.ZERO,
                Duration.ofSeconds(1), params)).get(5, TimeUnit.SECONDS);
        String digest = OperationDigest.ofStart(params);
        assertEquals(digest, start.paramsDigest());
        assertEquals(List.of(RecordedOperation.of("start", Duration.ZERO, digest, null, null)),
                ex.states().get("ip").recorded(), "what the engine compares with the configuration");
        // and so on the DC: the update carries it
        assertEquals(ex.states().get("ip").recorded(), dev.vigil.cluster.LrmUpdate.decode(
                dev.vigil.cluster.LrmUpdate.of(ex.states(), null, null).encode()).states().get("ip").recorded());
        ex.submit(request("ip", AgentAction.STOP, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), ex.states().get("ip").recorded());
    }

    @Test
    void theRecurringMonitorNoticesAFailureAndAStopCancelsIt() throws Exception {
        FakeAgent agent = new FakeAgent();
        agents.put("fake", agent);
        ResourceExecutor ex = executor();
        ex.submit(request("web", AgentAction.START, 0, 1000)).get(5, TimeUnit.SECONDS);
        OperationRecord first = ex.submit(request("web", AgentAction.MONITOR, 50, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(OcfStatus.OK, first.ocfStatus());
        assertTrue(ex.isMonitoring("web"));
        assertEquals(Duration.ofMillis(50), ex.states().get("web").monitorInterval());

        agent.running.set(false); // the service dies behind the executor's back
        OperationRecord failure = unsolicited.poll(5, TimeUnit.SECONDS);
        assertEquals(OcfStatus.NOT_RUNNING, failure.ocfStatus());
        assertEquals(ResourceRole.FAILED, ex.states().get("web").role());
        assertEquals(1, ex.states().get("web").failCount());

        ex.submit(request("web", AgentAction.STOP, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertFalse(ex.isMonitoring("web"));
        assertEquals(ResourceRole.STOPPED, ex.states().get("web").role());
        assertEquals(Duration.ZERO, ex.states().get("web").monitorInterval());
        assertEquals(1, ex.states().get("web").failCount(), "failures are remembered until cleanup");
        ex.cleanup("web");
        assertEquals(0, ex.states().get("web").failCount());
    }

    @Test
    void anAgentThatThrowsIsAnErrorNotACrash() throws Exception {
        agents.put("fake", new FakeAgent() {
            @Override
            public AgentResult start(AgentRequest r) {
                throw new IllegalStateException("boom");
            }
        });
        ResourceExecutor ex = executor();
        OperationRecord r = ex.submit(request("web", AgentAction.START, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(ExecStatus.ERROR, r.execStatus());
        assertTrue(r.reason().contains("boom"), r.reason());
        assertEquals(1, ex.history().size());
    }

    @Test
    void aNotificationReachesTheAgentWithItsVariablesAndItsFailureChangesNothing() throws Exception {
        Map<String, String> told = new ConcurrentHashMap<>();
        FakeAgent agent = new FakeAgent() {
            @Override
            public AgentResult notify(AgentRequest r) {
                told.putAll(r.notifyVariables());
                return AgentResult.of(OcfStatus.ERR_GENERIC, "cannot handle it");
            }
        };
        agents.put("fake", agent);
        ResourceExecutor ex = executor();
        ex.submit(request("web", AgentAction.START, 0, 1000)).get(5, TimeUnit.SECONDS);
        ActionRequest notify = request("web", AgentAction.NOTIFY, 0, 1000)
                .withNotifyVariables(Map.of("notify_type", "post", "notify_operation", "start",
                        "notify_start_uname", "n2"));
        OperationRecord r = ex.submit(notify).get(5, TimeUnit.SECONDS);
        assertEquals(Map.of("notify_type", "post", "notify_operation", "start", "notify_start_uname", "n2"), told);
        assertEquals(OcfStatus.ERR_GENERIC, r.ocfStatus());
        assertFalse(r.isFailure(), "a failed notification is no failure of the resource");
        assertEquals(ResourceRole.STARTED, ex.states().get("web").role(), "still started");
        assertEquals(0, ex.states().get("web").failCount());
        assertTrue(ex.pending().isEmpty());
    }

    @Test
    void anAgentWithNothingToDoOnNotificationsAnswersSuccess() throws Exception {
        agents.put("fake", new FakeAgent());
        OperationRecord r = executor().submit(request("web", AgentAction.NOTIFY, 0, 1000)).get(5, TimeUnit.SECONDS);
        assertEquals(ExecStatus.DONE, r.execStatus());
        assertEquals(OcfStatus.OK, r.ocfStatus());
    }
}
