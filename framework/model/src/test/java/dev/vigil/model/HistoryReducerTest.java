package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The live fold of one node's operation results: what the executor reports after each. */
class HistoryReducerTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TEN_S = Duration.ofSeconds(10);

    private static CompletedOperation done(OperationTask task, Duration interval, int rc) {
        return CompletedOperation.of(task, interval, rc, CompletedOperation.Execution.DONE, AT, task + " rc=" + rc);
    }

    private static CompletedOperation done(OperationTask task, int rc) {
        return done(task, Duration.ZERO, rc);
    }

    private static ResourceState fold(CompletedOperation... ops) {
        ResourceState s = ResourceState.of(ResourceRole.UNKNOWN);
        for (CompletedOperation op : ops) {
            s = HistoryReducer.next(s, op);
        }
        return s;
    }

    @Test
    void aProbeAStartAndAMonitorLeaveItStartedAndMonitored() {
        ResourceState s = fold(done(OperationTask.MONITOR, 7), done(OperationTask.START, 0),
                done(OperationTask.MONITOR, TEN_S, 0));
        assertEquals(ResourceRole.STARTED, s.role());
        assertEquals(TEN_S, s.monitorInterval());
        assertEquals(0, s.failCount());
    }

    @Test
    void aMonitorFindingItPromotedMeansPromotedAndDemoteMeansUnpromoted() {
        assertEquals(ResourceRole.PROMOTED, fold(done(OperationTask.MONITOR, 8)).role());
        assertEquals(ResourceRole.PROMOTED, fold(done(OperationTask.MONITOR, 191)).role(), "degraded, promoted");
        assertEquals(ResourceRole.STARTED, fold(done(OperationTask.MONITOR, 8), done(OperationTask.DEMOTE, 0)).role());
    }

    @Test
    void aMonitorThatKeepsFailingCountsOnceAndNamesTheFailedOperation() {
        ResourceState s = fold(done(OperationTask.START, 0), done(OperationTask.MONITOR, TEN_S, 7),
                done(OperationTask.MONITOR, TEN_S, 7));
        assertEquals(ResourceRole.FAILED, s.role());
        assertEquals(1, s.failCount());
        assertEquals("monitor", s.failedAction());
        assertEquals(TEN_S, s.failedInterval());
    }

    @Test
    void aFailedStopBlocksIt() {
        ResourceState s = fold(done(OperationTask.START, 0), done(OperationTask.STOP, 1));
        assertEquals(ResourceRole.BLOCKED, s.role());
        assertEquals("stop", s.failedAction());
    }

    @Test
    void notInstalledOrInsufficientPrivilegesIsAHardErrorThatBansTheNode() {
        // Pacemaker: PCMK_OCF_NOT_INSTALLED and PCMK_OCF_INSUFFICIENT_PRIV are hard errors (-INFINITY there).
        assertEquals(Score.INFINITY, fold(done(OperationTask.START, 5)).failCount());
        assertEquals(Score.INFINITY, fold(done(OperationTask.START, 4)).failCount());
        assertEquals(1, fold(done(OperationTask.START, 1)).failCount(), "a generic error counts one");
    }

    @Test
    void anAgentMissingIsNoFailureButARunningOneIsLeftAndItsStopBlocks() {
        CompletedOperation probe = CompletedOperation.of(OperationTask.MONITOR, Duration.ZERO, 5,
                CompletedOperation.Execution.NOT_INSTALLED, AT, "no agent");
        assertEquals(ResourceRole.AGENT_MISSING, fold(probe).role());
        assertEquals(0, fold(probe).failCount());
        ResourceState running = fold(done(OperationTask.START, 0));
        assertEquals(running, HistoryReducer.next(running, probe), "left running as it was");
        CompletedOperation stop = CompletedOperation.of(OperationTask.STOP, Duration.ZERO, 5,
                CompletedOperation.Execution.NOT_INSTALLED, AT, "no agent");
        assertEquals(ResourceRole.BLOCKED, HistoryReducer.next(running, stop).role());
    }

    @Test
    void aMigrateToIsRecordedOnTheSourceUntilItsStopAndAMigrateFromOnTheTarget() {
        ResourceState source = fold(done(OperationTask.START, 0),
                done(OperationTask.MIGRATE_TO, 0).withMigration("a", "b"));
        assertEquals(ResourceRole.STARTED, source.role(), "active on the source until its stop");
        assertEquals("a", source.migrationSource());
        assertEquals("b", source.migrationTarget());
        ResourceState monitored = HistoryReducer.next(source, done(OperationTask.MONITOR, TEN_S, 0));
        assertEquals("b", monitored.migrationTarget(), "a monitor says nothing about the migration");
        ResourceState stopped = HistoryReducer.next(monitored, done(OperationTask.STOP, 0));
        assertEquals(ResourceRole.STOPPED, stopped.role());
        assertNull(stopped.migrationTarget());
        ResourceState target = fold(done(OperationTask.MONITOR, 7),
                done(OperationTask.MIGRATE_FROM, 0).withMigration("a", "b").withStartDigest("d1"));
        assertEquals(ResourceRole.STARTED, target.role());
        assertEquals("a", target.migrationSource());
        assertEquals("d1", target.recorded().get(0).digest());
        ResourceState failed = fold(done(OperationTask.START, 0),
                done(OperationTask.MIGRATE_TO, 1).withMigration("a", "b"));
        assertEquals(ResourceRole.FAILED, failed.role());
        assertNull(failed.migrationTarget(), "a failed handover is no migration to finish");
    }

    @Test
    void aCancelledOperationOrANotificationChangesNothing() {
        ResourceState running = fold(done(OperationTask.START, 0));
        assertEquals(running, HistoryReducer.next(running, CompletedOperation.of(OperationTask.MONITOR, TEN_S, 1,
                CompletedOperation.Execution.CANCELLED, AT, "")));
        assertEquals(running, HistoryReducer.next(running, done(OperationTask.NOTIFY, 1)));
    }
}
