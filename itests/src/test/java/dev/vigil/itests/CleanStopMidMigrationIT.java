package dev.vigil.itests;

import static dev.vigil.itests.MigratingDummyCluster.DC;
import static dev.vigil.itests.MigratingDummyCluster.SOURCE;
import static dev.vigil.itests.MigratingDummyCluster.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A clean stop ({@code bin/vigil stop}, SIGTERM) of a node in the middle of a live migration:
 * vm's migrate_to runs on n1 (moving to n2, n3 the DC), or its migrate_from on n2, when n1, the
 * source, or n2, the target, is asked to stop. The leaving node must exit only once nothing of
 * vm runs there, vm must end on exactly one node (never two at once, state files sampled every
 * 10 ms), the survivors agree on one view, the migration's transition is not lost, and the
 * stopped node rejoins cleanly.
 */
class CleanStopMidMigrationIT {
    /** Long enough for the migration (three 3 s operations) and a hand-over behind it. */
    private static final Duration STOP = Duration.ofSeconds(60);

    private MigratingDummyCluster c;

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void theSourceStoppedDuringMigrateToExitsOnceTheResourceHasLeftIt() throws Exception {
        c = MigratingDummyCluster.start("vigil-stop-source-it");
        c.beginMigration();
        long at = System.nanoTime();
        assertTrue(c.cluster.stop(SOURCE, STOP), SOURCE + " exits after handing vm over: " + c.operations());
        System.out.println("clean stop of the source mid-migration: exited after "
                + Duration.ofNanos(System.nanoTime() - at).toMillis() + " ms; " + c.operations());
        assertTrue(!c.running().contains(SOURCE), "nothing of vm is left running on the stopped node");

        c.awaitConverged(List.of(TARGET, DC), TARGET);
        assertEquals(1, c.count(SOURCE, "migrate_to"), "the migration was not begun twice: " + c.operations());
        assertEquals(List.of(), c.overlaps(), "vm ran on two nodes at once");

        c.cluster.start(SOURCE); // back, still in standby: vm stays where it is
        c.awaitConverged(c.cluster.nodes(), TARGET);
        assertEquals(List.of(), c.overlaps(), "vm ran on two nodes at once after the rejoin");
        System.out.println("  after the rejoin: " + c.operations());
    }

    @Test
    void theTargetStoppedDuringMigrateToGetsNothingAndTheResourceRunsOnOneNode() throws Exception {
        c = MigratingDummyCluster.start("vigil-stop-target-it");
        c.beginMigration();
        long at = System.nanoTime();
        assertTrue(c.cluster.stop(TARGET, STOP), TARGET + " exits: " + c.operations());
        System.out.println("clean stop of the target mid-migration: exited after "
                + Duration.ofNanos(System.nanoTime() - at).toMillis() + " ms; " + c.operations());
        assertTrue(!c.running().contains(TARGET), "nothing of vm is left running on the stopped node");

        // n1 is in standby and n2 gone: vm belongs on n3 now. (How it gets there is checked,
        // against Pacemaker's semantics, by MigrationTargetLeavesIT.)
        c.awaitConverged(List.of(SOURCE, DC), DC);
        assertEquals(List.of(), c.overlaps(), "vm ran on two nodes at once");

        c.cluster.start(TARGET);
        c.awaitConverged(c.cluster.nodes());
        assertEquals(List.of(), c.overlaps(), "vm ran on two nodes at once after the rejoin");
        System.out.println("  after the rejoin: " + c.operations());
    }

    @Test
    void theSourceStoppedDuringMigrateFromExitsOnceItsStopIsDone() throws Exception {
        c = MigratingDummyCluster.start("vigil-stop-source-late-it");
        c.beginMigration();
        c.awaitMigrateFromRunning();
        assertTrue(c.cluster.stop(SOURCE, STOP), SOURCE + " exits after its stop: " + c.operations());
        System.out.println("clean stop of the source during the migrate_from: " + c.operations());
        c.awaitConverged(List.of(TARGET, DC), TARGET);
        assertEquals(1, c.count(TARGET, "migrate_from"), "the migration was finished: " + c.operations());
        assertEquals(List.of(), c.overlaps(), "vm ran on two nodes at once");
        c.cluster.start(SOURCE);
        c.awaitConverged(c.cluster.nodes(), TARGET);
        assertEquals(List.of(), c.overlaps(), "vm ran on two nodes at once after the rejoin");
    }

    @Test
    void theTargetStoppedDuringMigrateFromHandsTheResourceOnOnceItArrived() throws Exception {
        c = MigratingDummyCluster.start("vigil-stop-target-late-it");
        c.beginMigration();
        c.awaitMigrateFromRunning();
        assertTrue(c.cluster.stop(TARGET, STOP), TARGET + " exits after handing vm over: " + c.operations());
        System.out.println("clean stop of the target during the migrate_from: " + c.operations());
        assertTrue(!c.running().contains(TARGET), "nothing of vm is left running on the stopped node");
        c.awaitConverged(List.of(SOURCE, DC), DC); // n1 in standby, n2 gone
        assertEquals(List.of(), c.overlaps(), "vm ran on two nodes at once");
        c.cluster.start(TARGET);
        c.awaitConverged(c.cluster.nodes());
        assertEquals(List.of(), c.overlaps(), "vm ran on two nodes at once after the rejoin");
    }
}
