package dev.vigil.agent.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.testkit.PostgresFixture;

/** Debian's PostgreSQL in a cluster of the test's own (initdb as postgres, root only). */
class PostgresConformanceTest extends PostgresAgentTestBase {
    private final PostgresAgent agent = new PostgresAgent();

    @Override
    protected ResourceAgent agent() {
        return agent;
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of("datadir", base.resolve("node1").toString(), "port", Integer.toString(port),
                "socketdir", base.toString());
    }

    @Test
    void aKilledPostmasterIsNotRunningAndAMissingClusterIsRefused() throws Exception {
        assertEquals(OcfStatus.OK, call(AgentAction.START).status());
        AgentResult write = ResourceAgent.perform(agent, dev.vigil.agent.AgentRequest.builder("db",
                AgentAction.MONITOR, context()).parameters(parameters()).depth(10).build());
        assertEquals(OcfStatus.OK, write.status(), "depth 10 commits a write: " + write);
        PostgresFixture.crash(base.resolve("node1"));
        assertEquals(OcfStatus.NOT_RUNNING, call(AgentAction.MONITOR).status(), "the monitor notices");
        AgentResult r = ResourceAgent.perform(agent, dev.vigil.agent.AgentRequest.builder("db", AgentAction.START,
                context()).parameters(Map.of("datadir", base.resolve("nowhere").toString())).build());
        assertEquals(OcfStatus.ERR_CONFIGURED, r.status());
        assertTrue(r.reason().contains("not an initialized cluster"), r.reason());
    }
}
