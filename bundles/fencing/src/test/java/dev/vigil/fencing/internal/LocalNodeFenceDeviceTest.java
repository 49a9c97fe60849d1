package dev.vigil.fencing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceRequest;
import dev.vigil.fence.FenceResult;

/** fence_vigil_local against real processes (and a real network namespace). */
class LocalNodeFenceDeviceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private final LocalNodeFenceDevice device = new LocalNodeFenceDevice();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (String ns : namespaces) {
            sh("ip netns pids " + ns + " | xargs -r kill -9; ip netns del " + ns);
        }
    }

    /** A node's processes: a shell with a background child, both with VIGIL_HOME set; returns the child's pid. */
    private long startNode(Path home) throws Exception {
        Files.createDirectories(home);
        Path pid = home.resolve("child.pid");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "sleep 300 & echo $! > " + pid + "; exec sleep 301");
        pb.environment().put("VIGIL_HOME", home.toString());
        started.add(pb.start());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!(Files.exists(pid) && !Files.readString(pid).isBlank()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return Long.parseLong(Files.readString(pid).strip());
    }

    private FenceResult run(FenceAction action, String target, Map<String, String> params) {
        return device.execute(FenceRequest.of("f-local", action, target, target, params, TIMEOUT));
    }

    private static boolean alive(long pid) {
        return Processes.running(pid);
    }

    @Test
    void offKillsEveryProcessOfTheNodeAndNoOther() throws Exception {
        Path n2 = dir.resolve("n2"), n3 = dir.resolve("n3");
        long n2child = startNode(n2);
        Process n2main = started.get(0);
        long n3child = startNode(n3);
        Map<String, String> homes = Map.of("homes", "n2:" + n2 + ";n3:" + n3);
        assertEquals(FenceResult.Status.OK, run(FenceAction.STATUS, "n2", homes).status(), "n2 runs");

        FenceResult off = run(FenceAction.OFF, "n2", homes);
        assertEquals(FenceResult.Status.OK, off.status(), off.toString());
        assertTrue(off.reason().startsWith("killed 2 processes of n2"), off.reason());
        assertTrue(n2main.waitFor(5, TimeUnit.SECONDS), "n2's shell was killed");
        assertFalse(alive(n2child), "n2's background child was killed");
        assertTrue(alive(n3child), "n3 runs on");
        assertEquals(FenceResult.Status.OFF, run(FenceAction.STATUS, "n2", homes).status());
        assertEquals(FenceResult.Status.OK, run(FenceAction.STATUS, "n3", homes).status());
        assertEquals(FenceResult.Status.OK, run(FenceAction.ON, "n2", homes).status(), "on is a no-op");
        assertEquals(List.of("n2", "n3"), run(FenceAction.LIST, null, homes).targets());
    }

    @Test
    void theHomeMayBeTheHostMapPort() throws Exception {
        Path n2 = dir.resolve("n2");
        long child = startNode(n2);
        FenceResult off = device.execute(FenceRequest.of("f-local", FenceAction.REBOOT, "n2", n2.toString(), Map.of(),
                TIMEOUT));
        assertEquals(FenceResult.Status.OK, off.status(), off.toString());
        assertFalse(alive(child));
    }

    @Test
    void anUnknownNodeIsAnErrorThatSaysWhatToConfigure() {
        FenceResult r = run(FenceAction.OFF, "n9", Map.of("homes", "n2:/x"));
        assertEquals(FenceResult.Status.ERROR, r.status());
        assertTrue(r.reason().contains("does not know n9"), r.reason());
    }

    @Test
    void offKillsEveryProcessInTheNodesNamespaceAndTakesItsLinksDown() throws Exception {
        String ns = "vigil-fence-" + ProcessHandle.current().pid();
        namespaces.add(ns);
        assertEquals(0, sh("ip netns add " + ns + " && ip -n " + ns + " link add v0 type veth peer name v1 && ip -n " + ns
                + " link set v0 up && ip -n " + ns + " link set v1 up && ip -n " + ns + " link set lo up && ip -n " + ns
                + " addr add 10.99.0.1/24 dev v0"),
                "network namespaces are needed (run as root)");
        Process inside = new ProcessBuilder("ip", "netns", "exec", ns, "sleep", "300").start();
        started.add(inside);
        Map<String, String> params = Map.of("namespaces", "n2:" + ns);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (run(FenceAction.STATUS, "n2", params).status() != FenceResult.Status.OK && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(FenceResult.Status.OK, run(FenceAction.STATUS, "n2", params).status(), "a process runs in " + ns);

        FenceResult off = run(FenceAction.OFF, "n2", params);
        assertEquals(FenceResult.Status.OK, off.status(), off.toString());
        assertTrue(inside.waitFor(5, TimeUnit.SECONDS), "the process in the namespace was killed");
        assertEquals(FenceResult.Status.OFF, run(FenceAction.STATUS, "n2", params).status());
        String links = out("ip -n " + ns + " -o link show");
        assertFalse(links.contains(",UP"), "every link down: " + links);
        assertEquals(0, out("ip -n " + ns + " -o link show up").strip().length(), "no link up");
    }

    private static int sh(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static String out(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return s;
    }
}
