package dev.vigil.agent.ocf;

import java.nio.file.Path;
import java.util.Map;

import dev.vigil.agent.ResourceAgent;
import dev.vigil.agent.support.ProcessRunner;
import dev.vigil.testkit.AgentConformanceTest;

/** Debian's own heartbeat/Dummy script (package resource-agents), run unchanged through the bridge. */
class DebianDummyConformanceTest extends AgentConformanceTest {
    private final OcfScriptAgent agent = new OcfScriptAgent(Path.of("/usr/lib/ocf"), "heartbeat", "Dummy",
            new ProcessRunner());

    @Override
    protected ResourceAgent agent() {
        return agent;
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of();
    }
}
