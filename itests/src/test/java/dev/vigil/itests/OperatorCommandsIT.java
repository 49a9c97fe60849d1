package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;
import dev.vigil.distribution.ShellClient;

/**
 * What an operator does with {@code bin/vigil shell} on a running three-process cluster:
 * stop and start a resource, put its node in standby, and watch a failed monitor recovered.
 * The dummy agent's state file is the resource: it exists exactly where the resource runs.
 */
class OperatorCommandsIT {
    private LocalCluster cluster;

    @BeforeEach
    void start() throws Exception {
        Path dist = Path.of(System.getProperty("vigil.distribution"));
        String conf = "rsc_defaults resource-stickiness=100 migration-threshold=2\n"
                + "primitive db dummy op monitor interval=300ms timeout=2s\n"
                + "primitive legacy ocf:heartbeat:Dummy op monitor interval=2s timeout=10s\n"
                + "primitive site dummy op monitor interval=300ms timeout=2s\n"
                + "rsc_ticket site-needs-ticket site-ticket: site loss-policy=stop\n";
        cluster = LocalCluster.create(dist, Files.createTempDirectory("vigil-operator-it"), 3,
                new LocalCluster.Timing("100ms", "400ms", "1s", "10s"), conf);
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        for (String n : cluster.nodes()) {
            assertTrue(cluster.awaitShell(n, Duration.ofSeconds(30)), n + " accepts commands");
        }
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private Path stateFile(String node) {
        return cluster.home(node).resolve("var/state/dummy-db.state");
    }

    /** The nodes where the resource runs, judged by the state files (what the agent itself checks). */
    private Optional<String> runningOn() {
        return cluster.nodes().stream().filter(n -> Files.exists(stateFile(n))).findFirst();
    }

    private long runningCount() {
        return cluster.nodes().stream().filter(n -> Files.exists(stateFile(n))).count();
    }

    private String awaitRunning(Predicate<String> where, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            Optional<String> on = runningOn();
            if (on.isPresent() && where.test(on.get()) && runningCount() == 1) {
                return on.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("db never " + what + "; running on " + runningOn());
    }

    private void awaitStopped() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end && runningCount() > 0) {
            Thread.sleep(20);
        }
        assertEquals(0, runningCount(), "db stopped everywhere");
    }

    private String shell(String node, String command) throws IOException {
        ShellClient.Answer a = cluster.shell(node, command);
        assertEquals(0, a.exitCode, command + " failed: " + a.output);
        return a.output;
    }

    @Test
    void stopStartAndStandbyAreObeyed() throws Exception {
        awaitRunning(n -> true, "started");
        shell("n2", "vigil:stop db");
        awaitStopped();
        assertTrue(shell("n3", "vigil:status").contains("target-role=Stopped"));
        shell("n3", "vigil:start db");
        String again = awaitRunning(n -> true, "started again");
        shell("n1", "vigil:standby " + again);
        String moved = awaitRunning(n -> !n.equals(again), "moved off the standby node");
        assertNotEquals(again, moved);
        assertTrue(shell(moved, "vigil:status").contains("standby"));
        assertFalse(Files.exists(stateFile(again)), "nothing of db is left on the node in standby");
    }

    @Test
    void aResourceRunsOnlyWhileItsTicketIsGranted() throws Exception {
        awaitRunning(n -> true, "started");
        Predicate<String> siteRuns = n -> Files.exists(cluster.home(n).resolve("var/state/dummy-site.state"));
        assertFalse(cluster.nodes().stream().anyMatch(siteRuns), "site waits for its ticket");
        assertTrue(shell("n1", "vigil:ticket").contains("site-ticket: revoked"));
        shell("n2", "vigil:ticket grant site-ticket");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster.nodes().stream().filter(siteRuns).count() == 1);
        assertTrue(shell("n3", "vigil:ticket").contains("site-ticket: granted"));
        shell("n3", "vigil:ticket revoke site-ticket");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cluster.nodes().stream().noneMatch(siteRuns));
        assertEquals(1, runningCount(), "db is not touched by the ticket");
    }

    @Test
    void aDebianOcfScriptRunsOnExactlyOneNode() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> on = List.of();
        while (System.nanoTime() < end) {
            on = cluster.nodes().stream()
                    .filter(n -> Files.exists(cluster.home(n).resolve("var/state/rsctmp/Dummy-legacy.state")))
                    .collect(Collectors.toList());
            if (on.size() == 1 && shell(on.get(0), "vigil:status").contains("Started " + on.get(0))) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(1, on.size(), "ocf:heartbeat:Dummy's state file on exactly one node: " + on);
        assertTrue(shell(on.get(0), "vigil:status").contains("legacy  (ocf:heartbeat:Dummy)"));
    }

    @Test
    void aFailedMonitorRestartsInPlaceThenMovesAtTheThreshold() throws Exception {
        String home = awaitRunning(n -> true, "started");
        Files.delete(stateFile(home)); // the service dies behind Vigil's back
        String recovered = awaitRunning(n -> true, "recovered");
        assertEquals(home, recovered, "first failure: restarted where it was");
        String status = shell(home, "vigil:status");
        assertTrue(status.contains("Failed actions:") && status.contains("db_monitor_300"), status);

        awaitFailCountVisible(home);
        Files.delete(stateFile(home)); // second failure reaches migration-threshold=2
        String moved = awaitRunning(n -> !n.equals(home), "moved after the threshold");
        assertNotEquals(home, moved);

        shell(moved, "vigil:cleanup db");
        assertTrue(!shell(moved, "vigil:status").contains("Failed actions:"), "cleanup forgets the failures");
    }

    /** Waits until the restarted resource's monitor is running again, so the next failure counts. */
    private void awaitFailCountVisible(String node) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            long monitorsAfterRecovery = cluster.journal(node).stream()
                    .dropWhile(e -> !(e.action.equals("start") && e.succeeded())).skip(1)
                    .dropWhile(e -> !(e.action.equals("start") && e.succeeded()))
                    .filter(e -> e.action.equals("monitor") && e.intervalMillis > 0 && e.succeeded()).count();
            if (monitorsAfterRecovery > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("db not monitored again on " + node);
    }
}
