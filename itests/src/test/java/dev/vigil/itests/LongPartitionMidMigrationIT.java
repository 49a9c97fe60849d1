package dev.vigil.itests;

import static dev.vigil.itests.MigratingDummyCluster.DC;
import static dev.vigil.itests.MigratingDummyCluster.SOURCE;
import static dev.vigil.itests.MigratingDummyCluster.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long partition in the middle of a live migration, no fencing configured: while vm's
 * migrate_to runs on n1 (moving to n2; n3 the DC), one node's link is taken down both ways and
 * stays down until both sides have seen the other lost (the cut node alone without quorum, the
 * two others a quorate view without it) and the majority has settled where vm runs; then the link
 * comes back. Whichever node is cut (the source, the target, the DC), vm never runs on two nodes
 * at once (state files sampled every 10 ms), runs on exactly one node before and after the heal,
 * and all three nodes converge on one view with one DC.
 */
class LongPartitionMidMigrationIT {
    private MigratingDummyCluster c;

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void theSourceCutOffGivesTheResourceUpAndTheMajorityRunsItOnTheTarget() throws Exception {
        c = MigratingDummyCluster.start("vigil-cut-source-it");
        c.beginMigration();
        c.cutOffUntilBothSidesSeeItLost(SOURCE);
        c.awaitConverged(List.of(TARGET, DC), TARGET);
        System.out.println("source cut off mid-migration, majority settled: " + c.operations());
        heal(SOURCE);
        assertEquals(List.of(), c.overlaps(), "vm ran on two nodes at once");
    }

    @Test
    void theTargetCutOffGetsNothingAndTheMajorityRunsTheResourceElsewhere() throws Exception {
        c = MigratingDummyCluster.start("vigil-cut-target-it");
        c.beginMigration();
        c.cutOffUntilBothSidesSeeItLost(TARGET);
        // n1 in standby, n2 lost: n3 is left. (How vm gets there is checked, against
        // Pacemaker's semantics, by MigrationTargetLeavesIT.)
        c.awaitConverged(List.of(SOURCE, DC), DC);
        System.out.println("target cut off mid-migration, majority settled: " + c.operations());
        assertTrue(!c.running().contains(TARGET), "nothing runs on the node cut off");
        heal(TARGET);
        assertEquals(List.of(), c.overlaps(), "vm ran on two nodes at once");
    }

    @Test
    void theDcCutOffLeavesTheMajorityToFinishTheMigration() throws Exception {
        c = MigratingDummyCluster.start("vigil-cut-dc-it");
        c.beginMigration();
        c.cutOffUntilBothSidesSeeItLost(DC);
        c.awaitConverged(List.of(SOURCE, TARGET), TARGET);
        System.out.println("DC cut off mid-migration, majority settled: " + c.operations());
        assertEquals(1, c.count(SOURCE, "migrate_to"), "the migration was not begun twice: " + c.operations());
        heal(DC);
        assertEquals(List.of(), c.overlaps(), "vm ran on two nodes at once");
    }

    /** Brings the link back and waits until all three nodes agree, vm on one of them. */
    private void heal(String node) throws Exception {
        assertEquals(0, c.cluster.shell(node, "vigil:link link0 up").exitCode);
        String holder = c.awaitConverged(c.cluster.nodes());
        System.out.println("  healed: vm on " + holder + "; " + c.operations());
    }
}
