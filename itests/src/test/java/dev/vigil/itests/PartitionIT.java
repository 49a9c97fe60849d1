package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.HttpProbe;
import dev.vigil.distribution.LocalCluster;

/**
 * The node that serves is cut off from the other two (its process alive, its link taken down).
 * Its lease runs out before the majority declares it dead, so it stops the service first; the
 * majority then starts it. The journals show the two tenures never overlapped, and healing the
 * partition brings no second holder.
 */
class PartitionIT {
    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }



    private Optional<LocalCluster.JournalEntry> last(String node, String action) throws Exception {
        List<LocalCluster.JournalEntry> j = cluster.journal(node);
        for (int i = j.size() - 1; i >= 0; i--) {
            if (j.get(i).resource.equals("web") && j.get(i).action.equals(action)) {
                return Optional.of(j.get(i));
            }
        }
        return Optional.empty();
    }

    @Test
    void theCutOffNodeStopsBeforeTheMajorityStarts() throws Exception {
        int port = Clients.freeTcpPort();
        InetSocketAddress service = new InetSocketAddress("127.0.0.1", port);
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory("vigil-partition-it"), 3,
                ItTiming.timing(),
                "rsc_defaults resource-stickiness=100\nprimitive web webserver params address=127.0.0.1 port=" + port
                        + " op monitor interval=500ms timeout=2s\n");
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        String first = Clients.awaitAnswer(service, null, Duration.ofSeconds(60));
        assertNotNull(first);
        assertTrue(cluster.awaitShell(first, Duration.ofSeconds(10)));

        Instant cut = Instant.now();
        assertEquals(0, cluster.shell(first, "vigil:link link0 down").exitCode);
        String second = Clients.awaitAnswer(service, first, Duration.ofSeconds(60));
        assertNotNull(second, "the majority took the service over");
        assertNotEquals(first, second);
        assertTrue(cluster.process(first).isAlive(), "the cut-off node's process never died");

        LocalCluster.JournalEntry selfStop = last(first, "stop").orElseThrow(
                () -> new AssertionError(first + " never stopped web after losing its lease"));
        LocalCluster.JournalEntry takeover = last(second, "start").orElseThrow();
        assertTrue(selfStop.succeeded());
        assertTrue(selfStop.started.isAfter(cut), "stopped because of the cut");
        assertTrue(selfStop.finished.isBefore(takeover.started), "stop on " + first + " finished at "
                + selfStop.finished + ", start on " + second + " began at " + takeover.started);

        assertEquals(0, cluster.shell(first, "vigil:link link0 up").exitCode);
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < end) {
            assertEquals(second, HttpProbe.get(service, Duration.ofMillis(500)), "one holder after the heal");
            Thread.sleep(100);
        }
        assertTrue(last(first, "start").orElseThrow().started.isBefore(cut), "no new start on the old node");
        // After the heal the reports flow again both ways (streams start a new epoch): every node,
        // the one that was cut off included, sees one view and web where it runs.
        for (String n : cluster.nodes()) {
            assertTrue(cluster.awaitStatus(n, s -> s.contains("3 of 3 nodes, quorate,")
                    && s.contains("Started " + second), Duration.ofSeconds(30)), n + " agrees after the heal");
        }
    }
}
