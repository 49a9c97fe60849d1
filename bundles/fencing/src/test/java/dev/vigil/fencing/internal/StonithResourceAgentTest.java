package dev.vigil.fencing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentContext;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;

/** A class=stonith primitive as the executor runs it, here with Debian's fence_dummy. */
class StonithResourceAgentTest {
    @TempDir
    Path dir;

    private AgentRequest request(AgentAction action, Map<String, String> params) {
        AgentContext context = new AgentContext() {
            @Override
            public String nodeName() {
                return "n1";
            }

            @Override
            public Path stateDirectory() {
                return dir.resolve("state");
            }
        };
        return AgentRequest.builder("f-dummy", action, context).parameters(params).build();
    }

    @Test
    void startMonitorStopFollowTheDevicesMonitor() throws Exception {
        StonithResourceAgent agent = new StonithResourceAgent("fence_dummy",
                new ExecFenceAgent(Path.of("/usr/sbin/fence_dummy")));
        Path power = dir.resolve("power");
        Files.writeString(power, "on");
        Map<String, String> params = Map.of("status_file", power.toString(), "pcmk_host_list", "n2");
        assertEquals(OcfStatus.NOT_RUNNING, agent.monitor(request(AgentAction.MONITOR, params)).status(), "probe");
        AgentResult start = agent.start(request(AgentAction.START, params));
        assertEquals(OcfStatus.OK, start.status(), start.toString());
        assertEquals(OcfStatus.OK, agent.monitor(request(AgentAction.MONITOR, params)).status());
        AgentResult broken = agent.monitor(request(AgentAction.MONITOR, Map.of("status_file", power.toString(),
                "power_timeout", "abc")));
        assertEquals(OcfStatus.ERR_GENERIC, broken.status());
        assertTrue(broken.reason().contains("not a valid time in seconds"), broken.reason());
        assertEquals(OcfStatus.OK, agent.stop(request(AgentAction.STOP, params)).status());
        assertEquals(OcfStatus.NOT_RUNNING, agent.monitor(request(AgentAction.MONITOR, params)).status());
        assertEquals("stonith:fence_dummy", agent.metadata().name());
    }

    @Test
    void aBadHostCheckIsAConfigurationError() {
        StonithResourceAgent agent = new StonithResourceAgent("fence_dummy",
                new ExecFenceAgent(Path.of("/usr/sbin/fence_dummy")));
        AgentResult r = agent.validate(request(AgentAction.VALIDATE, Map.of("pcmk_host_check", "sometimes")));
        assertEquals(OcfStatus.ERR_CONFIGURED, r.status());
        assertTrue(r.reason().contains("pcmk_host_check 'sometimes'"), r.reason());
    }
}
