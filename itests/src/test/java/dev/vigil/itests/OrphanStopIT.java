package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;

/**
 * A resource removed from the configuration while it runs (Pacemaker's orphan) is stopped on
 * its node by the DC, with the agent that node recorded; the other resource does not move. The
 * configuration without it arrives as a newer version from a node that rejoins with it (the
 * replicated configuration keeps the highest version).
 */
class OrphanStopIT {
    private static final String CONF = "rsc_defaults resource-stickiness=100\n"
            + "primitive db dummy op monitor interval=300ms timeout=2s\n"
            + "primitive web dummy op monitor interval=300ms timeout=2s\n"
            + "colocation apart -inf: db web\n";
    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<String> runningOn(String rsc) {
        return cluster.nodes().stream()
                .filter(n -> Files.exists(cluster.home(n).resolve("var/state/dummy-" + rsc + ".state")))
                .collect(Collectors.toList());
    }

    @Test
    void aRunningResourceRemovedFromTheConfigurationIsStoppedAndNothingElseMoves() throws Exception {
        Path dist = Path.of(System.getProperty("vigil.distribution"));
        cluster = LocalCluster.create(dist, Files.createTempDirectory("vigil-orphan-it"), 3,
                new LocalCluster.Timing("100ms", "400ms", "1s", "10s"), CONF);
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> runningOn("db").size() == 1 && runningOn("web").size() == 1
                        && cluster.isMonitored(runningOn("db").get(0), "db")
                        && cluster.isMonitored(runningOn("web").get(0), "web"));
        String dbNode = runningOn("db").get(0);
        String webNode = runningOn("web").get(0);
        String idle = cluster.nodes().stream().filter(n -> !n.equals(dbNode) && !n.equals(webNode)).findFirst()
                .orElseThrow();

        // The idle node comes back with a newer configuration that no longer has db.
        assertTrue(cluster.stop(idle, Duration.ofSeconds(30)), idle + " stops");
        String without = "version 100\n" + CONF.lines().filter(l -> !l.contains("db"))
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(cluster.home(idle).resolve("etc/cluster.conf"), without);
        Files.deleteIfExists(cluster.home(idle).resolve("var/cluster.conf"));
        cluster.start(idle);

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> runningOn("db").isEmpty());
        assertTrue(cluster.journal(dbNode).stream().anyMatch(e -> e.resource.equals("db") && e.action.equals("stop")
                && e.succeeded()), "db stopped by its agent on " + dbNode);
        assertEquals(List.of(webNode), runningOn("web"), "web did not move");
        assertEquals(1, cluster.journal(webNode).stream().filter(e -> e.resource.equals("web")
                && e.action.equals("start")).count(), "web was started once, never restarted");
    }
}
