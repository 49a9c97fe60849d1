package dev.vigil.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * The node's watchdog: against the test twin (fed, it waits; starved, it resets the node; 'V'
 * disarms it), and the device protocol itself against what stands in for {@code /dev/watchdog}
 * here (no watchdog driver in a container): a regular file and a named pipe read as the kernel
 * reads the device.
 */
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

    @Test
    void theDeviceIsOpenedAtArmWrittenOnEveryFeedAndClosedWithTheMagicV() throws Exception {
        Path device = Files.createFile(dir.resolve("watchdog-file"));
        Watchdog watchdog = Watchdog.arm(device);
        assertEquals("k", Files.readString(device), "opened and written at once: arming the kernel watchdog");
        watchdog.feed(true);
        watchdog.feed(true);
        assertEquals("kkk", Files.readString(device), "one write per feed, unbuffered");
        watchdog.feed(false);
        assertEquals("kkk", Files.readString(device), "starving writes nothing");
        watchdog.close();
        assertEquals("kkkV", Files.readString(device), "a clean disarm writes the magic close character last");
    }

    @Test
    void aReaderOfTheDeviceSeesEachFeedAsItHappensAndTheCloseAfterV() throws Exception {
        Path fifo = dir.resolve("watchdog-fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        java.util.concurrent.BlockingQueue<Integer> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread kernel = new Thread(() -> { // reads what the driver would receive, byte by byte
            try (java.io.InputStream in = Files.newInputStream(fifo)) {
                int b;
                do {
                    b = in.read();
                    seen.add(b);
                } while (b >= 0);
            } catch (java.io.IOException e) {
                seen.add(-2);
            }
        });
        kernel.start();
        Watchdog watchdog = Watchdog.arm(fifo);
        assertEquals('k', seen.poll(5, TimeUnit.SECONDS), "armed: the device was opened and written");
        watchdog.feed(true);
        assertEquals('k', seen.poll(5, TimeUnit.SECONDS), "the feed reaches the device at once");
        watchdog.feed(false);
        assertEquals(null, seen.poll(300, TimeUnit.MILLISECONDS), "starved: nothing reaches it");
        watchdog.close();
        assertEquals('V', seen.poll(5, TimeUnit.SECONDS), "magic close");
        assertEquals(-1, seen.poll(5, TimeUnit.SECONDS), "then the device is closed");
        kernel.join(5000);
    }

    @Test
    void aDeviceThatCannotBeOpenedHoldsTheLeaseBackAndSaysWhy() throws Exception {
        Path notADevice = Files.createDirectory(dir.resolve("watchdog-dir"));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Watchdog.arm(notADevice));
        assertTrue(e.getMessage().contains("cannot arm the watchdog " + notADevice) && e.getMessage().contains(
                "Is a directory") && e.getMessage().contains("leave watchdog.device empty"), e.getMessage());

        EngineCluster c = new EngineCluster(SafetyScenarioTest.TIMING, 7, List.of("n1", "n2", "n3")).startAll();
        WatchdogGuard broken = new WatchdogGuard(notADevice, Duration.ofSeconds(1));
        Path device = Files.createFile(dir.resolve("watchdog-n1"));
        WatchdogGuard working = new WatchdogGuard(device, Duration.ofSeconds(1));
        c.engines.get("n3").setLeaseGuard(broken);
        c.engines.get("n1").setLeaseGuard(working);
        c.run(Duration.ofSeconds(1));
        assertFalse(c.view("n3").leaseHeld(), "n3, its watchdog unarmed, may run nothing");
        assertTrue(broken.refusal().contains("cannot arm the watchdog " + notADevice)
                && broken.refusal().contains("holds no lease and runs nothing"), broken.refusal());
        assertTrue(c.view("n1").leaseHeld() && working.refusal() == null);
        assertEquals("k", Files.readString(device), "n1 armed its watchdog at its first lease");
        working.tick(true);
        assertEquals("kk", Files.readString(device));
        working.stop(false);
        assertEquals("kkV", Files.readString(device), "a clean stop with nothing running disarms it");
    }
}
