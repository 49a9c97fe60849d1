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

    // The rules the CIB replay and the live table share (each test fails without its rule).

    private static final HistoryReducer.Semantics RECORDED = HistoryReducer.Semantics.RECORDED;
    private static final HistoryReducer.Semantics LIVE = HistoryReducer.Semantics.LIVE;
    private static final Instant LATER = AT.plusSeconds(60);

    private static ResourceState replay(CompletedOperation... ops) {
        return fold(RECORDED, ops);
    }

    private static ResourceState fold(HistoryReducer.Semantics semantics, CompletedOperation... ops) {
        ResourceState s = ResourceState.of(ResourceRole.STOPPED);
        for (CompletedOperation op : ops) {
            s = HistoryReducer.next(s, op, semantics);
        }
        return s;
    }

    private static CompletedOperation op(OperationTask task, Duration interval, int rc,
            CompletedOperation.Execution execution, Instant at) {
        return CompletedOperation.of(task, interval, rc, execution, at, task + " rc=" + rc);
    }

    /** A recurring monitor for a role: its expected result. */
    private static CompletedOperation monitor(int rc, int expected, Instant at) {
        return op(OperationTask.MONITOR, TEN_S, rc, CompletedOperation.Execution.DONE, at).withExpectedRc(expected);
    }

    @Test
    void anOperationInFlightThatMayHaveTakenEffectMeansItMayRun() {
        CompletedOperation start = op(OperationTask.START, Duration.ZERO, 0, CompletedOperation.Execution.PENDING, AT);
        assertEquals(ResourceRole.STARTED, replay(done(OperationTask.MONITOR, 7), start).role());
        CompletedOperation demote = op(OperationTask.DEMOTE, Duration.ZERO, 0,
                CompletedOperation.Execution.PENDING, AT);
        assertEquals(ResourceRole.STOPPED, replay(done(OperationTask.MONITOR, 7), demote).role(),
                "a demote in flight says nothing yet");
    }

    @Test
    void anErrorWithTheExpectedExitCodeIsTheOperationsResult() {
        CompletedOperation probe = op(OperationTask.MONITOR, Duration.ZERO, 7, CompletedOperation.Execution.ERROR, AT)
                .withExpectedRc(7);
        ResourceState s = replay(done(OperationTask.START, 0), probe);
        assertEquals(ResourceRole.STOPPED, s.role(), "an older CIB's expected 'not running'");
        assertNull(s.failedAction());
        CompletedOperation unexpected = op(OperationTask.MONITOR, Duration.ZERO, 7,
                CompletedOperation.Execution.ERROR, AT).withExpectedRc(0);
        assertEquals(ResourceRole.FAILED, replay(done(OperationTask.START, 0), unexpected).role());
    }

    @Test
    void notRunningExpectedOfAnotherOperationMeansStoppedAndSettlesAFailure() {
        CompletedOperation stop = done(OperationTask.STOP, 7).withExpectedRc(7);
        ResourceState s = replay(done(OperationTask.START, 1), stop);
        assertEquals(ResourceRole.STOPPED, s.role());
        assertNull(s.failedAction());
        assertEquals(ResourceRole.BLOCKED, replay(done(OperationTask.START, 1), done(OperationTask.STOP, 7)).role(),
                "unexpected, it is a failed stop");
    }

    @Test
    void aStoppedRoleMonitorExpectsNotRunningAndFailsWhenItFindsItRunning() {
        assertEquals(ResourceRole.STOPPED, replay(done(OperationTask.MONITOR, 7), monitor(7, 7, AT)).role());
        ResourceState found = replay(done(OperationTask.MONITOR, 7), monitor(0, 7, AT));
        assertEquals(ResourceRole.FAILED, found.role());
        assertEquals("monitor", found.failedAction());
    }

    @Test
    void notRunningFromAnUnmanagedResourcesMonitorIsNoFailure() {
        CompletedOperation m = monitor(7, 0, AT).withUnmanaged(true);
        ResourceState s = replay(done(OperationTask.START, 0), m);
        assertEquals(ResourceRole.STOPPED, s.role());
        assertNull(s.failedAction());
        assertEquals(ResourceRole.FAILED, replay(done(OperationTask.START, 0), monitor(7, 0, AT)).role(), "managed");
    }

    @Test
    void aMonitorIsJudgedByTheRoleItChecks() {
        ResourceState promoted = replay(done(OperationTask.START, 0), done(OperationTask.PROMOTE, 0));
        ResourceState demoted = HistoryReducer.next(promoted, monitor(0, 8, AT), RECORDED);
        assertEquals(ResourceRole.FAILED, demoted.role(), "0 from a Promoted monitor: demoted behind its back");
        assertEquals(ResourceRole.PROMOTED, demoted.roleBeforeFailure());
        ResourceState live = HistoryReducer.next(promoted, monitor(0, 8, AT), LIVE);
        assertEquals(ResourceRole.FAILED, live.role());
        assertEquals(1, live.failCount());
        assertEquals("monitor", live.failedAction());

        ResourceState unpromoted = replay(done(OperationTask.START, 0));
        ResourceState promotedBehind = HistoryReducer.next(unpromoted, monitor(8, 0, AT), LIVE);
        assertEquals(ResourceRole.FAILED, promotedBehind.role(), "8 from an Unpromoted monitor");
        assertEquals(ResourceRole.PROMOTED, promotedBehind.roleBeforeFailure());

        assertEquals(promoted.withMonitor(TEN_S), HistoryReducer.next(promoted, monitor(8, 8, AT), LIVE));
        assertEquals(ResourceRole.PROMOTED, HistoryReducer.next(promoted, monitor(191, 8, AT), LIVE).role(),
                "degraded, promoted: its plain answer");
        assertEquals(ResourceRole.STARTED, HistoryReducer.next(unpromoted, monitor(190, 0, AT), LIVE).role());
        assertEquals(ResourceRole.PROMOTED, HistoryReducer.next(promoted, monitor(0, -1, AT), LIVE).role(),
                "a monitor of no role: any running answer");
    }

    @Test
    void theSameMonitorSucceedingLaterSettlesItsFailureAnotherDoesNot() {
        CompletedOperation failed = monitor(1, 0, AT);
        ResourceState s = replay(done(OperationTask.START, 0), failed, monitor(0, 0, LATER));
        assertEquals(ResourceRole.STARTED, s.role());
        assertNull(s.failedAction());
        CompletedOperation other = op(OperationTask.MONITOR, Duration.ofSeconds(20), 0,
                CompletedOperation.Execution.DONE, LATER).withExpectedRc(0);
        assertEquals(ResourceRole.FAILED, replay(done(OperationTask.START, 0), failed, other).role());
        assertEquals(ResourceRole.FAILED, replay(done(OperationTask.START, 0), failed, monitor(0, 0, AT)).role(),
                "not later: the failure stands");
    }

    @Test
    void aMonitorFindingRunningAResourceNotKnownToRunStartsIt() {
        assertEquals(ResourceRole.STARTED, replay(monitor(0, 0, AT)).role());
        assertEquals(ResourceRole.STARTED, fold(LIVE, monitor(0, -1, AT)).role());
    }

    @Test
    void aFailureWhoseOnFailIsIgnoreCountsAsSuccessAndStaysOnRecord() {
        CompletedOperation start = done(OperationTask.START, 1).withFailureIgnored(true);
        ResourceState s = replay(done(OperationTask.MONITOR, 7), start);
        assertEquals(ResourceRole.STARTED, s.role());
        assertEquals("start", s.failedAction());
        assertEquals(0, s.failCount());
        CompletedOperation missing = op(OperationTask.START, Duration.ZERO, 5,
                CompletedOperation.Execution.NOT_INSTALLED, AT).withFailureIgnored(true);
        ResourceState banned = replay(done(OperationTask.MONITOR, 7), missing);
        assertEquals(ResourceRole.FAILED, banned.role(), "an agent not installed is never ignored");
        assertEquals(Score.INFINITY, banned.failCount());
        assertEquals(true, banned.notInstalled());
    }

    @Test
    void aProbeFindingNoAgentReplayedMeansItCannotRunThere() {
        CompletedOperation probe = op(OperationTask.MONITOR, Duration.ZERO, 5, CompletedOperation.Execution.DONE, AT);
        ResourceState s = replay(probe);
        assertEquals(ResourceRole.AGENT_MISSING, s.role());
        assertEquals(0, s.failCount(), "not a failure of the resource");
        assertEquals(ResourceRole.FAILED, fold(LIVE, probe).role(), "live: a hard error of a running agent");
    }

    @Test
    void replayedFailuresCountNoneButAHardErrorWhileLiveEachFailureCountsOne() {
        ResourceState replayed = replay(done(OperationTask.START, 1), done(OperationTask.STOP, 0),
                done(OperationTask.START, 1));
        assertEquals(0, replayed.failCount(), "the fail-count attributes say");
        assertEquals(2, fold(LIVE, done(OperationTask.START, 1), done(OperationTask.STOP, 0),
                done(OperationTask.START, 1)).failCount());
        ResourceState hard = replay(done(OperationTask.START, 5), done(OperationTask.STOP, 0));
        assertEquals(ResourceRole.STOPPED, hard.role());
        assertEquals(Score.INFINITY, hard.failCount(), "a hard error bans the node past a later stop");
    }

    @Test
    void aLaterSuccessSettlesAReplayedFailureWhileTheLiveTableKeepsItsRecord() {
        ResourceState replayed = replay(done(OperationTask.START, 1), done(OperationTask.STOP, 0));
        assertEquals(ResourceState.of(ResourceRole.STOPPED), replayed);
        ResourceState live = fold(LIVE, done(OperationTask.START, 1), done(OperationTask.STOP, 0));
        assertEquals(ResourceRole.STOPPED, live.role());
        assertEquals(1, live.failCount());
        assertEquals("start", live.failedAction(), "kept until a cleanup");
    }

    @Test
    void aFailureRemembersTheRoleItFoundTheResourceIn() {
        ResourceState promoted = replay(done(OperationTask.START, 0), done(OperationTask.PROMOTE, 0));
        assertEquals(ResourceRole.PROMOTED, HistoryReducer.next(promoted, monitor(1, 8, AT), RECORDED)
                .roleBeforeFailure());
        assertEquals(ResourceRole.STARTED, HistoryReducer.next(promoted, done(OperationTask.DEMOTE, 1), RECORDED)
                .roleBeforeFailure(), "a failed demote: unpromoted");
        assertEquals(ResourceRole.PROMOTED, replay(done(OperationTask.START, 0), done(OperationTask.PROMOTE, 1))
                .roleBeforeFailure(), "a failed promote: promoted");
    }

    @Test
    void aNotificationChangesNothingReplayedEither() {
        ResourceState failed = replay(done(OperationTask.START, 0), monitor(1, 0, AT));
        assertEquals(failed, HistoryReducer.next(failed, done(OperationTask.NOTIFY, 0), RECORDED));
        ResourceState running = replay(done(OperationTask.START, 0));
        assertEquals(running, HistoryReducer.next(running, done(OperationTask.NOTIFY, 1), RECORDED));
    }
}
