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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.HttpProbe;
import dev.vigil.distribution.LocalCluster;

/**
 * Three node processes of the built distribution over real UDP on 127.0.0.1. The node that
 * serves the web service is killed with SIGKILL; a client polling the service must get an
 * answer from another node within deadtime plus a stated bound, and the merged operation
 * journals must show that no two nodes ever ran the service at the same time.
 */
class ClusterFailoverIT {
    private static final Duration DEADTIME = ItTiming.deadtime();
    /** Beyond deadtime: view agreement, the DC's decision, stop-less start, the agent's bind. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(3);

    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }


    @Test
    void killingTheServingNodeMovesTheServiceAndNeverRunsItTwice() throws Exception {
        Path dist = Path.of(System.getProperty("vigil.distribution"));
        assertTrue(Files.isDirectory(dist), "distribution built at " + dist);
        int port = Clients.freeTcpPort();
        InetSocketAddress service = new InetSocketAddress("127.0.0.1", port);
        String conf = "rsc_defaults resource-stickiness=100 migration-threshold=3\n"
                + "primitive web webserver params address=127.0.0.1 port=" + port
                + " op monitor interval=500ms timeout=2s\n";
        Path work = Files.createTempDirectory("vigil-cluster-it");
        cluster = LocalCluster.create(dist, work, 3,
                ItTiming.timing(), conf);
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }

        String first = Clients.awaitAnswer(service, null, Duration.ofSeconds(60));
        assertNotNull(first, "the service came up somewhere");
        assertTrue(cluster.awaitMonitored(first, "web", Duration.ofSeconds(30)), "web monitored on " + first);

        Instant killedAt = Instant.now();
        long killed = System.nanoTime();
        cluster.kill(first);
        String second = Clients.awaitAnswer(service, first, DEADTIME.plus(RECOVERY_BOUND).plusSeconds(20));
        Duration outage = Duration.ofNanos(System.nanoTime() - killed);
        assertNotNull(second, "the service came back");
        assertNotEquals(first, second);
        assertTrue(outage.compareTo(DEADTIME.plus(RECOVERY_BOUND)) <= 0,
                "outage " + outage.toMillis() + " ms exceeds deadtime + " + RECOVERY_BOUND.toMillis() + " ms");
        System.out.println("client-seen outage after SIGKILL of " + first + ": " + outage.toMillis() + " ms");

        // The survivors agree on the new state.
        String status = cluster.shell(second, "vigil:status").output;
        assertTrue(status.contains("Started " + second), status);
        assertTrue(status.contains(first + "  OFFLINE"), status);

        Instant end = Instant.now();
        cluster.close();
        List<Tenures.Tenure> all = Tenures.of(cluster, "web", n -> n.equals(first) ? killedAt : end);
        assertEquals(2, all.size(), "exactly two tenures (first node, then the new one): " + all);
        Tenures.assertNeverTwoAtOnce("web", all);
    }
}
