package dev.vigil.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;
import dev.vigil.testkit.NetworkNamespace;
import dev.vigil.testkit.WatchdogTwin;

/**
 * The holder of a service address is paused (SIGSTOP) for 3 s, three times deadtime: a GC
 * pause, a frozen VM. The process cannot stop anything while paused, so only a watchdog outside
 * it can: with the watchdog twin fed by every node (timeout half of deadtime),
 * the paused holder is reset (its processes killed, its interface down) before the others
 * take the address over, and no two live interfaces ever carry it. Without a watchdog, the
 * paused holder gives the address up as soon as it runs again; the overlap is reported.
 */
class PauseIT {
    private static final LocalCluster.Timing TIMING = ItTiming.timing();
    /** Shorter than deadtime, so the majority never waits longer than for a plain node death. */
    private static final Duration WATCHDOG = ItTiming.deadtime().dividedBy(2);
    private static final Duration PAUSE = Duration.ofSeconds(3);

    private VipCluster vips;
    private HolderSampler sampler;

    @AfterEach
    void tearDown() throws Exception {
        if (sampler != null) {
            sampler.close();
        }
        for (String n : vips == null ? List.<String>of() : vips.cluster.nodes()) {
            signal("CONT", vips.cluster.process(n));
        }
        if (vips != null) {
            vips.close();
        }
    }

    private static void signal(String sig, Process p) throws Exception {
        if (p != null && p.isAlive()) {
            new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start().waitFor();
        }
    }

    @Test
    void withTheWatchdogThePausedHolderIsResetBeforeAnotherNodeTakesTheAddress() throws Exception {
        assertTrue(NetworkNamespace.available(), "needs root for network namespaces (./vigil test runs as root)");
        vips = VipCluster.create("pw", TIMING);
        List<WatchdogTwin> twins = vips.armWatchdogTwins(WATCHDOG);
        String holder = vips.startAndAwaitHolder(Duration.ofSeconds(60));
        WatchdogTwin twin = twins.get(vips.cluster.nodes().indexOf(holder));
        sampler = HolderSampler.every(Duration.ofMillis(20), vips::holders);
        long pausedAt = System.currentTimeMillis();
        signal("STOP", vips.cluster.process(holder));
        assertTrue(twin.awaitExit(PAUSE), "the twin reset the paused holder: " + twin.output());
        long resetAt = twin.resetAtMillis();
        String next = vips.awaitHolderOtherThan(holder, Duration.ofSeconds(30));
        long backAt = vips.firstAnswerFrom(next, pausedAt);
        System.out.println("pause of the holder with the watchdog twin: reset " + (resetAt - pausedAt)
                + " ms after the pause, address answered by " + next + " after " + (backAt - pausedAt)
                + " ms; overlap " + sampler.overlapMillis() + " ms");
        assertTrue(resetAt > 0 && resetAt < backAt, "reset before the address answered elsewhere");
        assertEquals(0, sampler.overlapMillis(), "never two live holders");
    }

    @Test
    void withoutAWatchdogThePausedHolderGivesTheAddressUpAsSoonAsItRuns() throws Exception {
        assertTrue(NetworkNamespace.available(), "needs root for network namespaces (./vigil test runs as root)");
        vips = VipCluster.create("pn", TIMING);
        String holder = vips.startAndAwaitHolder(Duration.ofSeconds(60));
        sampler = HolderSampler.every(Duration.ofMillis(20), vips::holders);
        long paused = System.nanoTime();
        signal("STOP", vips.cluster.process(holder));
        await().atMost(PAUSE.plusSeconds(30)).until(() -> {
            String who = vips.lastAnswerFrom(holder);
            return who != null;
        });
        long remaining = PAUSE.toNanos() - (System.nanoTime() - paused);
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining); // the pause is the fault under test: it lasts PAUSE
        }
        long resumed = System.nanoTime();
        signal("CONT", vips.cluster.process(holder));
        await().atMost(Duration.ofSeconds(30)).until(() -> vips.holders().size() == 1
                && !vips.holders().contains(holder));
        System.out.println("pause of the holder without a watchdog: it held the address with another for "
                + sampler.overlapMillis() + " ms; gave it up " + VipCluster.since(resumed).toMillis() + " ms after it ran again");
        assertNotNull(vips.lastAnswerFrom(holder));
        assertTrue(vips.cluster.process(holder).isAlive(), "it stays up, as a member without the address");
    }
}
