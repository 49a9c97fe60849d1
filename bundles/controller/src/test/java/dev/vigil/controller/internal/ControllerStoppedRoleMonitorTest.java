package dev.vigil.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
import dev.vigil.model.RecordedOperation;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * The DC asks for monitors configured for the Stopped role as such (the executor then expects
 * "not running"), and for the cancellation of one where the resource is to start.
 */
class ControllerStoppedRoleMonitorTest extends DcFixture {
    private static final String CONFIG = "primitive web dummy op monitor interval=1s timeout=5s"
            + " op monitor interval=2s role=Stopped timeout=5s\n";

    @Test
    void theMonitorWhereItMustNotRunIsSentForTheStoppedRole() {
        controller.onConfig(new ConfigReader("t").read(CONFIG + "location web-on-n1 web 100: n1\n"));
        controller.onView(view("n1", "n1", "n1", "n2"));
        report("n1");
        report("n2");
        assertEquals(List.of("web_monitor_0 n1", "web_monitor_0 n2"), drain());
        answer("n1", "web_monitor_0", OcfStatus.NOT_RUNNING);
        answer("n2", "web_monitor_0", OcfStatus.NOT_RUNNING);
        List<String> next = drain();
        assertTrue(next.containsAll(List.of("web_start_0 n1", "web_monitor_2000 n2")), next.toString());
        ActionRequest watch = requests.get("n2 web_monitor_2000");
        assertEquals(AgentAction.MONITOR, watch.action());
        assertEquals(Duration.ofSeconds(2), watch.interval());
        assertTrue(watch.forStoppedRole(), "for the Stopped role: " + watch);
        assertFalse(watch.isCancellation());
        assertEquals(ActionRequest.STOPPED_ROLE, ActionRequest.decode(watch.encode()).role(),
                "the executor receives the role as sent");
        answer("n1", "web_start_0", OcfStatus.OK);
        assertTrue(drain().contains("web_monitor_1000 n1"));
        assertEquals(null, requests.get("n1 web_monitor_1000").role(), "the running resource's monitor has no role");
    }

    @Test
    void theStoppedRoleMonitorWhereItIsToStartIsCancelledBeforeTheStart() {
        controller.onConfig(new ConfigReader("t").read(CONFIG + "location web-on-n2 web 100: n2\n"));
        controller.onView(view("n1", "n1", "n1", "n2"));
        RecordedOperation watching = RecordedOperation.of("monitor", Duration.ofSeconds(2), null, null, null);
        for (String n : List.of("n1", "n2")) {
            nodeStates.computeIfAbsent(n, k -> new TreeMap<>()).put("web",
                    ResourceState.of(ResourceRole.STOPPED).withRecurring(List.of(watching)));
            report(n);
        }
        assertEquals(List.of("web_monitor_2000 n2"), drain(), "the cancellation alone: the start waits for it");
        ActionRequest cancel = requests.remove("n2 web_monitor_2000");
        assertTrue(cancel.isCancellation(), cancel.toString());
        assertTrue(cancel.forStoppedRole(), "it names the Stopped-role monitor: " + cancel);
        assertEquals(Duration.ofSeconds(2), cancel.interval());
        // The executor's answer to a cancellation: done, and the resource's state unchanged.
        Map<String, ResourceState> states = nodeStates.get("n2");
        controller.onUpdate("n2", LrmUpdate.of(states, cancel.id(), OperationRecord.of("n2", "web",
                AgentAction.MONITOR, cancel.interval(), clock.instant(), clock.instant(), ExecStatus.DONE,
                OcfStatus.OK, "cancelled")));
        assertEquals(List.of("web_start_0 n2"), drain());
    }

    @Test
    void aStoppedRoleMonitorTheNodeReportsRunningIsNotAskedForAgain() {
        controller.onConfig(new ConfigReader("t").read(CONFIG + "location web-on-n1 web 100: n1\n"));
        controller.onView(view("n1", "n1", "n1", "n2"));
        report("n1");
        report("n2");
        drain();
        answer("n1", "web_monitor_0", OcfStatus.NOT_RUNNING);
        answer("n2", "web_monitor_0", OcfStatus.NOT_RUNNING);
        assertTrue(drain().contains("web_monitor_2000 n2"));
        // n2's executor: the monitor found it not running and runs on; its state lists it.
        ActionRequest watch = requests.remove("n2 web_monitor_2000");
        Map<String, ResourceState> n2 = nodeStates.get("n2");
        n2.put("web", ResourceState.of(ResourceRole.STOPPED).withRecurring(
                List.of(RecordedOperation.of("monitor", Duration.ofSeconds(2), null, null, null))));
        controller.onUpdate("n2", LrmUpdate.decode(LrmUpdate.of(n2, watch.id(), OperationRecord.of("n2", "web",
                AgentAction.MONITOR, watch.interval(), clock.instant(), clock.instant(), ExecStatus.DONE,
                OcfStatus.NOT_RUNNING, "").withRole(ActionRequest.STOPPED_ROLE)).encode()));
        answer("n1", "web_start_0", OcfStatus.OK);
        assertEquals(List.of("web_monitor_1000 n1"), drain());
        answer("n1", "web_monitor_1000", OcfStatus.OK);
        // A new transition (a resource added): web's monitors run where they should already.
        controller.onConfig(new ConfigReader("t").read(CONFIG + "location web-on-n1 web 100: n1\n"
                + "primitive db dummy\n"));
        List<String> next = drain();
        assertTrue(next.contains("db_monitor_0 n2"), next.toString());
        assertFalse(next.stream().anyMatch(a -> a.startsWith("web_")), "web's monitors run already: " + next);
    }
}
