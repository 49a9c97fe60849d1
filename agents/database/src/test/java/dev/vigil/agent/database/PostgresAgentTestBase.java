package dev.vigil.agent.database;


import static org.junit.jupiter.api.Assertions.assertTrue;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import dev.vigil.agent.AgentAction;
import dev.vigil.testkit.AgentConformanceTest;
import dev.vigil.testkit.PostgresFixture;

/**
 * The ocf-tester sequence on Debian's PostgreSQL, in a data directory of the test's own
 * ({@code base/node1}, made by initdb as postgres: root only) on a free port; the server is
 * stopped after every test.
 */
abstract class PostgresAgentTestBase extends AgentConformanceTest {
    static Path base;
    static int port;

    @BeforeAll
    static void initdb() throws Exception {
        assertTrue(PostgresFixture.available(), "needs root and Debian's postgresql to run PostgreSQL as postgres");
        base = Files.createTempDirectory("vigil-pg");
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
}
