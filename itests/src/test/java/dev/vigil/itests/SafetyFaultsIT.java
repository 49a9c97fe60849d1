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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;
import dev.vigil.testkit.WatchdogTwin;

/**
 * The faults that left two copies running or stalled the cluster, on three real node processes
 * over UDP on 127.0.0.1: a node that is no longer heard but still hears everyone (one-way), and
 * two nodes cut from each other only (non-transitive). The resource is a dummy whose state file
 * on each node says whether it runs there; a sampler reads those files every 10 ms throughout,
 * so "never two at once" is checked on what runs, not on what any node believes.
 */
class SafetyFaultsIT {
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private LocalCluster cluster;
    private final List<WatchdogTwin> twins = new ArrayList<>();
    private HolderSampler sampler;

    @AfterEach
    void stop() throws Exception {
        if (sampler != null) {
            sampler.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        for (WatchdogTwin t : twins) {
            t.close();
        }
    }

    private void startCluster() throws Exception {
        startCluster("rsc_defaults resource-stickiness=100\n"
                + "primitive d dummy op monitor interval=500ms timeout=5s\n");
        await().atMost(SETTLE).until(() -> running().size() == 1);
    }

    private void startCluster(String conf) throws Exception {
        startCluster(conf, false);
    }

    /**
     * @param watchdogs give every node a watchdog twin (timeout half of deadtime) whose reset
     *        also removes the node's dummy state file (its "machine" goes down with it)
     */
    private void startCluster(String conf, boolean watchdogs) throws Exception {
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory("vigil-safety-it"), 3,
                ItTiming.timing(), conf);
        Duration timeout = ItTiming.deadtime().dividedBy(2);
        for (String n : watchdogs ? cluster.nodes() : List.<String>of()) {
            Path home = cluster.home(n);
            WatchdogTwin twin = WatchdogTwin.start(home.resolve("var/watchdog"), timeout, home,
                    List.of("rm", "-f", home.resolve("var/state/dummy-d.state").toString()));
            twins.add(twin);
            Files.writeString(home.resolve("etc/dev.vigil.node.cfg"), "watchdog.device=" + twin.fifo()
                    + "\nwatchdog.timeout=" + timeout.toMillis() + "ms\n", java.nio.file.StandardOpenOption.APPEND);
        }
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        sampler = HolderSampler.every(Duration.ofMillis(10), this::running);
    }

    /** Nodes where the dummy runs: its state file exists. */
    private Set<String> running() {
        return HolderSampler.dummyHolders(cluster, "d");
    }

    private String holder() {
        return running().iterator().next();
    }

    private List<String> others(String node) {
        List<String> out = new ArrayList<>(cluster.nodes());
        out.remove(node);
        return out;
    }

    private void assertNeverTwoAtOnce() {
        assertEquals(List.of(), sampler.overlaps(), "the dummy ran on two nodes at once");
    }

    private String status(String node) throws IOException {
        return cluster.shell(node, "vigil:status").output;
    }

    @Test
    void aHolderNoLongerHeardGivesItsResourceUpBeforeAnotherNodeStartsIt() throws Exception {
        startCluster();
        String cutOff = holder();
        long cutAt = System.nanoTime();
        cluster.sendOnlyTo(cutOff, List.of()); // it still hears both others
        await().atMost(SETTLE).until(() -> running().size() == 1 && !running().contains(cutOff));
        System.out.println("one-way cut of the holder " + cutOff + ": running on " + running() + " after "
                + Duration.ofNanos(System.nanoTime() - cutAt).toMillis() + " ms");
        String survivor = others(cutOff).get(0);
        await().atMost(SETTLE).ignoreExceptions().until(() -> status(survivor).contains("2 of 3 nodes, quorate"));
        assertTrue(cluster.journal(cutOff).stream().anyMatch(e -> e.resource.equals("d") && e.action.equals("stop")
                && e.succeeded()), "the cut-off node stopped it itself");
        cluster.sendOnlyTo(cutOff, others(cutOff));
        await().atMost(SETTLE).ignoreExceptions().until(() -> status(survivor).contains("3 of 3 nodes, quorate"));
        await().atMost(SETTLE).until(() -> running().size() == 1);
        assertNeverTwoAtOnce();
    }

