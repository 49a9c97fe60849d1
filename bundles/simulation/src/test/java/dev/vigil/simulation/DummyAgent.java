package dev.vigil.simulation;

import java.util.List;

import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.ResourceAgent;

/**
 * A dummy agent whose services live on the {@link Machine}, not in the node process: a start
 * marks the resource active there, a stop clears it, a monitor reports it. Calls complete at once.
 */
final class DummyAgent implements ResourceAgent {
    private final Machine machine;
    private final Trace trace;

    DummyAgent(Machine machine, Trace trace) {
        this.machine = machine;
        this.trace = trace;
    }

    @Override
    public AgentMetadata metadata() {
        return AgentMetadata.of("dummy", "1", "a service that lives on the simulated machine", List.of(), List.of());
    }

    @Override
    public AgentResult validate(AgentRequest r) {
        return AgentResult.ok();
    }

    @Override
    public AgentResult start(AgentRequest r) {
        if (machine.active.add(r.resourceId())) {
            trace.event(machine.name, "agent: " + r.resourceId() + " now ACTIVE on " + machine.name);
        }
        return AgentResult.ok();
    }

    @Override
    public AgentResult stop(AgentRequest r) {
        if (machine.active.remove(r.resourceId())) {
            trace.event(machine.name, "agent: " + r.resourceId() + " now stopped on " + machine.name);
        }
        return AgentResult.ok();
    }

    @Override
    public AgentResult monitor(AgentRequest r) {
        return machine.active.contains(r.resourceId()) ? AgentResult.ok() : AgentResult.notRunning();
    }
}
