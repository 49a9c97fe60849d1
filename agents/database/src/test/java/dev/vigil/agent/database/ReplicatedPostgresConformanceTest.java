package dev.vigil.agent.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.testkit.AgentConformanceTest;
import dev.vigil.testkit.PostgresFixture;

/**
 * The replication agent alone (a set of one node): it starts as a replica, promotes to a
 * primary (monitor answers RUNNING_PROMOTED with the primary's promotion score) and demotes back.
 */
class ReplicatedPostgresConformanceTest extends AgentConformanceTest {
    private static Path base;
    private static int port;
    private final ReplicatedPostgresAgent agent = new ReplicatedPostgresAgent();

    @BeforeAll
    static void initdb() throws Exception {
        assumeTrue(PostgresFixture.available(), "needs root and Debian's postgresql to run PostgreSQL as postgres");
        base = Files.createTempDirectory("vigil-pgrepl");
        PostgresFixture.initdb(base, "node1");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterAll
    static void removeCluster() throws Exception {
        PostgresFixture.delete(base);
    }

    @AfterEach
    void stopServer() {
        call(AgentAction.STOP);
    }

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
