package dev.vigil.agent.webserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.testkit.AgentConformanceTest;

class WebServerAgentConformanceTest extends AgentConformanceTest {
    private final WebServerAgent agent = new WebServerAgent();
    private final int port = freePort();

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stopServers() {
        agent.deactivate();
    }

    @Override
    protected ResourceAgent agent() {
        return agent;
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of("address", "127.0.0.1", "port", Integer.toString(port));
    }

    @Test
    void servesTheNodeNameWhileStarted() throws Exception {
        call(AgentAction.START);
        assertEquals(200, dev.vigil.agent.support.Probes.httpStatus(
                java.net.URI.create("http://127.0.0.1:" + port + "/"), java.time.Duration.ofSeconds(2)));
        call(AgentAction.STOP);
        assertEquals(OcfStatus.NOT_RUNNING, call(AgentAction.MONITOR).status());
    }
}
