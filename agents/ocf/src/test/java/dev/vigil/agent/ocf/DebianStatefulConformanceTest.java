package dev.vigil.agent.ocf;

import java.nio.file.Path;
import java.util.Map;

import dev.vigil.agent.ResourceAgent;
import dev.vigil.agent.support.ProcessRunner;
import dev.vigil.testkit.AgentConformanceTest;

/** Debian's heartbeat/Stateful, a promotable agent: the promote/demote cycle runs too. */
class DebianStatefulConformanceTest extends AgentConformanceTest {
    private final OcfScriptAgent agent = new OcfScriptAgent(Path.of("/usr/lib/ocf"), "heartbeat", "Stateful",
            new ProcessRunner());

    @Override
    protected ResourceAgent agent() {
        return agent;
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of();
    }

    @Override
    protected boolean promotable() {
        return true;
    }
}
