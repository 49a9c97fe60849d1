package dev.vigil.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.fence.FenceDeviceState;
import dev.vigil.model.ConfigReader;

/** What {@code vigil:status} and {@code vigil:fence-history} print about fencing. */
class StatusFormatterTest {
    private final ShellFixture cluster = new ShellFixture();
    private final ShellFixture.FakeFencer fencer = cluster.new FakeFencer();

    private String status(boolean fencerRuns) {
        return StatusFormatter.format(new StatusView(cluster.report(),
                FencingOverview.of(cluster.config, fencerRuns ? fencer : null)));
    }

    @Test
    void aLostNodeNotYetFencedIsUncleanAndItsFenceInProgress() {
        String out = status(true);
        assertTrue(out.contains("\n  n3  UNCLEAN (offline)  fencing in progress\n"), out);
        assertTrue(out.contains("\n  n2  online\n"), out);
        assertFalse(out.contains("fencing: "), out);
        assertTrue(out.contains("\n  web  (dummy)                Started n3 (UNCLEAN)\n"),
                "what it ran may still run there: " + out);
    }

    @Test
    void showsTheFenceDevicesAndTheirState() {
        fencer.devices = List.of(FenceDeviceState.of("f1", "fence_dummy", List.of("n1", "n2", "n3"), true, ""),
                FenceDeviceState.of("ipmi-n3", "fence_ipmilan", List.of("n3"), false, "monitor failed: no route"));
        String out = status(true);
        assertTrue(out.contains("\nFence devices:\n"
                + "  f1       (fence_dummy)    fences n1,n2,n3  available\n"
                + "  ipmi-n3  (fence_ipmilan)  fences n3        UNAVAILABLE: monitor failed: no route\n"), out);
    }

    @Test
    void withoutFencingConfiguredSaysSoOnceAndShowsNoDevices() {
        cluster.config = new ConfigReader("t").read("property stonith-enabled=false\n" + ShellFixture.FENCING);
        String out = status(true);
        assertEquals(1, out.split("fencing: not configured", -1).length - 1, out);
        assertFalse(out.contains("Fence devices"), out);
        cluster.config = new ConfigReader("t").read("primitive web dummy\n");
        assertTrue(status(false).contains("\nfencing: not configured\n"), "no device, no watchdog");
    }

    @Test
    void watchdogFencingAloneHasNoDevices() {
        cluster.config = new ConfigReader("t").read("property stonith-watchdog-timeout=10s\nprimitive web dummy\n");
        fencer.devices = List.of();
        String out = status(true);
        assertTrue(out.contains("\nFence devices:\n  (none configured: watchdog fencing only)\n"), out);
    }

    @Test
    void saysWhenNoFencerRuns() {
        String out = status(false);
        assertTrue(out.contains("\nfencing: no fencer running\n"), out);
        assertTrue(out.contains("\n  n3  UNCLEAN (offline)\n"), "unclean whatever the fencer: " + out);
        assertFalse(out.contains("Fence devices"), out);
    }

    @Test
    void theHistoryIsATableOldestFirst() {
        String out = StatusFormatter.format(new FenceHistory(fencer.history()));
        String[] lines = out.split("\n");
        assertEquals(3, lines.length, out);
        assertTrue(lines[0].startsWith("REQUESTED            TARGET  ACTION  STATE      ORIGIN  EXECUTOR  DEVICE"),
                out);
        assertTrue(lines[1].contains("  n2      reboot  succeeded  n1      n3        f1      "), out);
        assertTrue(lines[1].endsWith("peer is no longer part of the cluster"), out);
        assertTrue(lines[2].contains("  n3      reboot  pending    n1      -         -       -  "), out);
        assertEquals(lines[0].indexOf("REASON"), lines[1].indexOf("peer is"), "aligned:\n" + out);
        assertEquals("no fence operations\n", StatusFormatter.format(new FenceHistory(List.of())));
    }
}
