package dev.vigil.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.LrmUpdate;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.ConfigReader;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * A promotable clone with a monitor per role: before an instance is promoted (or demoted) the
 * DC cancels the monitor of the role it leaves, and after it asks for the new role's, as
 * Pacemaker's transition does (a-promote-then-b-migrate: "Cancel rsc1:1_monitor_10000" before
 * the promote). No monitor failure is reported on the way, and each node ends with exactly the
 * monitor of its instance's role.
 */
class ControllerRoleChangeMonitorTest extends DcFixture {
    private static final String DB = "primitive db dummy op monitor interval=11s role=Unpromoted timeout=5s"
            + " op monitor interval=10s role=Promoted timeout=5s\n"
            + "clone db-clone db meta promotable=true promoted-max=1\n";

    /** The executor on {@code node} answers a cancellation as it does: the monitor ended, the state shows none. */
    private void cancelled(String node, String op) {
        ActionRequest cancel = requests.remove(node + " " + op);
        assertTrue(cancel != null && cancel.isCancellation(), "a cancellation " + op + " on " + node + ": " + cancel);
        Map<String, ResourceState> states = nodeStates.get(node);
        ResourceState s = states.get(cancel.resource());
        if (s.monitorInterval().equals(cancel.interval())) {
            states.put(cancel.resource(), s.withMonitor(Duration.ZERO));
        }
        controller.onUpdate(node, LrmUpdate.decode(LrmUpdate.of(states, cancel.id(), OperationRecord.of(node,
                cancel.resource(), AgentAction.MONITOR, cancel.interval(), clock.instant(), clock.instant(),
                ExecStatus.DONE, OcfStatus.OK, "cancelled")).encode()));
    }

    /** The instance on the node: its role and the interval of the monitor its executor runs. */
    private String instanceOn(String node) {
        ResourceState s = nodeStates.get(node).values().iterator().next();
        return s.role() + " monitor " + s.monitorInterval().toSeconds() + "s";
    }

    /** Both instances run unpromoted on n1 and n2, each with the Unpromoted role's monitor. */
    private void bothUnpromotedWithTheirMonitor(String promoteWhere) {
        controller.onConfig(new ConfigReader("t").read(DB + promoteWhere));
        controller.onView(view("n1", "n1", "n1", "n2"));
        for (String n : List.of("n1", "n2")) {
            nodeStates.put(n, new TreeMap<>(Map.of("db", ResourceState.of(ResourceRole.STARTED)
                    .withMonitor(Duration.ofSeconds(11)))));
            report(n);
        }
    }

    @Test
    void theUnpromotedMonitorIsCancelledBeforeThePromoteAndThePromotedOneFollows() {
        bothUnpromotedWithTheirMonitor("location primary-n1 db-clone:Promoted 100: n1\n");
        assertEquals(List.of("db_monitor_11000 n1"), drain(), "the cancellation alone: the promote waits for it");
        ActionRequest cancel = requests.get("n1 db_monitor_11000");
        assertEquals(Duration.ofSeconds(11), cancel.interval());
        assertEquals("Unpromoted", cancel.role(), "the monitor as configured");
        cancelled("n1", "db_monitor_11000");
        assertEquals(List.of("db_promote_0 n1"), drain());
        execute("n1", "db_promote_0", OcfStatus.OK);
        assertEquals(List.of("db_monitor_10000 n1"), drain(), "then the Promoted role's monitor");
        execute("n1", "db_monitor_10000", OcfStatus.RUNNING_PROMOTED);
        assertEquals(List.of(), drain(), "steady");
        assertEquals("PROMOTED monitor 10s", instanceOn("n1"));
        assertEquals("STARTED monitor 11s", instanceOn("n2"), "the other instance keeps its monitor");
        assertTrue(collector.failures().isEmpty(), "no monitor failure: " + collector.failures());
    }

    @Test
    void whenThePromotedInstanceMovesThePromotedMonitorIsCancelledBeforeTheDemote() {
        bothUnpromotedWithTheirMonitor("location primary-n1 db-clone:Promoted 100: n1\n");
        cancelled("n1", "db_monitor_11000");
        execute("n1", "db_promote_0", OcfStatus.OK);
        execute("n1", "db_monitor_10000", OcfStatus.RUNNING_PROMOTED);
        drain();

        controller.onConfig(new ConfigReader("t").read(DB + "location primary-n2 db-clone:Promoted 100: n2\n"));
        List<String> first = drain();
        assertEquals(List.of("db_monitor_10000 n1", "db_monitor_11000 n2"), first.stream().sorted().toList(),
                "each instance's old-role monitor is cancelled first");
        assertEquals("Promoted", requests.get("n1 db_monitor_10000").role());
        cancelled("n1", "db_monitor_10000");
        cancelled("n2", "db_monitor_11000");
        assertEquals(List.of("db_demote_0 n1"), drain());
        execute("n1", "db_demote_0", OcfStatus.OK);
        List<String> next = new ArrayList<>(drain());
        assertTrue(next.contains("db_promote_0 n2"), next.toString());
        execute("n2", "db_promote_0", OcfStatus.OK);
        next.addAll(drain());
        assertTrue(next.containsAll(List.of("db_monitor_11000 n1", "db_monitor_10000 n2")), next.toString());
        execute("n1", "db_monitor_11000", OcfStatus.OK);
        execute("n2", "db_monitor_10000", OcfStatus.RUNNING_PROMOTED);
        assertEquals(List.of(), drain(), "steady");
        assertEquals("STARTED monitor 11s", instanceOn("n1"));
        assertEquals("PROMOTED monitor 10s", instanceOn("n2"));
        assertTrue(collector.failures().isEmpty(), "no monitor failure: " + collector.failures());
    }
}
