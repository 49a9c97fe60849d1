package dev.vigil.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.OcfStatus;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.model.ConfigReader;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * A resource removed from the configuration while it runs (Pacemaker's orphan) is stopped by
 * the DC with the agent its node reports it with; nothing else moves.
 */
class ControllerOrphanTest extends DcFixture {
    private static final String BOTH = "primitive web ocf:heartbeat:Dummy params state=/run/web"
            + " op monitor interval=10s timeout=5s\n"
            + "primitive db ocf:heartbeat:Dummy params state=/run/db op monitor interval=10s timeout=5s\n"
            + "location web-on-n1 web 100: n1\nlocation db-on-n2 db 100: n2\n";

    /** Both run where they prefer, as their executors report them (with the agent they run with). */
    private void running() {
        for (String[] rn : List.of(new String[] {"web", "n1"}, new String[] {"db", "n2"})) {
            for (String n : List.of("n1", "n2")) {
                ResourceState s = n.equals(rn[1])
                        ? ResourceState.of(ResourceRole.STARTED, 0, null, null, Duration.ofSeconds(10))
                                .withAgent("ocf:heartbeat:Dummy")
                        : ResourceState.of(ResourceRole.STOPPED);
                nodeStates.computeIfAbsent(n, k -> new TreeMap<>()).put(rn[0], s);
            }
        }
    }

    @Test
    void aRunningResourceRemovedFromTheConfigurationIsStoppedWhereItRuns() {
        controller.onConfig(new ConfigReader("t").read(BOTH));
        controller.onView(view("n1", "n1", "n1", "n2"));
        running();
        report("n1");
        report("n2");
        assertEquals(List.of(), drain(), "both run where they should");

        controller.onConfig(new ConfigReader("t").read(BOTH.replaceAll("(?m)^.*\\bdb\\b.*\\n", "")));
        assertEquals(List.of("db_stop_0 n2"), drain(), "the orphan alone is stopped, where it runs");
        ActionRequest stop = requests.get("n2 db_stop_0");
        assertEquals("ocf:heartbeat:Dummy", stop.agent(), "the agent its node reports it with");
        assertEquals(AgentAction.STOP, stop.action());
        assertEquals(Map.of(), stop.params(), "the node stops it with the parameters it started it with");
        execute("n2", "db_stop_0", OcfStatus.OK);
        assertEquals(List.of(), drain(), "stopped: nothing more to do, web stays where it runs");
    }

    @Test
    void aResourceWhoseAgentChangedIsStoppedWithTheAgentItRunsWith() {
        controller.onConfig(new ConfigReader("t").read(BOTH));
        controller.onView(view("n1", "n1", "n1", "n2"));
        running();
        report("n1");
        report("n2");
        drain();

        controller.onConfig(new ConfigReader("t").read(BOTH.replace("primitive web ocf:heartbeat:Dummy",
                "primitive web ocf:heartbeat:Stateful")));
        assertEquals(List.of("web_stop_0 n1"), drain(), "restarted: stopped first");
        ActionRequest stop = requests.get("n1 web_stop_0");
        assertEquals("ocf:heartbeat:Dummy", stop.agent(),
                "the new agent might not see what the old one started, and answer 'stopped' while it runs");
        assertEquals(Map.of(), stop.params(), "the node stops it with the parameters it started it with");
        execute("n1", "web_stop_0", OcfStatus.OK);
        assertEquals(List.of("web_start_0 n1"), drain());
        assertEquals("ocf:heartbeat:Stateful", requests.get("n1 web_start_0").agent(), "started with the new one");
    }
}
