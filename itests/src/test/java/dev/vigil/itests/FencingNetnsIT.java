package dev.vigil.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;
import dev.vigil.testkit.NetworkNamespace;
import dev.vigil.testkit.WatchdogTwin;

/**
 * Fencing with a service address, each node in a network namespace of its own and a client
 * asking the address every 50 ms. The power switch is the native local fence device: it kills
 * every process of the target and takes its interface down (a powered-off host is silent on
 * the wire). Overlap is measured on the wire: how long two live interfaces carried the address.
 */
class FencingNetnsIT {
    private static final LocalCluster.Timing TIMING = ItTiming.timing();
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private VipCluster vips;
    private HolderSampler sampler;

    @AfterEach
    void tearDown() throws Exception {
        if (sampler != null) {
            sampler.close();
        }
        for (String n : vips == null ? List.<String>of() : vips.cluster.nodes()) {
            Process p = vips.cluster.process(n);
            if (p != null && p.isAlive()) {
                new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).inheritIO().start().waitFor();
            }
        }
        if (vips != null) {
            vips.close();
        }
    }

    /** A native device for the given targets, with a static delay before it fences (Pacemaker's pcmk_delay_base). */
    private static String localDevice(String id, String targets, String delay) {
        return "primitive " + id + " stonith:fence_vigil_local params homes=\"%HOMES%\" namespaces=\"%NAMESPACES%\""
                + " pcmk_host_list=\"" + targets + "\"" + (delay.isEmpty() ? "" : " pcmk_delay_base=" + delay)
                + " op monitor interval=10s timeout=20s\n";
    }

    /** When a fence of the target succeeded, from the journals of the fencers that ran it, or null. */
    private Instant fenced(String target) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (String n : vips.cluster.nodes()) {
            Path log = vips.cluster.home(n).resolve("var/fencing.log");
            if (Files.exists(log)) {
                lines.addAll(Files.readAllLines(log));
            }
        }
        return FencingJournal.succeeded(lines, target).orElse(null);
    }

    /** When the address group's start began on the node (the first after {@code after}). */
    private Instant vipStarted(String node, long after) throws IOException {
        return vips.cluster.journal(node).stream().filter(e -> e.resource.equals("vip") && e.action.equals("start")
                && e.started.toEpochMilli() >= after).map(e -> e.started).findFirst().orElseThrow();
    }

    @Test
    void aPausedHolderIsFencedBeforeTheAddressStartsElsewhere() throws Exception {
        assertTrue(NetworkNamespace.available(), "needs root for network namespaces (./vigil test runs as root)");
        vips = VipCluster.create("fp", TIMING, 3, "property stonith-enabled=true\n"
                + localDevice("fence-local", "n1 n2 n3", ""));
        String holder = vips.startAndAwaitHolder(SETTLE);
        sampler = HolderSampler.every(Duration.ofMillis(20), vips::holders);
        long pausedAt = System.currentTimeMillis();
        new ProcessBuilder("kill", "-STOP", Long.toString(vips.cluster.process(holder).pid())).start().waitFor();
        String next = vips.awaitHolderOtherThan(holder, SETTLE);
        Instant fencedAt = fenced(holder);
        assertTrue(fencedAt != null, "the paused holder was fenced");
        Instant startedAt = vipStarted(next, pausedAt);
        long backAt = vips.firstAnswerFrom(next, pausedAt);
        System.out.println("paused holder " + holder + ": fenced " + (fencedAt.toEpochMilli() - pausedAt)
                + " ms after the pause, address started on " + next + " at " + (startedAt.toEpochMilli() - pausedAt)
                + " ms, answered at " + (backAt - pausedAt) + " ms; overlap " + sampler.overlapMillis() + " ms");
        assertFalse(vips.cluster.process(holder).isAlive(), "the fence powered the paused holder off");
        assertTrue(!startedAt.isBefore(fencedAt), "the address started elsewhere only after the fence");
        assertEquals(0, sampler.overlapMillis(), "never two live holders");
    }

    @Test
    void aTwoNodeSplitWithFencingLeavesExactlyOneNodeAndNoOverlap() throws Exception {
        assertTrue(NetworkNamespace.available(), "needs root for network namespaces (./vigil test runs as root)");
        // Fencing n1 waits 5 s, so in a split n1 (the holder, by preference) fences n2 first.
        vips = VipCluster.create("fs", TIMING, 2, "property stonith-enabled=true\n"
                + "location g-prefers-n1 g 500: n1\n" // above the group's stickiness: it moves to n1
                + localDevice("fence-n1", "n1", "5s") + localDevice("fence-n2", "n2", ""));
        for (String n : vips.cluster.nodes()) {
            Files.writeString(vips.cluster.home(n).resolve("etc/dev.vigil.node.cfg"), "two.node=true\n",
                    StandardOpenOption.APPEND);
        }
        vips.start();
        await().atMost(SETTLE).until(() -> "n1".equals(vips.lastAnswerFrom(null)));
        sampler = HolderSampler.every(Duration.ofMillis(20), vips::holders);
        long cutAt = System.currentTimeMillis();
        vips.cutBetween("n1", "n2");
        await().atMost(SETTLE).until(() -> fenced("n2") != null);
        await().atMost(SETTLE).until(() -> !vips.cluster.process("n2").isAlive());
        long fencedAfter = fenced("n2").toEpochMilli() - cutAt;
        long failures = vips.answers().stream().filter(a -> Long.parseLong(a.split(" ")[0]) > cutAt
                && a.endsWith(" FAIL")).count();
        System.out.println("two-node split: n2 fenced " + fencedAfter + " ms after the cut; n1 kept the address ("
                + failures + " failed client requests); overlap " + sampler.overlapMillis() + " ms");
        assertTrue(vips.cluster.process("n1").isAlive(), "the holder survives");
        assertEquals(null, fenced("n1"), "exactly one node was fenced");
        assertEquals(Set.of("n1"), vips.holders());
        assertTrue(vips.cluster.journal("n2").stream().noneMatch(e -> e.resource.equals("vip")
                && e.action.equals("start") && e.started.toEpochMilli() > cutAt), "n2 never started the address");
        assertEquals(0, sampler.overlapMillis(), "never two live holders");
    }

    @Test
    void withWatchdogFencingAPausedHolderCountsAsFencedOnceTheWatchdogTimeoutHasPassed() throws Exception {
        assertTrue(NetworkNamespace.available(), "needs root for network namespaces (./vigil test runs as root)");
        // SBD's watchdog-only mode: no device; every node's watchdog (the twin) resets it when it
        // is not fed; the cluster waits stonith-watchdog-timeout (twice the watchdog's) instead.
        Duration watchdog = ItTiming.deadtime().dividedBy(2);
        vips = VipCluster.create("fw", TIMING, 3, "property stonith-enabled=true stonith-watchdog-timeout="
                + watchdog.multipliedBy(2).toMillis() + "ms\n");
        List<WatchdogTwin> twins = vips.armWatchdogTwins(watchdog);
        String holder = vips.startAndAwaitHolder(SETTLE);
        WatchdogTwin twin = twins.get(vips.cluster.nodes().indexOf(holder));
        sampler = HolderSampler.every(Duration.ofMillis(20), vips::holders);
        long pausedAt = System.currentTimeMillis();
        new ProcessBuilder("kill", "-STOP", Long.toString(vips.cluster.process(holder).pid())).start().waitFor();
        assertTrue(twin.awaitExit(SETTLE), "the twin reset the paused holder: " + twin.output());
        String next = vips.awaitHolderOtherThan(holder, SETTLE);
        Instant fencedAt = fenced(holder);
        assertTrue(fencedAt != null, "the paused holder counts as fenced (by the watchdog)");
        Instant startedAt = vipStarted(next, pausedAt);
        System.out.println("paused holder " + holder + " with watchdog fencing: reset " + (twin.resetAtMillis() - pausedAt)
                + " ms after the pause, counted fenced at " + (fencedAt.toEpochMilli() - pausedAt)
                + " ms, address started on " + next + " at " + (startedAt.toEpochMilli() - pausedAt)
                + " ms; overlap " + sampler.overlapMillis() + " ms");
        assertTrue(twin.resetAtMillis() < fencedAt.toEpochMilli(), "reset before it counted as fenced");
        assertTrue(!startedAt.isBefore(fencedAt), "the address started elsewhere only after the fence");
        assertEquals(0, sampler.overlapMillis(), "never two live holders");
    }
}
