package dev.vigil.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;

/**
 * Four node processes; a dummy allowed to migrate, each of its operations taking 3 s, is moved
 * off its node (standby) to the one other node that may take it, and that target is killed
 * while the migrate_to runs on the source. The migration cannot complete: as Pacemaker does with
 * a migrate_to whose migrate_from never came, the DC recovers the resource (stop on the source,
 * one start on the node left to take it) instead of leaving the source as it is or migrating
 * again, and the dummy never runs on two nodes at once.
 */
class MigrationTargetLostIT {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Pattern DC = Pattern.compile("DC: (n\\d)");

    private LocalCluster cluster;
    private HolderSampler sampler;

    @AfterEach
    void stop() throws Exception {
        if (sampler != null) {
            sampler.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private String status(String node) throws IOException {
        return cluster.shell(node, "vigil:status").output;
    }

    private long count(String node, String action) throws IOException {
        return cluster.journal(node).stream().filter(e -> e.resource.equals("vm") && e.action.equals(action)).count();
    }

    private void shell(String on, String command) throws IOException {
        assertEquals(0, cluster.shell(on, command).exitCode, command);
    }

    @Test
    void aTargetKilledDuringTheMigrateToLeavesTheResourceRecoveredOnOneNode() throws Exception {
        String conf = "rsc_defaults resource-stickiness=100\n"
                + "primitive vm dummy params op_sleep=3 op monitor interval=30s timeout=20s meta allow-migrate=true\n";
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory("vigil-migration-lost-it"), 4, ItTiming.timing(), conf);
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        await().atMost(SETTLE).ignoreExceptions().until(() -> status("n1").contains("4 of 4 nodes, quorate,")
                && DC.matcher(status("n1")).find());
        Matcher m = DC.matcher(status("n1"));
        assertTrue(m.find());
        String dc = m.group(1);
        List<String> others = new ArrayList<>(cluster.nodes());
        others.remove(dc);
        String source = others.get(0);
        String target = others.get(1);
        String spare = others.get(2);
        // Only the source may run it at first; the DC never does (it stays DC through the test).
        for (String n : List.of(dc, target, spare)) {
            shell(dc, "vigil:standby " + n);
        }
        await().atMost(SETTLE).ignoreExceptions().until(() -> HolderSampler.dummyHolders(cluster, "vm")
                .equals(Set.of(source)) && cluster.isMonitored(source, "vm"));
        shell(dc, "vigil:online " + target);
        sampler = HolderSampler.every(Duration.ofMillis(20), () -> HolderSampler.dummyHolders(cluster, "vm"));

        shell(dc, "vigil:standby " + source); // it migrates to the target, the one node that may take it
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> status(dc).contains("migrate_to on " + source + " in progress"));
        cluster.kill(target);
        shell(dc, "vigil:online " + spare); // somewhere for it to go, once the target is known gone

        await().atMost(SETTLE).ignoreExceptions().until(() -> HolderSampler.dummyHolders(cluster, "vm")
                .equals(Set.of(spare)) && cluster.isMonitored(spare, "vm"));
        assertEquals(1, count(source, "migrate_to"), "no second migration from the source");
        assertTrue(count(source, "stop") >= 1, "the source was stopped (recovered), not left as it was");
        assertEquals(1, count(spare, "start"), "started once where it runs now");
        assertEquals(0, count(spare, "migrate_from"), "recovered, not migrated");
        assertTrue(status(dc).contains("Started " + spare), status(dc));
        assertEquals(List.of(), sampler.overlaps(), "the dummy ran on two nodes at once");
    }
}
