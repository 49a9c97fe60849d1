package dev.vigil.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.heartbeat.KeyRing;
import dev.vigil.heartbeat.Timing;

/** The timing rules: deadtime >= lease + stop budget + margin, and a kernel watchdog's whole seconds. */
class NodeSettingsTest {
    private static final KeyRing KEYS = KeyRing.parse("1 hmac-sha256 test-secret-0123456789\n");
    private static final List<String> NODES = List.of("n1", "n2", "n3");
    /** The demo timing: keepalive 100 ms, deadtime 1 s. */
    private static final Timing DEMO = Timing.of(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(1),
            Duration.ofSeconds(10));

    private static NodeSettings settings(Timing t, Duration lease, Path watchdog, Duration watchdogTimeout) {
        return new NodeSettings("n1", "test", NODES, t, KEYS, lease, false, false, watchdog, watchdogTimeout);
    }

    @Test
    void theStopBudgetIsTheMajoritysWaitLessTheLeaseAndAKeepaliveToNotice() {
        assertEquals(Duration.ofMillis(400), settings(DEMO, Duration.ofMillis(500), null, Duration.ZERO).stopBudget(),
                "deadtime 1 s - lease 500 ms - keepalive 100 ms");
        NodeSettings watched = settings(DEMO, Duration.ofMillis(500), Path.of("/run/twin.fifo"), Duration.ofSeconds(2));
        assertEquals(Duration.ofMillis(2500), watched.recoveryWait(), "lease + watchdog timeout, longer than deadtime");
        assertEquals(Duration.ofMillis(1900), watched.stopBudget());
    }

    @Test
    void settingsThatLeaveNoStopBudgetAreRefusedAndSayWhatWouldDo() {
        // lease 900 ms of a 1 s deadtime: a keepalive to notice, and nothing left to stop in
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(DEMO, Duration.ofMillis(900), null, Duration.ZERO));
        assertTrue(e.getMessage().contains("lease (900 ms) leaves a stop budget of nothing"), e.getMessage());
        assertTrue(e.getMessage().contains("make the lease at most 750 ms or deadtime longer"), e.getMessage());
        IllegalArgumentException thin = assertThrows(IllegalArgumentException.class,
                () -> settings(DEMO, Duration.ofMillis(800), null, Duration.ZERO));
        assertTrue(thin.getMessage().contains("leaves a stop budget of 100 ms"), thin.getMessage());
        assertEquals(Duration.ofMillis(150), settings(DEMO, Duration.ofMillis(750), null, Duration.ZERO).stopBudget(),
                "the longest lease accepted still leaves a quarter of deadtime less a keepalive");
    }

    @Test
    void aKernelWatchdogTimeoutMustBeWholeSeconds() {
        Path softdog = Path.of("/dev/watchdog");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(DEMO, Duration.ofMillis(500), softdog, Duration.ofMillis(1500)));
        assertTrue(e.getMessage().contains("watchdog.timeout (1500 ms) is not a whole number of seconds")
                && e.getMessage().contains("1 s resolution")
                && e.getMessage().contains("set watchdog.timeout=2s (and soft_margin=2) or 1s (and soft_margin=1)"),
                e.getMessage());
        IllegalArgumentException sub = assertThrows(IllegalArgumentException.class,
                () -> settings(DEMO, Duration.ofMillis(500), Path.of("/dev/watchdog1"), Duration.ofMillis(500)));
        assertTrue(sub.getMessage().contains("set watchdog.timeout=1s (and soft_margin=1)")
                && !sub.getMessage().contains(" or 0s"), "below a second, only up: " + sub.getMessage());
        assertEquals(Duration.ofMillis(2500), settings(DEMO, Duration.ofMillis(500), softdog, Duration.ofSeconds(2))
                .recoveryWait(), "whole seconds are accepted: lease + 2 s");
        assertEquals(Duration.ofMillis(500), settings(DEMO, Duration.ofMillis(500), Path.of("/tmp/twin.fifo"),
                Duration.ofMillis(500)).watchdogTimeout, "a twin's FIFO keeps milliseconds");
    }

    @Test
    void onlyDevWatchdogPathsAreKernelWatchdogs() {
        assertTrue(Watchdog.isKernelDevice(Path.of("/dev/watchdog")));
        assertTrue(Watchdog.isKernelDevice(Path.of("/dev/watchdog0")));
        assertTrue(!Watchdog.isKernelDevice(Path.of("/tmp/watchdog")));
        assertTrue(!Watchdog.isKernelDevice(Path.of("/dev/watchdog-twin.fifo")));
    }
}
