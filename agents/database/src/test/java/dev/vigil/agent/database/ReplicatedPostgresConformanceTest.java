package dev.vigil.agent.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;

/**
 * The replication agent alone (a set of one node): it starts as a replica, promotes to a
 * primary (monitor answers RUNNING_PROMOTED with the primary's promotion score) and demotes back.
 */
class ReplicatedPostgresConformanceTest extends PostgresAgentTestBase {
    private final ReplicatedPostgresAgent agent = new ReplicatedPostgresAgent();

    @Override
    protected ResourceAgent agent() {
        return agent;
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of("datadir", base.resolve("%n").toString(), "nodes", "node1=127.0.0.1:" + port,
                "socketdir", base.toString());
    }

    @Override
    protected boolean promotable() {
        return true;
    }

    @Test
    void aReplicaScoresBelowAPrimaryAndAnEmptyNodeWithNoPeerCannotStart() throws Exception {
        AgentResult replica = call(AgentAction.START);
        assertEquals(OcfStatus.OK, replica.status(), replica.toString());
        AgentResult monitored = call(AgentAction.MONITOR);
        assertTrue(monitored.promotionScore() < ReplicatedPostgresAgent.PRIMARY_SCORE, monitored.toString());
        assertEquals(OcfStatus.OK, call(AgentAction.PROMOTE).status());
        assertEquals(ReplicatedPostgresAgent.PRIMARY_SCORE, call(AgentAction.MONITOR).promotionScore());
        call(AgentAction.STOP);

        AgentResult empty = ResourceAgent.perform(agent, dev.vigil.agent.AgentRequest.builder("pg", AgentAction.START,
                context()).parameters(Map.of("datadir", base.resolve("empty").toString(), "nodes",
                        "node1=127.0.0.1:" + port, "socketdir", base.toString()))
                .timeout(java.time.Duration.ofSeconds(6)).build());
        assertEquals(OcfStatus.ERR_GENERIC, empty.status());
        assertTrue(empty.reason().contains("no peer runs to copy it from"), empty.reason());
    }
}
