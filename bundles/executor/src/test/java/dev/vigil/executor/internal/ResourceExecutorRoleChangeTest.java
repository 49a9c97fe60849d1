package dev.vigil.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.ResourceRole;

/**
 * A promotable resource changing role with a monitor per role: the monitor of the role it
 * leaves ends before the promote or demote runs (Pacemaker's controller cancels a resource's
 * recurring operations before any operation that changes it), so it never checks the resource
 * in its new role, even while the monitor of the new role is not yet asked for, or never is.
 */
class ResourceExecutorRoleChangeTest {
    private static final long UNPROMOTED_MS = 20;
    private static final long PROMOTED_MS = 15;

    private final ExecutorTestBed bed = new ExecutorTestBed();
    private final StatefulAgent agent = new StatefulAgent();
    private final BlockingQueue<OperationRecord> unsolicited = new LinkedBlockingQueue<>();
    private final ResourceExecutor ex = bed.executor(Map.of("stateful", (ResourceAgent) agent)::get,
            (record, answering, changed) -> {
                if (answering == null) {
                    unsolicited.add(record);
                }
            });

    @AfterEach
    void stop() {
        bed.close();
    }

    /** What a monitor call found, and for which monitor (interval) it ran. */
    record MonitorCall(long intervalMs, String role) {
    }

    /** An agent with Pacemaker's Stateful roles: a monitor answers 0 unpromoted, 8 promoted, 7 stopped. */
    static final class StatefulAgent implements ResourceAgent {
        volatile String role = "Stopped";
        final List<MonitorCall> monitors = Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch promoting = new CountDownLatch(0);
        volatile CountDownLatch monitorsOf = new CountDownLatch(0);
        volatile long countingInterval = -1;

        @Override
        public AgentMetadata metadata() {
            return AgentMetadata.of("stateful", "1", "", List.of(), List.of());
        }

        @Override
        public AgentResult validate(AgentRequest r) {
            return AgentResult.ok();
        }

        @Override
        public AgentResult start(AgentRequest r) {
            role = "Unpromoted";
            return AgentResult.ok();
        }

        @Override
        public AgentResult stop(AgentRequest r) {
            role = "Stopped";
            return AgentResult.ok();
        }

        @Override
        public AgentResult promote(AgentRequest r) {
            try {
                promoting.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return AgentResult.of(OcfStatus.ERR_GENERIC, "interrupted");
            }
            role = "Promoted";
            return AgentResult.ok();
        }

        @Override
        public AgentResult demote(AgentRequest r) {
            role = "Unpromoted";
            return AgentResult.ok();
        }

        @Override
        public AgentResult monitor(AgentRequest r) {
            String now = role;
            monitors.add(new MonitorCall(r.interval().toMillis(), now));
            if (r.interval().toMillis() == countingInterval) {
                monitorsOf.countDown();
            }
            return switch (now) {
                case "Promoted" -> AgentResult.of(OcfStatus.RUNNING_PROMOTED, "promoted");
                case "Unpromoted" -> AgentResult.ok();
                default -> AgentResult.notRunning();
            };
        }

        /** Counts the next {@code n} runs of the monitor of this interval. */
        CountDownLatch expectMonitors(long intervalMs, int n) {
            CountDownLatch l = new CountDownLatch(n);
            countingInterval = intervalMs;
            monitorsOf = l;
            return l;
        }

        List<MonitorCall> monitorsSince(int index) {
            synchronized (monitors) {
                return List.copyOf(monitors.subList(index, monitors.size()));
            }
        }
    }

    private static ActionRequest op(AgentAction action, long intervalMs) {
        return ActionRequest.of("web-" + action + "-" + intervalMs, "web", "stateful", action,
                Duration.ofMillis(intervalMs), Duration.ofSeconds(5), Map.of());
    }

    private static ActionRequest monitor(long intervalMs, String role) {
        return op(AgentAction.MONITOR, intervalMs).withRole(role);
    }

    private static ResourceExecutor.MonitorKey key(long intervalMs, String role) {
        return new ResourceExecutor.MonitorKey("web", Duration.ofMillis(intervalMs), role);
    }

    /** Started and monitored in the Unpromoted role, the monitor seen running a few times. */
    private void runningUnpromoted() throws Exception {
        ex.submit(op(AgentAction.START, 0)).get(5, TimeUnit.SECONDS);
        CountDownLatch runs = agent.expectMonitors(UNPROMOTED_MS, 3);
        assertEquals(OcfStatus.OK, ex.submit(monitor(UNPROMOTED_MS, "Unpromoted")).get(5, TimeUnit.SECONDS)
                .ocfStatus());
        assertTrue(runs.await(5, TimeUnit.SECONDS), "the Unpromoted monitor runs");
    }

