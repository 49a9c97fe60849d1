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
 * How a migration whose target is lost after the migrate_to is recovered, as Pacemaker does it
 * (lib/pengine/unpack.c, unpack_migrate_to_success): a migrate_to done on the source with no
 * migrate_from on a target that is no longer online leaves the resource failed on the source,
 * to be recovered (stopped there, started elsewhere) and never migrated again from there. The
 * resource left the source with the migrate_to (a VM is on the way), so a second migrate_to
 * from the source would ask it to send what it no longer has: a real agent fails it. The target
 * is lost three ways while vm's migrate_to runs on n1: a clean stop, a kill, and a long partition.
 */
class MigrationTargetLeavesIT {
    private MigratingDummyCluster c;

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void aTargetStoppedCleanlyAfterTheMigrateToLeavesTheResourceToBeRecoveredNotMigratedAgain() throws Exception {
        c = MigratingDummyCluster.start("vigil-target-stop-it");
        c.beginMigration();
        assertTrue(c.cluster.stop(TARGET, Duration.ofSeconds(60)), TARGET + " exits: " + c.operations());
        c.awaitConverged(List.of(SOURCE, DC), DC);
        assertRecoveredOnDc();
    }

    @Test
    void aTargetKilledDuringTheMigrateToLeavesTheResourceToBeRecoveredNotMigratedAgain() throws Exception {
        c = MigratingDummyCluster.start("vigil-target-kill-it");
        c.beginMigration();
        c.cluster.kill(TARGET);
        c.awaitConverged(List.of(SOURCE, DC), DC);
        assertRecoveredOnDc();
    }

    @Test
    void aTargetCutOffAfterTheMigrateToLeavesTheResourceToBeRecoveredNotMigratedAgain() throws Exception {
        c = MigratingDummyCluster.start("vigil-target-cut-it");
        c.beginMigration();
        c.cutOffUntilBothSidesSeeItLost(TARGET);
        c.awaitConverged(List.of(SOURCE, DC), DC);
        assertRecoveredOnDc();
    }

    private void assertRecoveredOnDc() throws Exception {
        String ops = c.operations();
        assertEquals(1, c.count(SOURCE, "migrate_to"), "n1 was asked once to migrate vm away: " + ops);
        assertEquals(0, c.count(DC, "migrate_from"), "vm is started on n3, not migrated there: " + ops);
        assertTrue(c.count(SOURCE, "stop") >= 1, "n1 was stopped (recovered), not left as it was: " + ops);
        assertEquals(1, c.count(DC, "start"), ops);
        assertEquals(List.of(), c.overlaps(), "vm ran on two nodes at once");
    }
}
