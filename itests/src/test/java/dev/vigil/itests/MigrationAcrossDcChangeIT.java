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
 * Three node processes; a dummy allowed to migrate, each of its operations taking 3 s, is
 * moved by putting its node in standby, and the DC (a third node) is killed while the
 * migrate_to runs on the source. The new DC must finish the migration (migrate_from on the
 * target, then the source's stop) rather than hand it over again, and the dummy never runs on
 * two nodes at once.
 */
class MigrationAcrossDcChangeIT {
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

    @Test
    void aNewDcFinishesTheMigrationTheOldOneBegan() throws Exception {
        String conf = "rsc_defaults resource-stickiness=100\n"
                + "primitive vm dummy params op_sleep=3 op monitor interval=30s timeout=20s meta allow-migrate=true\n";
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory("vigil-migration-it"), 3, ItTiming.timing(), conf);
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        await().atMost(SETTLE).ignoreExceptions().until(() -> status("n1").contains("3 of 3 nodes, quorate,")
                && DC.matcher(status("n1")).find());
        Matcher m = DC.matcher(status("n1"));
        assertTrue(m.find());
        String dc = m.group(1);
        // The DC runs nothing, so that it can be killed between migrate_to and migrate_from.
        assertEquals(0, cluster.shell(dc, "vigil:standby " + dc).exitCode);
        await().atMost(SETTLE).ignoreExceptions().until(() -> {
            Set<String> on = HolderSampler.dummyHolders(cluster, "vm");
            return on.size() == 1 && !on.contains(dc) && cluster.isMonitored(on.iterator().next(), "vm");
        });
        String source = HolderSampler.dummyHolders(cluster, "vm").iterator().next();
        List<String> others = new ArrayList<>(cluster.nodes());
        others.removeAll(List.of(dc, source));
        String target = others.get(0);
        sampler = HolderSampler.every(Duration.ofMillis(20), () -> HolderSampler.dummyHolders(cluster, "vm"));

        assertEquals(0, cluster.shell(target, "vigil:standby " + source).exitCode);
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> status(target).contains("migrate_to on " + source + " in progress"));
        cluster.kill(dc);

        await().atMost(SETTLE).ignoreExceptions().until(() -> HolderSampler.dummyHolders(cluster, "vm").equals(
                Set.of(target)) && count(source, "stop") >= 1 && cluster.isMonitored(target, "vm"));
        assertEquals(1, count(source, "migrate_to"), "the migration was not handed over a second time");
        assertEquals(1, count(target, "migrate_from"), "the new DC finished it on the target");
        assertEquals(0, count(target, "start"), "migrated, not restarted");
        assertTrue(status(target).contains("Started " + target), status(target));
        assertEquals(List.of(), sampler.overlaps(), "the dummy ran on two nodes at once");
    }
}
