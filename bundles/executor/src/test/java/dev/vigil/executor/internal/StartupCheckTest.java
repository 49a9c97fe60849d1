package dev.vigil.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.NodeState;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ConfigReader;
import dev.vigil.model.ResourceRole;

/** A node that starts without quorum stops what its probes find running (issue 10 item 11). */
class StartupCheckTest {
    private final ExecutorTestBed bed = new ExecutorTestBed();
    private final ScriptedAgent agent = new ScriptedAgent();
    private final ClusterConfig config = new ConfigReader("t").read(
            "primitive fs dummy op monitor interval=10s timeout=7s op stop timeout=40s\n"
                    + "primitive db dummy params port=5432\n"
                    + "primitive web dummy\n");
    private ResourceExecutor executor;

    private ResourceExecutor executor() {
        executor = bed.executor(spec -> agent, (record, answering, changed) -> { });
        executor.setStopTemplates(rsc -> StartupCheck.stopTemplate(config, rsc));
        return executor;
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private static MembershipView view(boolean quorate) {
        Map<String, NodeState> states = new TreeMap<>();
        states.put("n1", NodeState.ALIVE);
        states.put("n2", NodeState.DEAD);
        states.put("n3", NodeState.DEAD);
        return MembershipView.of(1, "n1", new TreeSet<>(Set.of("n1")), states, 3, quorate, quorate ? "n1" : null,
                true, Map.of("n1", 1L), quorate);
    }

    @Test
    void probesComeFromTheLocalConfigurationForResourcesNotYetKnown() {
        List<ActionRequest> probes = StartupCheck.probesFor(config, Map.of("web", "known"));
        assertEquals(List.of("db", "fs"), probes.stream().map(ActionRequest::resource).sorted()
                .collect(Collectors.toList()));
        ActionRequest fs = probes.stream().filter(p -> p.resource().equals("fs")).findFirst().orElseThrow();
        assertEquals(Duration.ofSeconds(7), fs.timeout());
        assertTrue(fs.interval().isZero());
        assertEquals(Duration.ofSeconds(40), StartupCheck.stopTemplate(config, "fs").timeout());
        assertNull(StartupCheck.stopTemplate(config, "nothing"));
    }

    @Test
    void withoutQuorumWhatTheProbesFindRunningIsStopped() throws Exception {
        ResourceExecutor ex = executor();
        agent.running.addAll(Set.of("fs", "db")); // left running by a crash
        List<OperationRecord> stops = StartupCheck.run(ex, StartupCheck.probesFor(config, Map.of()),
                () -> view(false), "stop").get(10, TimeUnit.SECONDS);
        assertEquals(Set.of("fs", "db"), stops.stream().map(OperationRecord::resource).collect(Collectors.toSet()));
        assertTrue(agent.running.isEmpty());
        assertEquals(ResourceRole.STOPPED, ex.states().get("web").role());
        assertEquals(ResourceRole.STOPPED, ex.states().get("fs").role());
        assertEquals(Duration.ofSeconds(40), agent.lastRequests.get("stop fs").timeout(),
                "the configured stop timeout, not the probe's");
        assertEquals("5432", agent.lastRequests.get("stop db").parameter("port", null));
        long stopCalls = agent.calls.stream().filter(c -> c.startsWith("stop")).count();
        assertEquals(2, stopCalls);
    }

    @Test
    void withQuorumTheDcDecides() throws Exception {
        ResourceExecutor ex = executor();
        agent.running.add("fs");
        List<OperationRecord> stops = StartupCheck.run(ex, StartupCheck.probesFor(config, Map.of()),
                () -> view(true), "stop").get(10, TimeUnit.SECONDS);
        assertTrue(stops.isEmpty());
        assertEquals(ResourceRole.STARTED, ex.states().get("fs").role(), "reported to the DC as running");
    }

    @Test
    void noQuorumPolicyFreezeLeavesThemRunning() throws Exception {
        ResourceExecutor ex = executor();
        agent.running.add("fs");
        assertTrue(StartupCheck.run(ex, StartupCheck.probesFor(config, Map.of()), () -> view(false), "freeze")
                .get(10, TimeUnit.SECONDS).isEmpty());
        assertTrue(agent.running.contains("fs"));
    }
}