    /**
     * Everything the resource's lane had queued before now has run: a probe queues behind it
     * (the lane runs one operation at a time, in order).
     */
    private void laneDrained() throws Exception {
        ex.submit(op(AgentAction.MONITOR, 0)).get(5, TimeUnit.SECONDS);
    }

    /** Waits, on the executor's own timer, long enough for a monitor still scheduled to come due several times. */
    private void severalIntervalsPass() throws Exception {
        bed.scheduler.schedule(() -> { }, 10 * UNPROMOTED_MS, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aPromoteEndsTheUnpromotedMonitorBeforeItRunsSoItNeverChecksThePromotedResource() throws Exception {
        runningUnpromoted();
        agent.promoting = new CountDownLatch(1); // the promote takes a while: monitors come due meanwhile
        var promoted = ex.submit(op(AgentAction.PROMOTE, 0));
        severalIntervalsPass();
        int atPromote = agent.monitors.size();
        agent.promoting.countDown();
        assertEquals(OcfStatus.OK, promoted.get(5, TimeUnit.SECONDS).ocfStatus());
        assertEquals(Set.of(), ex.recurringMonitors(), "no monitor for the new role asked for yet: none runs");
        severalIntervalsPass();
        laneDrained();
        assertEquals(List.of(new MonitorCall(0, "Promoted")), agent.monitorsSince(atPromote),
                "the Unpromoted monitor never ran again (it would have found rc 8); the probe did");

        CountDownLatch runs = agent.expectMonitors(PROMOTED_MS, 3);
        ex.submit(monitor(PROMOTED_MS, "Promoted")).get(5, TimeUnit.SECONDS);
        assertTrue(runs.await(5, TimeUnit.SECONDS));
        assertEquals(Set.of(key(PROMOTED_MS, "Promoted")), ex.recurringMonitors(), "exactly the new role's monitor");
        assertTrue(agent.monitorsSince(atPromote).stream().allMatch(m -> m.intervalMs() != UNPROMOTED_MS),
                agent.monitorsSince(atPromote).toString());
        assertEquals(ResourceRole.PROMOTED, ex.states().get("web").role());
        assertEquals(Duration.ofMillis(PROMOTED_MS), ex.states().get("web").monitorInterval());
        assertEquals(0, ex.states().get("web").failCount());
        assertTrue(unsolicited.stream().noneMatch(OperationRecord::isFailure), "no monitor failure: " + unsolicited);
    }

    @Test
    void aDemoteEndsThePromotedMonitorAndTheStateShowsNoneRunsUntilTheUnpromotedOneIsAskedFor() throws Exception {
        runningUnpromoted();
        ex.submit(op(AgentAction.PROMOTE, 0)).get(5, TimeUnit.SECONDS);
        CountDownLatch promotedRuns = agent.expectMonitors(PROMOTED_MS, 3);
        ex.submit(monitor(PROMOTED_MS, "Promoted")).get(5, TimeUnit.SECONDS);
        assertTrue(promotedRuns.await(5, TimeUnit.SECONDS));
        assertEquals(Duration.ofMillis(PROMOTED_MS), ex.states().get("web").monitorInterval());

        ex.submit(op(AgentAction.DEMOTE, 0)).get(5, TimeUnit.SECONDS);
        int atDemote = agent.monitors.size();
        assertEquals(Set.of(), ex.recurringMonitors());
        assertEquals(Duration.ZERO, ex.states().get("web").monitorInterval(),
                "the DC sees that no monitor runs, and asks for the Unpromoted role's");
        severalIntervalsPass();
        laneDrained();
        assertEquals(List.of(new MonitorCall(0, "Unpromoted")), agent.monitorsSince(atDemote),
                "the Promoted monitor never checked the demoted resource");

        CountDownLatch runs = agent.expectMonitors(UNPROMOTED_MS, 2);
        ex.submit(monitor(UNPROMOTED_MS, "Unpromoted")).get(5, TimeUnit.SECONDS);
        assertTrue(runs.await(5, TimeUnit.SECONDS));
        assertEquals(Set.of(key(UNPROMOTED_MS, "Unpromoted")), ex.recurringMonitors());
        assertEquals(ResourceRole.STARTED, ex.states().get("web").role());
        assertEquals(0, ex.states().get("web").failCount());
        assertTrue(unsolicited.stream().noneMatch(OperationRecord::isFailure), "no monitor failure: " + unsolicited);
    }

    @Test
    void theDcsCancellationNamesTheMonitorByIntervalWhateverRoleItWasAskedWith() throws Exception {
        runningUnpromoted();
        // The DC asked for the monitor without a role and cancels it as configured, for the Unpromoted role.
        ex.submit(op(AgentAction.MONITOR, 40)).get(5, TimeUnit.SECONDS);
        assertEquals(Set.of(key(40, null)), ex.recurringMonitors());
        OperationRecord cancelled = ex.submit(monitor(40, "Unpromoted").asCancellation()).get(5, TimeUnit.SECONDS);
        assertTrue(!cancelled.isFailure() && cancelled.reason().startsWith("cancelled "), cancelled.toString());
        assertEquals(Set.of(), ex.recurringMonitors());
        assertEquals(Duration.ZERO, ex.states().get("web").monitorInterval(), "the state shows no monitor running");
        assertEquals(ResourceRole.STARTED, ex.states().get("web").role(), "and nothing else changed");
    }

    /** The next record of a monitor run the executor reports on its own that is a failure. */
    private OperationRecord nextMonitorFailure() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (OperationRecord r; (r = unsolicited.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null;) {
            if (r.isFailure()) {
                return r;
            }
        }
        throw new AssertionError("no monitor failure reported; unsolicited: " + unsolicited);
    }

    @Test
    void aPromotedMonitorAnsweringRunningUnpromotedIsAFailureOfThatMonitorCountedOnce() throws Exception {
        runningUnpromoted();
        ex.submit(op(AgentAction.PROMOTE, 0)).get(5, TimeUnit.SECONDS);
        ex.submit(monitor(PROMOTED_MS, "Promoted")).get(5, TimeUnit.SECONDS);
        agent.role = "Unpromoted"; // demoted behind the cluster's back: the monitor answers 0

        OperationRecord failure = nextMonitorFailure();
        assertEquals(OcfStatus.OK, failure.ocfStatus());
        assertEquals(Duration.ofMillis(PROMOTED_MS), failure.interval());
        CountDownLatch more = agent.expectMonitors(PROMOTED_MS, 3);
        assertTrue(more.await(5, TimeUnit.SECONDS), "the monitor goes on");
        // (no probe here: one finding it running would settle the failure, as in Pacemaker)
        var s = ex.states().get("web");
        assertEquals(ResourceRole.FAILED, s.role());
        assertEquals(1, s.failCount(), "counted once, when it began");
        assertEquals("monitor", s.failedAction());
        assertEquals(Duration.ofMillis(PROMOTED_MS), s.failedInterval());
        assertEquals(ResourceRole.PROMOTED, s.roleBeforeFailure(), "the role it is to be recovered in");
    }

    @Test
    void anUnpromotedMonitorAnsweringRunningPromotedIsAFailure() throws Exception {
        runningUnpromoted();
        agent.role = "Promoted"; // promoted behind the cluster's back: the monitor answers 8

        OperationRecord failure = nextMonitorFailure();
        assertEquals(OcfStatus.RUNNING_PROMOTED, failure.ocfStatus());
        var s = ex.states().get("web");
        assertEquals(ResourceRole.FAILED, s.role());
        assertEquals(1, s.failCount());
        assertEquals("monitor", s.failedAction());
        assertEquals(Duration.ofMillis(UNPROMOTED_MS), s.failedInterval());
    }

    @Test
    void aPromotedMonitorAnsweringRunningPromotedChangesNothing() throws Exception {
        runningUnpromoted();
        ex.submit(op(AgentAction.PROMOTE, 0)).get(5, TimeUnit.SECONDS);
        var before = ex.states().get("web");
        CountDownLatch runs = agent.expectMonitors(PROMOTED_MS, 3);
        assertEquals(OcfStatus.RUNNING_PROMOTED, ex.submit(monitor(PROMOTED_MS, "Promoted"))
                .get(5, TimeUnit.SECONDS).ocfStatus());
        assertTrue(runs.await(5, TimeUnit.SECONDS));
        laneDrained();
        var s = ex.states().get("web");
        assertEquals(ResourceRole.PROMOTED, s.role());
        assertEquals(0, s.failCount());
        assertEquals(before.withMonitor(Duration.ofMillis(PROMOTED_MS)), s, "only the monitor is recorded as running");
        assertTrue(unsolicited.stream().noneMatch(OperationRecord::isFailure), "no monitor failure: " + unsolicited);
    }
}
