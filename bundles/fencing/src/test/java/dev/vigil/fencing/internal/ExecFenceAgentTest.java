package dev.vigil.fencing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDeviceMetadata;
import dev.vigil.fence.FenceRequest;
import dev.vigil.fence.FenceResult;

/** The exec bridge against Debian's real {@code /usr/sbin/fence_dummy} and a hanging agent. */
class ExecFenceAgentTest {
    private static final Path FENCE_DUMMY = Path.of("/usr/sbin/fence_dummy");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ExecFenceAgent dummy = new ExecFenceAgent(FENCE_DUMMY);

    private FenceResult run(FenceAction action, Map<String, String> params) {
        return dummy.execute(FenceRequest.of("f-dummy", action, action == FenceAction.MONITOR ? null : "n2",
                action == FenceAction.MONITOR ? null : "n2", params, TIMEOUT));
    }

    @Test
    void theRegistryFindsTheInstalledAgents() throws Exception {
        assertTrue(Files.isExecutable(FENCE_DUMMY), "fence-agents must be installed: " + FENCE_DUMMY);
        List<ExecFenceAgent> agents = FenceAgentRegistry.scan(Path.of("/usr/sbin"));
        assertTrue(agents.stream().anyMatch(a -> a.type().equals("fence_dummy")), "fence_dummy found");
        assertTrue(agents.size() > 10, agents.size() + " agents");
    }

    @Test
    void readsFenceDummysMetadata() {
        FenceDeviceMetadata m = dummy.metadata();
        assertEquals("fence_dummy", m.type());
        assertEquals("Dummy fence agent", m.description());
        assertTrue(m.supports(FenceAction.OFF) && m.supports(FenceAction.ON) && m.supports(FenceAction.REBOOT)
                && m.supports(FenceAction.STATUS) && m.supports(FenceAction.MONITOR), m.actions().toString());
        assertFalse(m.supports(FenceAction.LIST), "fence_dummy has no list action");
        assertTrue(m.hasParameter("status_file") && m.hasParameter("type"));
        assertTrue(m.parameters().stream().anyMatch(p -> p.name().equals("action") && p.required()));
        assertEquals(null, ExecFenceAgent.hostArgument(m), "fence_dummy takes neither plug nor port");
    }

    @Test
    void offOnRebootStatusAndMonitorThroughStdin() throws Exception {
        Path status = dir.resolve("power");
        Map<String, String> p = Map.of("status_file", status.toString());
        Files.writeString(status, "on");
        assertEquals(FenceResult.Status.OK, run(FenceAction.STATUS, p).status(), "status 0: on");
        FenceResult off = run(FenceAction.OFF, p);
        assertEquals(FenceResult.Status.OK, off.status(), off.toString());
        assertEquals("off", Files.readString(status), "the agent powered 'the node' off");
        FenceResult st = run(FenceAction.STATUS, p);
        assertEquals(FenceResult.Status.OFF, st.status(), "status exit 2: off; " + st);
        assertEquals(FenceResult.Status.OK, run(FenceAction.ON, p).status());
        assertEquals("on", Files.readString(status));
        FenceResult reboot = run(FenceAction.REBOOT, p);
        assertEquals(FenceResult.Status.OK, reboot.status(), reboot.toString());
        assertEquals("on", Files.readString(status), "reboot is off then on");
        assertEquals(FenceResult.Status.OK, run(FenceAction.MONITOR, p).status());
    }

    @Test
    void anUnsupportedActionAndABadParameterFailWithTheAgentsOwnError() {
        FenceResult list = run(FenceAction.LIST, Map.of());
        assertEquals(FenceResult.Status.FAILED, list.status());
        assertEquals("exit 1: Failed: Unrecognised action 'list'", list.reason());
        FenceResult bad = run(FenceAction.ON, Map.of("status_file", dir.resolve("x").toString(), "power_timeout", "abc"));
        assertEquals(FenceResult.Status.FAILED, bad.status());
        assertEquals("exit 1: Failed: The value you have entered for --power-timeout is not a valid time in seconds",
                bad.reason());
    }

    @Test
    void aRenamedActionIsWhatTheAgentIsTold() throws Exception {
        Path status = dir.resolve("power");
        Files.writeString(status, "on");
        FenceResult r = dummy.execute(FenceRequest.of("f-dummy", FenceAction.REBOOT, "n2", "n2",
                Map.of("status_file", status.toString()), TIMEOUT).withAgentAction("off"));
        assertEquals(FenceResult.Status.OK, r.status(), r.toString());
        assertEquals("off", Files.readString(status), "pcmk_reboot_action=off: the agent was told off");
    }

    @Test
    void stdinCarriesActionNodenameHostArgumentAndParameters() {
        String in = ExecFenceAgent.stdin(FenceRequest.of("f", FenceAction.OFF, "n2", "7",
                Map.of("ip", "10.0.0.9", "action", "ignored"), TIMEOUT), "plug");
        assertEquals("action=off\nnodename=n2\nplug=7\nip=10.0.0.9\n", in);
    }

    @Test
    void aHangingAgentIsKilledAtItsTimeoutWithItsWholeProcessGroup() throws Exception {
        Path script = dir.resolve("fence_hang");
        try (InputStream in = getClass().getResourceAsStream("/fence_hang")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        assertTrue(script.toFile().setExecutable(true));
        ExecFenceAgent hang = new ExecFenceAgent(script);
        assertEquals("port", ExecFenceAgent.hostArgument(hang.metadata()));
        Path pidFile = dir.resolve("child.pid");
        long start = System.nanoTime();
        FenceResult r = hang.execute(FenceRequest.of("f-hang", FenceAction.OFF, "n2", "n2",
                Map.of("pid_file", pidFile.toString()), Duration.ofMillis(800)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(FenceResult.Status.TIMEOUT, r.status(), r.toString());
        assertTrue(r.reason().contains("did not finish within 800 ms"), r.reason());
        assertTrue(tookMs >= 800 && tookMs < 5000, "killed at its timeout, took " + tookMs + " ms");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(Processes.ends(child, Duration.ofSeconds(5)),
                "the agent's background child " + child + " was killed with its group");
    }

    @Test
    void aMissingAgentIsAnError() {
        FenceResult r = new ExecFenceAgent(dir.resolve("fence_nope")).execute(FenceRequest.of("f", FenceAction.OFF,
                "n2", "n2", Map.of(), TIMEOUT));
        assertEquals(FenceResult.Status.ERROR, r.status());
        assertTrue(r.reason().contains("no such file"), r.reason());
    }
}
