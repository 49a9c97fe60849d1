package dev.vigil.fencing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDevice;
import dev.vigil.fence.FenceEvent;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ConfigReader;

/** The fencer with real device types: Debian's fence_dummy through the bridge, and fence_vigil_local. */
class FencerWithRealDevicesTest {
    @TempDir
    Path dir;

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        threads.shutdownNow();
        started.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    private FencingService fencer(String config) {
        ClusterConfig c = new ConfigReader("test").read(config);
        ExecFenceAgent dummy = new ExecFenceAgent(Path.of("/usr/sbin/fence_dummy"));
        LocalNodeFenceDevice local = new LocalNodeFenceDevice();
        java.util.function.Function<String, FenceDevice> types = t -> t.equals("fence_dummy") ? dummy
                : t.equals(LocalNodeFenceDevice.TYPE) ? local : null;
        return new FencingService("n1", () -> c, types, DeviceCaller.guarded(threads), Clock.systemUTC(), d -> Thread.sleep(d.toMillis()),
                new Random(), threads, journal::add);
    }

    @Test
    void fenceDummyPowersTheTargetOffThroughTheBridge() throws Exception {
        Path power = dir.resolve("n2.power");
        Files.writeString(power, "on");
        FencingService f = fencer("node n1\nnode n2\nprimitive f-dummy stonith:fence_dummy params status_file=" + power
                + " pcmk_host_list=n2 pcmk_delay_base=100ms\n");
        FenceEvent e = f.fence("n2", FenceAction.OFF, "n1", "test").toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(FenceEvent.State.SUCCEEDED, e.state(), e.toString());
        assertEquals("f-dummy", e.device());
        assertEquals("off", Files.readString(power));
        assertTrue(journal.stream().anyMatch(l -> l.matches("fence: off of n2 by f-dummy succeeded in \\d+\\.\\d s")),
                journal.toString());
        f.monitorDevices();
        assertEquals("f-dummy fence_dummy [n2] true", f.devices().stream()
                .map(s -> s.id() + " " + s.type() + " " + s.targets() + " " + s.available()).findFirst().orElseThrow());
    }

    @Test
    void aSecondLevelFencesWhenTheFirstLevelsDeviceFails() throws Exception {
        Path power = dir.resolve("n2.power");
        Files.writeString(power, "on");
        // f-broken: fence_dummy told a power timeout it refuses, as an unreachable device fails.
        FencingService f = fencer("node n1\nnode n2\n"
                + "primitive f-broken stonith:fence_dummy params status_file=" + power + " power_timeout=abc "
                + "pcmk_host_list=n2\n"
                + "primitive f-dummy stonith:fence_dummy params status_file=" + power + " pcmk_host_list=n2\n"
                + "fencing_topology n2: f-broken f-dummy\n");
        FenceEvent e = f.fence("n2", FenceAction.REBOOT, "n1", "test").toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(FenceEvent.State.SUCCEEDED, e.state(), e.toString());
        assertEquals("f-dummy", e.device());
        assertTrue(journal.stream().anyMatch(l -> l.contains("by f-broken attempt 1 of 2 failed")
                && l.contains("not a valid time in seconds")), journal.toString());
    }

    @Test
    void fenceVigilLocalKillsTheTargetNodesProcesses() throws Exception {
        Path home = dir.resolve("n2");
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder("sleep", "300");
        pb.environment().put("VIGIL_HOME", home.toString());
        Process node = pb.start();
        started.add(node);
        FencingService f = fencer("node n1\nnode n2\nprimitive f-local stonith:fence_vigil_local params "
                + "pcmk_host_map=\"n2:" + home + "\"\n");
        FenceEvent e = f.fence("n2", FenceAction.REBOOT, "n1", "lost").toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(FenceEvent.State.SUCCEEDED, e.state(), e.toString());
        assertTrue(node.waitFor(5, TimeUnit.SECONDS));
        assertFalse(Processes.running(node.pid()));
    }
}
