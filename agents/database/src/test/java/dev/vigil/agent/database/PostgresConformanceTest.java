package dev.vigil.agent.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.testkit.AgentConformanceTest;

/** Debian's PostgreSQL in a cluster of the test's own (initdb as postgres, root only). */
class PostgresConformanceTest extends AgentConformanceTest {
    private static Path base;
    private static int port;
    private final PostgresAgent agent = new PostgresAgent();

    @BeforeAll
    static void initdb() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run PostgreSQL as postgres");
        base = Files.createTempDirectory("vigil-pg");
        Path data = base.resolve("data");
        Files.createDirectories(data);
        run("chown", "-R", "postgres:postgres", base.toString());
        run("chmod", "755", base.toString());
        Path bin = Files.list(Path.of("/usr/lib/postgresql")).map(v -> v.resolve("bin")).findFirst().orElseThrow();
        run("runuser", "-u", "postgres", "--", bin.resolve("initdb").toString(), "-D", data.toString(),
                "-A", "trust", "--no-sync");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterAll
    static void removeCluster() throws Exception {
        if (base != null) {
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @AfterEach
    void stopServer() {
        call(AgentAction.STOP);
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    protected ResourceAgent agent() {
        return agent;
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of("datadir", base.resolve("data").toString(), "port", Integer.toString(port),
                "socketdir", base.toString());
    }

    @Test
    void aKilledPostmasterIsNotRunningAndAMissingClusterIsRefused() throws Exception {
        assertEquals(OcfStatus.OK, call(AgentAction.START).status());
        AgentResult write = ResourceAgent.perform(agent, dev.vigil.agent.AgentRequest.builder("db",
                AgentAction.MONITOR, context()).parameters(parameters()).depth(10).build());
        assertEquals(OcfStatus.OK, write.status(), "depth 10 commits a write: " + write);
        long pid = Long.parseLong(Files.readAllLines(base.resolve("data/postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        postmaster.destroyForcibly();
        postmaster.onExit().get();
        assertEquals(OcfStatus.NOT_RUNNING, call(AgentAction.MONITOR).status(), "the monitor notices");
        AgentResult r = ResourceAgent.perform(agent, dev.vigil.agent.AgentRequest.builder("db", AgentAction.START,
                context()).parameters(Map.of("datadir", base.resolve("nowhere").toString())).build());
        assertEquals(OcfStatus.ERR_CONFIGURED, r.status());
        assertTrue(r.reason().contains("not an initialized cluster"), r.reason());
    }
}
