package dev.vigil.agent.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentContext;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.testkit.PostgresFixture;

/**
 * The replication agent alone (a set of one node): it starts as a replica, promotes to a
 * primary (monitor answers RUNNING_PROMOTED with the primary's promotion score) and demotes back;
 * and a second, empty node that waits for a copy until the first runs.
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
    void aReplicaScoresBelowAPrimary() throws Exception {
        AgentResult replica = call(AgentAction.START);
        assertEquals(OcfStatus.OK, replica.status(), replica.toString());
        AgentResult monitored = call(AgentAction.MONITOR);
        assertTrue(monitored.promotionScore() < ReplicatedPostgresAgent.PRIMARY_SCORE, monitored.toString());
        assertEquals(OcfStatus.OK, call(AgentAction.PROMOTE).status());
        assertEquals(ReplicatedPostgresAgent.PRIMARY_SCORE, call(AgentAction.MONITOR).promotionScore());
    }

    /**
     * node2, empty, while node1 (which has the data) does not run: its start does not wait for
     * node1 until it times out (the cluster could not start node1 meanwhile) but succeeds as
     * waiting for a copy, never to be promoted; once node1 runs the monitor asks for a new start
     * (NOT_RUNNING), and that start copies from node1.
     */
    @Test
    void anEmptyNodeWithNoPeerWaitsForACopyAndCopiesOnceAPeerRuns() throws Exception {
        int port2;
        try (ServerSocket s = new ServerSocket(0)) {
            port2 = s.getLocalPort();
        }
        Map<String, String> node2 = Map.of("datadir", base.resolve("%n").toString(), "nodes",
                "node1=127.0.0.1:" + port + ",node2=127.0.0.1:" + port2, "socketdir", base.toString());
        try {
            AgentResult waiting = onNode2(AgentAction.START, node2, Duration.ZERO);
            assertEquals(OcfStatus.OK, waiting.status(), waiting.toString());
            assertTrue(waiting.reason().contains("no peer runs to copy it from"), waiting.reason());
            assertEquals(ReplicatedPostgresAgent.NEVER_PROMOTED, waiting.promotionScore());
            AgentResult degraded = onNode2(AgentAction.MONITOR, node2, Duration.ofSeconds(2));
            assertEquals(OcfStatus.DEGRADED, degraded.status(), degraded.toString());
            assertEquals(ReplicatedPostgresAgent.NEVER_PROMOTED, degraded.promotionScore());

            assertEquals(OcfStatus.OK, call(AgentAction.START).status(), "node1 starts");
            AgentResult restart = onNode2(AgentAction.MONITOR, node2, Duration.ofSeconds(2));
            assertEquals(OcfStatus.NOT_RUNNING, restart.status(), restart.toString());
            assertTrue(restart.reason().contains("node1 runs now"), restart.reason());
            assertEquals(OcfStatus.OK, onNode2(AgentAction.STOP, node2, Duration.ZERO).status());
            assertEquals(OcfStatus.NOT_RUNNING, onNode2(AgentAction.MONITOR, node2, Duration.ZERO).status(),
                    "stopped, it no longer waits");

            // A peer runs now: no wait, only the copy, which a loaded machine may make slow.
            AgentResult copied = onNode2(AgentAction.START, node2, Duration.ZERO, Duration.ofSeconds(60));
            assertEquals(OcfStatus.OK, copied.status(), copied.toString());
            assertTrue(Files.exists(base.resolve("node2/PG_VERSION")), "copied from node1");
            AgentResult replica = onNode2(AgentAction.MONITOR, node2, Duration.ofSeconds(2));
            assertEquals(OcfStatus.OK, replica.status(), replica.toString());
            assertTrue(replica.promotionScore() < ReplicatedPostgresAgent.PRIMARY_SCORE, replica.toString());
        } finally {
            onNode2(AgentAction.STOP, node2, Duration.ZERO);
            PostgresFixture.delete(base.resolve("node2"));
        }
    }

    private AgentResult onNode2(AgentAction action, Map<String, String> parameters, Duration interval) {
        // A start timeout this short waits at most a second for a peer.
        return onNode2(action, parameters, interval, Duration.ofSeconds(action == AgentAction.START ? 6 : 20));
    }

    private AgentResult onNode2(AgentAction action, Map<String, String> parameters, Duration interval,
            Duration timeout) {
        Path state = stateDirectory;
        AgentContext node2 = new AgentContext() {
            @Override
            public String nodeName() {
                return "node2";
            }

            @Override
            public Path stateDirectory() {
                return state.resolve("node2");
            }
        };
        return ResourceAgent.perform(agent, AgentRequest.builder("pg", action, node2).parameters(parameters)
                .interval(interval).timeout(timeout).build());
    }
}
