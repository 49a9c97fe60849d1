package dev.vigil.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.OcfStatus;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.LrmUpdate;
import dev.vigil.cluster.MembershipView;
import dev.vigil.model.ConfigReader;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/** Drives the DC loop by hand: views, configuration and the executors' answers. */
class ControllerTest extends DcFixture {
    private void startCluster() {
        controller.onConfig(new ConfigReader("t").read(
                "rsc_defaults resource-stickiness=100 migration-threshold=2\n"
                        + "primitive web dummy op monitor interval=1s timeout=5s\n"));
        controller.onView(view("n1", "n1", "n1", "n2", "n3"));
        report("n1");
        report("n2");
        report("n3");
    }

    @Test
    void probesEverywhereThenStartsThenMonitors() {
        startCluster();
        assertEquals(List.of("web_monitor_0 n1", "web_monitor_0 n2", "web_monitor_0 n3"), drain());
        answer("n1", "web_monitor_0", OcfStatus.NOT_RUNNING);
        answer("n2", "web_monitor_0", OcfStatus.NOT_RUNNING);
        assertEquals(List.of(), drain(), "no start before every probe answered");
        answer("n3", "web_monitor_0", OcfStatus.NOT_RUNNING);
        assertEquals(List.of("web_start_0 n1"), drain());
        answer("n1", "web_start_0", OcfStatus.OK);
        assertEquals(List.of("web_monitor_1000 n1"), drain());
        answer("n1", "web_monitor_1000", OcfStatus.OK);
        assertEquals(List.of(), drain(), "steady state: nothing more to do");
    }

    @Test
    void whenTheNodeRunningItDiesTheNewDcStartsItElsewhere() {
        startCluster();
        drain();
        answer("n1", "web_monitor_0", OcfStatus.NOT_RUNNING);
        answer("n2", "web_monitor_0", OcfStatus.NOT_RUNNING);
        answer("n3", "web_monitor_0", OcfStatus.OK); // already running on n3
        assertEquals(List.of("web_monitor_1000 n3"), drain(), "found running: only monitored");
        answer("n3", "web_monitor_1000", OcfStatus.OK);
        controller.onView(view("n1", "n1", "n1", "n2"));
        assertEquals(List.of("web_start_0 n1"), drain());
    }

    @Test
    void aResourceAllowedToMigrateIsHandedOverThenStoppedAtTheSource() {
        String vm = "primitive vm dummy op monitor interval=1s timeout=5s meta allow-migrate=true\n";
        controller.onConfig(new ConfigReader("t").read(vm + "location pref vm 50: n1\n"));
        controller.onView(view("n1", "n1", "n1", "n2"));
        report("n1");
        report("n2");
        drain();
        answer("n1", "vm_monitor_0", OcfStatus.OK);
        answer("n2", "vm_monitor_0", OcfStatus.NOT_RUNNING);
        assertEquals(List.of("vm_monitor_1000 n1"), drain());
        answer("n1", "vm_monitor_1000", OcfStatus.OK);
        controller.onConfig(new ConfigReader("t").read(vm + "location pref vm 50: n2\n"));
        assertEquals(List.of("vm_migrate_to_0 n1"), drain());
        ActionRequest to = requests.get("n1 vm_migrate_to_0");
        assertEquals(AgentAction.MIGRATE_TO, to.action());
        assertEquals("n1", to.params().get(AgentRequest.MIGRATE_SOURCE));
        assertEquals("n2", to.params().get(AgentRequest.MIGRATE_TARGET));
        answer("n1", "vm_migrate_to_0", OcfStatus.OK);
        assertEquals(List.of("vm_migrate_from_0 n2"), drain());
        assertEquals("n1", requests.get("n2 vm_migrate_from_0").params().get(AgentRequest.MIGRATE_SOURCE));
        answer("n2", "vm_migrate_from_0", OcfStatus.OK);
        assertEquals(List.of("vm_stop_0 n1"), drain(), "the source is cleaned up; the start is not run");
        answer("n1", "vm_stop_0", OcfStatus.OK);
        assertEquals(List.of("vm_monitor_1000 n2"), drain());
    }

    @Test
    void onlyTheDcActs() {
        controller.onConfig(new ConfigReader("t").read("primitive web dummy\n"));
        controller.onView(view("n2", "n1", "n1", "n2", "n3"));
        report("n1");
        report("n2");
        report("n3");
        assertTrue(drain().isEmpty());
    }

    @Test
    void anOverdueAnswerCountsAsAFailureAndTheDcDecidesAgain() {
        startCluster();
        drain();
        answer("n1", "web_monitor_0", OcfStatus.NOT_RUNNING);
        answer("n2", "web_monitor_0", OcfStatus.NOT_RUNNING);
        clock.advance(Duration.ofSeconds(26)); // n3 never answers its 20 s probe
        controller.onTimer();
        assertEquals(List.of("web_monitor_0 n3"), drain(), "probes n3 again in a new transition");
    }

    @Test
    void asksForMissingReportsInsteadOfWaitingForever() {
        controller.onConfig(new ConfigReader("t").read("primitive web dummy\n"));
        controller.onView(view("n1", "n1", "n1", "n2"));
        assertEquals(1, queries[0], "a new DC asks every member");
        report("n1");
        controller.onTimer();
        assertEquals(2, queries[0], "n2's report is missing: ask again");
        report("n2");
        controller.onTimer();
        assertEquals(2, queries[0], "complete: no more questions");
    }

