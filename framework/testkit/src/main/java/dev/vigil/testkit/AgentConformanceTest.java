package dev.vigil.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentContext;
import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;

/**
 * The ocf-tester sequence every agent must pass: validate; probe = NOT_RUNNING; start;
 * monitor = OK; start again = OK; stop; stop again = OK; monitor = NOT_RUNNING; and for
 * promotable agents a promote/demote cycle. Each agent's test extends this and says how to
 * make the agent and its parameters.
 */
public abstract class AgentConformanceTest {
    @TempDir
    protected Path stateDirectory;

    /** The agent under test. */
    protected abstract ResourceAgent agent();

    /** Parameters that make a valid resource of this agent. */
    protected abstract Map<String, String> parameters();

    /** True for promotable agents, which must also pass the promote/demote cycle. */
    protected boolean promotable() {
        return false;
    }

    protected String resourceId() {
        return "conformance";
    }

    protected Duration timeout() {
        return Duration.ofSeconds(30);
    }

    protected final AgentContext context() {
        Path dir = stateDirectory;
        return new AgentContext() {
            @Override
            public String nodeName() {
                return "node1";
            }

            @Override
            public Path stateDirectory() {
                return dir;
            }
        };
    }

    protected final AgentResult call(AgentAction action) {
        AgentRequest r = AgentRequest.builder(resourceId(), action, context()).parameters(parameters())
                .timeout(timeout()).build();
        return ResourceAgent.perform(agent(), r);
    }

    private void expect(OcfStatus status, AgentAction action, String step) {
        AgentResult r = call(action);
        assertEquals(status, r.status(), step + ": " + r);
    }

    @Test
    void followsTheOcfTesterSequence() {
        expect(OcfStatus.OK, AgentAction.VALIDATE, "validate-all");
        expect(OcfStatus.NOT_RUNNING, AgentAction.MONITOR, "probe of a stopped resource");
        expect(OcfStatus.OK, AgentAction.START, "start");
        expect(OcfStatus.OK, AgentAction.MONITOR, "monitor after start");
        expect(OcfStatus.OK, AgentAction.START, "start when started");
        if (promotable()) {
            expect(OcfStatus.OK, AgentAction.PROMOTE, "promote");
            expect(OcfStatus.RUNNING_PROMOTED, AgentAction.MONITOR, "monitor when promoted");
            expect(OcfStatus.OK, AgentAction.DEMOTE, "demote");
            expect(OcfStatus.OK, AgentAction.MONITOR, "monitor when demoted");
        }
        expect(OcfStatus.OK, AgentAction.STOP, "stop");
        expect(OcfStatus.OK, AgentAction.STOP, "stop when stopped");
        expect(OcfStatus.NOT_RUNNING, AgentAction.MONITOR, "monitor after stop");
    }

    @Test
    void describesItself() throws java.io.IOException {
        java.util.List<Path> before = stateFiles();
        AgentMetadata m = agent().metadata();
        assertFalse(m.name().isEmpty());
        assertFalse(m.actions().isEmpty(), "lists its actions");
        for (AgentMetadata.Parameter p : m.parameters()) {
            if (p.required()) {
                assertTrue(parameters().containsKey(p.name()), "the test sets required parameter " + p.name());
            }
        }
        assertEquals(before, stateFiles(), "describing itself changes nothing in the state directory");
    }

    private java.util.List<Path> stateFiles() throws java.io.IOException {
        try (var files = Files.list(stateDirectory)) {
            return files.sorted().collect(java.util.stream.Collectors.toList());
        }
    }
}
