package dev.vigil.itests;

import static dev.vigil.itests.MigratingDummyCluster.DC;
import static dev.vigil.itests.MigratingDummyCluster.SOURCE;
import static dev.vigil.itests.MigratingDummyCluster.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;

/**
 * The long partition in the middle of a live migration of {@link LongPartitionMidMigrationIT},
 * with fencing configured (stonith-enabled, the native local fence device, which powers a node
 * off by killing its processes): the majority fences the node cut off instead of waiting out its
 * lease, and recovers only after the fence; the fenced node is then powered on again and rejoins.
 * vm never runs on two powered nodes at once (state files sampled every 10 ms), ends on exactly
 * one node, and all three nodes converge on one view with one DC.
 */
class FencedPartitionMidMigrationIT {
    private MigratingDummyCluster c;

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void theSourceCutOffIsFencedBeforeTheTargetStartsTheResource() throws Exception {
        c = MigratingDummyCluster.start("vigil-fenced-source-it", true);
        c.beginMigration();
        c.cutOffUntilFenced(SOURCE);
        c.awaitConverged(List.of(TARGET, DC), TARGET);
        Instant fenced = c.fencedAt(SOURCE);
        Instant activated = activation(TARGET);
        System.out.println("source cut off mid-migration, fenced; vm active on " + TARGET + " "
                + (activated.toEpochMilli() - fenced.toEpochMilli()) + " ms after the fence: " + c.operations());
        assertTrue(!activated.isBefore(fenced), "vm began on " + TARGET + " (" + activated + ") only after the fence ("
                + fenced + ")");
        c.powerOnAgain(SOURCE);
        c.awaitConverged(c.cluster.nodes(), TARGET);
        assertEquals(List.of(), c.overlaps(), "vm ran on two powered nodes at once");
    }

    @Test
    void theDcCutOffIsFencedAndTheMajorityFinishesTheMigration() throws Exception {
        c = MigratingDummyCluster.start("vigil-fenced-dc-it", true);
        c.beginMigration();
        c.cutOffUntilFenced(DC);
        c.awaitConverged(List.of(SOURCE, TARGET), TARGET);
        System.out.println("DC cut off mid-migration, fenced: " + c.operations());
        assertEquals(1, c.count(SOURCE, "migrate_to"), "the migration was not begun twice: " + c.operations());
        c.powerOnAgain(DC);
        c.awaitConverged(c.cluster.nodes(), TARGET);
        assertEquals(List.of(), c.overlaps(), "vm ran on two powered nodes at once");
    }

    /** When vm's last start or migrate_from on the node began. */
    private Instant activation(String node) throws Exception {
        List<LocalCluster.JournalEntry> j = c.cluster.journal(node);
        for (int i = j.size() - 1; i >= 0; i--) {
            LocalCluster.JournalEntry e = j.get(i);
            if (e.resource.equals("vm") && (e.action.equals("start") || e.action.equals("migrate_from"))) {
                return e.started;
            }
        }
        throw new AssertionError("vm never began on " + node + ": " + c.operations());
    }
}