    @Test
    void aCutBetweenTwoNodesOnlyConvergesOnOneViewAndOneHolder() throws Exception {
        startCluster();
        String a = holder();
        String b = others(a).get(0);
        String c = others(a).get(1);
        long cutAt = System.nanoTime();
        cluster.sendOnlyTo(a, List.of(c));
        cluster.sendOnlyTo(b, List.of(c));
        await().atMost(SETTLE).ignoreExceptions().until(() -> status(c).contains("2 of 3 nodes, quorate") && !status(c).contains(
                "settling"));
        System.out.println("non-transitive cut " + a + "-" + b + ": one quorate view of two after "
                + Duration.ofNanos(System.nanoTime() - cutAt).toMillis() + " ms; running on " + running());
        await().atMost(SETTLE).until(() -> running().size() == 1);
        String view = status(c).lines().findFirst().orElseThrow();
        // The view must hold still: no flapping between the two candidate views.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                .until(() -> view.equals(status(c).lines().findFirst().orElseThrow()));
        cluster.sendOnlyTo(a, others(a));
        cluster.sendOnlyTo(b, others(b));
        await().atMost(SETTLE).ignoreExceptions().until(() -> status(c).contains("3 of 3 nodes, quorate"));
        await().atMost(SETTLE).until(() -> running().size() == 1);
        assertNeverTwoAtOnce();
    }

    @Test
    void aNodeOutsideTheConfiguredListNeverCountsAndItsFramesAreDropped() throws Exception {
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory("vigil-safety-it"), 4, ItTiming.timing(), "");
        for (String n : List.of("n1", "n2", "n3")) { // they know of three nodes; n4 believes in four
            Path cfg = cluster.home(n).resolve("etc/dev.vigil.node.cfg");
            Files.writeString(cfg, Files.readString(cfg).replace("nodes=n1,n2,n3,n4", "nodes=n1,n2,n3"));
        }
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        await().atMost(SETTLE).ignoreExceptions().until(() -> status("n1").contains("3 of 3 nodes, quorate,"));
        await().atMost(SETTLE).ignoreExceptions().until(() -> cluster.shell("n1", "vigil:links").output.contains("UNKNOWN_NODE"));
        assertTrue(!status("n1").contains("n4"), "n4 is no member and no node of n1's: " + status("n1"));
        await().atMost(SETTLE).ignoreExceptions().until(() -> status("n4").contains("INCOMPATIBLE"));
        assertTrue(status("n4").contains("NO QUORUM"), "one of four, with nobody to count: " + status("n4"));
    }

    /** A 2 s dummy, stopped at first, preferring n1. */
    private static final String SLOW = "primitive d dummy params op_sleep=2 op monitor interval=1s timeout=10s"
            + " op start timeout=10s op stop timeout=10s meta target-role=Stopped\n"
            + "location d-prefers-n1 d 100: n1\n";

    /** Starts d on n1 and cuts n1 off (one-way) while that start runs. */
    private void cutOffDuringItsStart() throws Exception {
        await().atMost(SETTLE).ignoreExceptions().until(() -> status("n2").contains("3 of 3 nodes, quorate,"));
        assertEquals(0, cluster.shell("n2", "vigil:start d").exitCode);
        await().atMost(SETTLE).ignoreExceptions().until(() -> status("n1").contains("start on n1 in progress"));
        cluster.sendOnlyTo("n1", List.of()); // while its start runs, n1 goes silent (it still hears the others)
    }

    @Test
    void withTheWatchdogANodeCutOffDuringAStartIsResetBeforeItRunsElsewhere() throws Exception {
        startCluster(SLOW, true);
        cutOffDuringItsStart();
        WatchdogTwin twin = twins.get(0);
        assertTrue(twin.awaitExit(SETTLE), "n1 (a start in progress, no lease) starved its watchdog: "
                + twin.output());
        await().atMost(SETTLE).until(() -> running().size() == 1 && !running().contains("n1"));
        assertNeverTwoAtOnce();
    }

    @Test
    void aStartInFlightWhenTheLeaseIsLostIsStoppedAsSoonAsItCompletes() throws Exception {
        // Every operation of this dummy takes 2 s: the start is still running when n1, cut off,
        // loses its lease half a second later.
        startCluster(SLOW);
        cutOffDuringItsStart();
        await().atMost(SETTLE).until(() -> cluster.journal("n1").stream()
                .anyMatch(e -> e.resource.equals("d") && e.action.equals("stop")));
        List<LocalCluster.JournalEntry> journal = cluster.journal("n1");
        LocalCluster.JournalEntry start = journal.stream()
                .filter(e -> e.resource.equals("d") && e.action.equals("start")).findFirst().orElseThrow(
                        () -> new AssertionError("n1 never ran the start: " + journal));
        LocalCluster.JournalEntry stop = journal.stream()
                .filter(e -> e.resource.equals("d") && e.action.equals("stop")).findFirst().orElseThrow();
        assertTrue(start.succeeded() && stop.succeeded(), start + " / " + stop);
        Duration after = Duration.between(start.finished, stop.started);
        assertTrue(after.compareTo(Duration.ofSeconds(1)) < 0, "stopped at once, not " + after.toMillis() + " ms later");
        await().atMost(SETTLE).until(() -> running().size() == 1 && !running().contains("n1"));
        System.out.println("start in flight at lease loss: stopped " + after.toMillis() + " ms after it completed;"
                + " samples with two copies (2 s starts and stops, no watchdog): " + sampler.overlaps().size());
    }
}
