package dev.vigil.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.vigil.model.ResourceState;

/** The DC sends clone notifications to the executors with their variables; a failed one fails nothing. */
class ControllerNotifyTest extends DcFixture {
    /** The executor answers a notification: the resource's state stays what it was. */
    private void answerNotify(String node, OcfStatus rc) {
        ActionRequest r = requests.remove(node + " fs_notify_0");
        if (r == null) {
            throw new AssertionError("no notification to " + node + "; sent " + sent);
        }
        Map<String, ResourceState> states = nodeStates.computeIfAbsent(node, n -> new TreeMap<>());
        OperationRecord rec = OperationRecord.of(node, r.resource(), AgentAction.NOTIFY, r.interval(), clock.instant(),
                clock.instant(), ExecStatus.DONE, rc, rc == OcfStatus.OK ? "" : "notify failed");
        controller.onUpdate(node, LrmUpdate.of(states, r.id(), rec));
    }

    @Test
    void theRunningInstanceIsToldBeforeTheOthersStartAndItsFailedNotificationBlocksNothing() {
        controller.onConfig(new ConfigReader("t").read("primitive fs dummy op monitor interval=1s timeout=5s\n"
                + "clone fs-clone fs meta notify=true\n"));
        controller.onView(view("n1", "n1", "n1", "n2", "n3"));
        report("n1");
        report("n2");
        report("n3");
        assertEquals(List.of("fs_monitor_0 n1", "fs_monitor_0 n2", "fs_monitor_0 n3"), drain());
        answer("n1", "fs_monitor_0", OcfStatus.OK); // it runs on n1 already
        answer("n2", "fs_monitor_0", OcfStatus.NOT_RUNNING);
        answer("n3", "fs_monitor_0", OcfStatus.NOT_RUNNING);
        List<String> first = drain();
        assertTrue(first.contains("fs_notify_0 n1"), first.toString());
        assertTrue(first.stream().noneMatch(s -> s.startsWith("fs_start_0")), "no start before the pre-notification");
        ActionRequest pre = requests.get("n1 fs_notify_0");
        assertEquals(AgentAction.NOTIFY, pre.action());
        assertEquals("pre", pre.notifyVariables().get("notify_type"));
        assertEquals("start", pre.notifyVariables().get("notify_operation"));
        assertEquals("n2 n3", pre.notifyVariables().get("notify_start_uname"));
        assertEquals("n1", pre.notifyVariables().get("notify_active_uname"));

        answerNotify("n1", OcfStatus.ERR_GENERIC);
        List<String> starts = drain();
        assertTrue(starts.containsAll(List.of("fs_start_0 n2", "fs_start_0 n3")),
                "a failed notification is ignored, as Pacemaker ignores it: " + starts);
        assertTrue(collector.failures().isEmpty(), "and is no failure of the resource: " + collector.failures());
        answer("n2", "fs_start_0", OcfStatus.OK);
        answer("n3", "fs_start_0", OcfStatus.OK);
        List<String> post = drain();
        assertTrue(post.containsAll(List.of("fs_notify_0 n1", "fs_notify_0 n2", "fs_notify_0 n3")), post.toString());
        assertEquals("post", requests.get("n2 fs_notify_0").notifyVariables().get("notify_type"));
    }

    @Test
    void anInstancesOwnStartIsSentWithTheClonesListsAsPacemakerSendsThem() {
        controller.onConfig(new ConfigReader("t").read("primitive fs dummy op monitor interval=1s timeout=5s\n"
                + "clone fs-clone fs meta notify=true\n"));
        controller.onView(view("n1", "n1", "n1", "n2"));
        report("n1");
        report("n2");
        drain();
        answer("n1", "fs_monitor_0", OcfStatus.OK);
        answer("n2", "fs_monitor_0", OcfStatus.NOT_RUNNING);
        drain();
        answerNotify("n1", OcfStatus.OK);
        assertTrue(drain().contains("fs_start_0 n2"));
        ActionRequest start = requests.get("n2 fs_start_0");
        assertEquals("n2", start.notifyVariables().get("notify_start_uname"), start.notifyVariables().toString());
        assertEquals("n1", start.notifyVariables().get("notify_active_uname"), start.notifyVariables().toString());
        assertFalse(start.notifyVariables().containsKey("notify_type"), "no pre/post on the start itself");
        ActionRequest received = ActionRequest.decode(start.encode());
        assertEquals(start.notifyVariables(), received.notifyVariables(), "the executor receives them as sent");
    }
}
