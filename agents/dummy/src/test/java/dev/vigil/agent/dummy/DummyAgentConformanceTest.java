package dev.vigil.agent.dummy;

import java.util.Map;

import dev.vigil.agent.ResourceAgent;
import dev.vigil.testkit.AgentConformanceTest;

class DummyAgentConformanceTest extends AgentConformanceTest {
    private final DummyAgent agent = new DummyAgent();

    @Override
    protected ResourceAgent agent() {
        return agent;
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of();
    }
}