    @Test
    void waitsUntilEveryMemberHasReported() {
        controller.onConfig(new ConfigReader("t").read("primitive web dummy\n"));
        controller.onView(view("n1", "n1", "n1", "n2"));
        report("n1");
        assertTrue(drain().isEmpty());
        report("n2");
        assertEquals(List.of("web_monitor_0 n1", "web_monitor_0 n2"), drain());
        assertEquals(Set.of("n1 web_monitor_0", "n2 web_monitor_0"), requests.keySet(),
                "one probe on each member, nothing else");
        assertEquals(2, requests.values().stream().map(ActionRequest::id).collect(Collectors.toSet()).size());
    }

    @Test
    void requestsCarryTheDcItsIncarnationAndTheViewNumber() {
        startCluster();
        ActionRequest probe = requests.get("n2 web_monitor_0");
        assertEquals("n1", probe.dc());
        assertEquals(1, probe.viewNumber());
        assertEquals((long) '1', probe.dcIncarnation());
        ActionRequest back = ActionRequest.decode(probe.encode());
        assertEquals("n1", back.dc(), "on the wire too");
    }

    @Test
    void aRefusedRequestIsNoFailureAndIsDecidedAgainAfterAPause() {
        startCluster();
        drain();
        answer("n1", "web_monitor_0", OcfStatus.NOT_RUNNING);
        answer("n2", "web_monitor_0", OcfStatus.NOT_RUNNING);
        refuse("n3", "web_monitor_0", "n1 is not the DC of view 1");
        assertEquals(List.of(), drain(), "no flood of the same request at a node whose view lags");
        assertTrue(collector.failures().isEmpty(), "a refusal is no failure");
        clock.advance(Duration.ofMillis(1000));
        controller.onTimer();
        assertEquals(List.of("web_monitor_0 n3"), drain(), "decided again, without waiting out the timeout");
    }

    @Test
    void aStartRefusedForLackOfLeaseIsAnsweredSoTheDcDoesNotWaitForTheTimeout() {
        startCluster();
        drain();
        answer("n1", "web_monitor_0", OcfStatus.NOT_RUNNING);
        answer("n2", "web_monitor_0", OcfStatus.NOT_RUNNING);
        answer("n3", "web_monitor_0", OcfStatus.NOT_RUNNING);
        assertEquals(List.of("web_start_0 n1"), drain());
        refuse("n1", "web_start_0", "this node holds no lease");
        clock.advance(Duration.ofSeconds(1));
        controller.onTimer();
        assertEquals(List.of("web_start_0 n1"), drain(), "after 1 s, not after the 20 s start timeout");
    }

    @Test
    void aDcThatLostItsLeasePlansNothing() {
        controller.onConfig(new ConfigReader("t").read("primitive web dummy\n"));
        MembershipView v = view("n1", "n1", "n1", "n2", "n3");
        controller.onView(MembershipView.of(1, "n1", v.members(), v.states(), 3, true, "n1", true, v.incarnations(),
                false));
        report("n1");
        report("n2");
        report("n3");
        assertEquals(List.of(), drain(), "cut off from the majority: another DC will act");
        controller.onView(v);
        report("n1");
        report("n2");
        report("n3");
        assertEquals(3, drain().size(), "lease back: probes, once every member answered its query");
    }

    @Test
    void aLeavingMemberIsShuttingDownForTheEngine() {
        startCluster();
        drain();
        answer("n1", "web_monitor_0", OcfStatus.NOT_RUNNING);
        answer("n2", "web_monitor_0", OcfStatus.OK); // runs on n2
        answer("n3", "web_monitor_0", OcfStatus.NOT_RUNNING);
        assertEquals(List.of("web_monitor_1000 n2"), drain());
        answer("n2", "web_monitor_1000", OcfStatus.OK);
        controller.onView(view("n1", "n1", "n1", "n2", "n3").withLeaving(Set.of("n2")));
        assertEquals(List.of("web_stop_0 n2"), drain(), "stopped on the leaving node first");
        answer("n2", "web_stop_0", OcfStatus.OK);
        List<String> next = drain();
        assertEquals(1, next.size(), next.toString());
        assertTrue(next.get(0).startsWith("web_start_0 ") && !next.get(0).endsWith("n2"), next.toString());
    }

    @Test
    void aLeavingMemberWithARunningOperationKeepsItPendingForTheEngine() {
        MembershipView v = view("n1", "n1", "n1", "n2").withLeaving(Set.of("n2"));
        StatusCollector c = new StatusCollector();
        c.onView(v);
        c.onUpdate("n2", LrmUpdate.of(Map.of(), null, null, Map.of("web", "start")));
        assertEquals(Map.of("web", "start"), c.snapshot().nodes().get("n2").pending(),
                "the engine leaves web alone until its start is known");
        assertTrue(!c.snapshot().nodes().get("n2").shuttingDown());
        c.onUpdate("n2", LrmUpdate.of(Map.of("web", ResourceState.of(ResourceRole.STARTED)), null, null));
        assertTrue(c.snapshot().nodes().get("n2").shuttingDown());
        assertTrue(!c.snapshot().nodes().get("n1").shuttingDown());
    }

    @Test
    void aNewDcDecidesOnlyFromReportsThatAnswerItsOwnQuery() {
        controller.onConfig(new ConfigReader("t").read("primitive web dummy\n"));
        controller.onView(view("n1", "n1", "n1", "n2"));
        assertEquals(1, queries[0], "becoming DC, it asks every member for its state");
        // a report the old DC's time sent, still on its way: no answer to this DC's query
        controller.onUpdate("n2", LrmUpdate.of(Map.of(), null, null));
        report("n1");
        assertEquals(List.of(), drain(), "nothing decided on n2's stale report");
        report("n2");
        assertTrue(!drain().isEmpty(), "decided once n2 answered");
    }
}
