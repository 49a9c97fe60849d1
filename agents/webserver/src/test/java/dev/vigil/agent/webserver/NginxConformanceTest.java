package dev.vigil.agent.webserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.testkit.AgentConformanceTest;

/** Debian's nginx, from a configuration file of the test's own, through the webserver agent. */
class NginxConformanceTest extends AgentConformanceTest {
    private final WebServerAgent agent = new WebServerAgent();
    private int port;
    private Path config;

    @BeforeEach
    void configure() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = stateDirectory;
        Files.createDirectories(dir.resolve("tmp"));
        config = dir.resolve("nginx.conf");
        Files.writeString(config, String.join("\n",
                "daemon on;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + ";",
                "events { worker_connections 64; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + dir.resolve("tmp") + ";",
                "  proxy_temp_path " + dir.resolve("tmp") + ";",
                "  fastcgi_temp_path " + dir.resolve("tmp") + ";",
                "  uwsgi_temp_path " + dir.resolve("tmp") + ";",
                "  scgi_temp_path " + dir.resolve("tmp") + ";",
                "  server { listen 127.0.0.1:" + port + "; location / { return 200 \"vigil\\n\"; } }",
                "}", ""));
    }

    @AfterEach
    void stopNginx() {
        call(AgentAction.STOP);
    }

    @Override
    protected ResourceAgent agent() {
        return agent;
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of("mode", "nginx", "configfile", config.toString(), "pidfile",
                stateDirectory.resolve("nginx.pid").toString(), "status_url", "http://127.0.0.1:" + port + "/");
    }

    @Test
    void aKilledNginxIsNotRunningAndABrokenConfigIsRefused() throws Exception {
        assertEquals(OcfStatus.OK, call(AgentAction.START).status());
        long pid = Long.parseLong(Files.readString(stateDirectory.resolve("nginx.pid")).trim());
        ProcessHandle master = ProcessHandle.of(pid).orElseThrow();
        java.util.List<ProcessHandle> workers = master.descendants().collect(java.util.stream.Collectors.toList());
        master.destroyForcibly(); // nginx crashes, workers and all
        workers.forEach(ProcessHandle::destroyForcibly);
        master.onExit().get();
        assertEquals(OcfStatus.NOT_RUNNING, call(AgentAction.MONITOR).status(), "the monitor notices");
        Files.writeString(config, "this is not nginx configuration;\n");
        AgentResult r = call(AgentAction.START);
        assertEquals(OcfStatus.ERR_CONFIGURED, r.status());
        assertTrue(r.reason().contains("nginx -t refused"), r.reason());
    }
}
