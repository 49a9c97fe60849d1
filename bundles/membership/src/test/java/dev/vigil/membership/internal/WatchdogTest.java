package dev.vigil.membership.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.testkit.WatchdogTwin;

/** The node's watchdog against the test twin: fed, it waits; starved, it resets the node; 'V' disarms it. */
class WatchdogTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @TempDir
    Path dir;

    /** A stand-in for one of the node's processes (a service its agent started). */
    private Process nodeProcess(Path home) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sleep", "600");
        pb.environment().put("VIGIL_HOME", home.toString());
        return pb.start();
    }

    @Test
    void aStarvedWatchdogResetsTheNodeAndAFedOneDoesNot() throws Exception {
        Path home = Files.createDirectory(dir.resolve("node"));
        Process service = nodeProcess(home);
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        AtomicBoolean lease = new AtomicBoolean(true);
        try (WatchdogTwin twin = WatchdogTwin.start(dir.resolve("watchdog"), TIMEOUT, home, List.of())) {
            Watchdog watchdog = Watchdog.arm(twin.fifo());
            ticks.scheduleWithFixedDelay(() -> watchdog.feed(lease.get()), 0, 100, TimeUnit.MILLISECONDS);
            assertFalse(service.waitFor(3 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    "fed every 100 ms, the twin leaves the node alone");
            long starved = System.currentTimeMillis();
            lease.set(false);
            assertTrue(service.waitFor(10, TimeUnit.SECONDS), "starved, the twin resets the node");
            assertTrue(twin.awaitExit(Duration.ofSeconds(10)), "the twin is done once it has reset the node");
            long resetAt = twin.resetAtMillis();
            assertTrue(resetAt >= starved + TIMEOUT.toMillis() - 150, "not before its timeout: " + twin.output());
        } finally {
            ticks.shutdownNow();
            service.destroyForcibly();
        }
    }

    @Test
    void aCleanShutdownDisarmsIt() throws Exception {
        Path home = Files.createDirectory(dir.resolve("node"));
        Process service = nodeProcess(home);
        try (WatchdogTwin twin = WatchdogTwin.start(dir.resolve("watchdog"), TIMEOUT, home, List.of())) {
            Watchdog watchdog = Watchdog.arm(twin.fifo());
            watchdog.feed(true);
            watchdog.close();
            assertTrue(twin.awaitExit(Duration.ofSeconds(10)), "the twin ends when disarmed");
            assertTrue(service.isAlive(), "disarmed: no reset");
            assertTrue(twin.output().contains("disarmed"), twin.output());
        } finally {
            service.destroyForcibly();
        }
    }

    @Test
    void aWatchdogThatCannotBeArmedSaysWhyAndWhatToDo() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Watchdog.arm(dir.resolve("no/such/device")));
        assertTrue(e.getMessage().contains("cannot arm the watchdog") && e.getMessage().contains("softdog"),
                e.getMessage());
    }

    @Test
    void onlyKernelDevicesHaveAKernelTimeoutToCheck() {
        assertTrue(Watchdog.kernelTimeoutSeconds(dir.resolve("watchdog")) == null, "a twin's FIFO is not one");
        assertTrue(Watchdog.kernelTimeoutSeconds(Path.of("/dev/null")) == null);
    }
}
