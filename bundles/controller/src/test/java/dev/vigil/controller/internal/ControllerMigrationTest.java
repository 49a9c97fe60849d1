package dev.vigil.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.OcfStatus;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.ConfigReader;
import dev.vigil.model.ResourceState;

/**
 * A live migration across a change of DC: the executors' states record the migrate_to, so the
 * new DC sees the migration half done (as Pacemaker reads it from the CIB) and finishes it.
 */
class ControllerMigrationTest extends DcFixture {
    private static final String VM = "primitive vm dummy op monitor interval=1s timeout=5s meta allow-migrate=true\n";

    /** The DC on n3 starts migrating vm from n1 to n2; n1 has done the migrate_to. */
    private void migrateToDoneUnderDcN3() {
        controller.onConfig(new ConfigReader("t").read(VM + "location pref vm 50: n1\n"));
        controller.onView(view("n3", "n3", "n1", "n2", "n3"));
        report("n1");
        report("n2");
        report("n3");
        drain();
        execute("n1", "vm_monitor_0", OcfStatus.OK);
        execute("n2", "vm_monitor_0", OcfStatus.NOT_RUNNING);
        execute("n3", "vm_monitor_0", OcfStatus.NOT_RUNNING);
        assertEquals(List.of("vm_monitor_1000 n1"), drain());
        execute("n1", "vm_monitor_1000", OcfStatus.OK);
        controller.onConfig(new ConfigReader("t").read(VM + "location pref vm 50: n2\n"));
        assertEquals(List.of("vm_migrate_to_0 n1"), drain());
        execute("n1", "vm_migrate_to_0", OcfStatus.OK);
        assertEquals(List.of("vm_migrate_from_0 n2"), drain(), "the old DC goes on");
    }

    /** Another node's controller, DC after n3 is gone, fed with what the executors report. */
    private static DcFixture newDcOnN1(Map<String, Map<String, ResourceState>> executorStates) {
        DcFixture dc = new DcFixture() { };
        executorStates.forEach((n, s) -> dc.nodeStates.put(n, new TreeMap<>(s)));
        dc.controller.onConfig(new ConfigReader("t").read(VM + "location pref vm 50: n2\n"));
        dc.controller.onView(dc.view("n1", "n1", "n1", "n2"));
        dc.report("n1");
        dc.report("n2");
        return dc;
    }

    private static long activeCopies(DcFixture f) {
        return List.of("n1", "n2").stream()
                .filter(n -> f.nodeStates.getOrDefault(n, Map.of()).containsKey("vm")
                        && f.nodeStates.get(n).get("vm").isActive())
                .count();
    }

    /**
     * The copies the DC takes the resource to have, the nodes' records of migrations read: a
     * source that finished its part of a completed migration no longer runs it, and a migration
     * in progress (migrate_to done, migrate_from not yet) is one copy moving between two nodes.
     */
    private static long activeAsTheDcSeesIt(DcFixture f) {
        ClusterStatus status = f.collector.snapshot();
        var m = status.migrations().get("vm");
        long nodes = status.nodes().values().stream().filter(n -> n.resource("vm").isActive()).count();
        return m != null && m.partialTarget() != null ? nodes - 1 : nodes;
    }

    @Test
    void aNewDcFinishesAMigrationHalfDoneWithTheMigrateFromThenStopsTheSource() {
        migrateToDoneUnderDcN3();
        DcFixture dc = newDcOnN1(nodeStates);
        assertEquals(List.of("vm_migrate_from_0 n2"), dc.drain(), "no second migrate_to, no start: it goes on");
        dc.execute("n2", "vm_migrate_from_0", OcfStatus.OK);
        assertEquals(List.of("vm_stop_0 n1"), dc.drain(), "then the source is cleaned up");
        dc.execute("n1", "vm_stop_0", OcfStatus.OK);
        assertEquals(List.of("vm_monitor_1000 n2"), dc.drain());
        dc.execute("n2", "vm_monitor_1000", OcfStatus.OK);
        assertEquals(List.of(), dc.drain(), "steady: it runs on n2 only");
        assertEquals(1, activeCopies(dc));
        assertTrue(dc.nodeStates.get("n2").get("vm").isActive());
    }

    @Test
    void aNewDcAfterTheMigrateFromOnlyStopsTheSource() {
        migrateToDoneUnderDcN3();
        execute("n2", "vm_migrate_from_0", OcfStatus.OK); // the old DC dies before it asks for the stop
        DcFixture dc = newDcOnN1(nodeStates);
        assertEquals(Set.of("vm_stop_0 n1", "vm_monitor_1000 n2"), Set.copyOf(dc.drain()),
                "a completed migration owes the source's stop; on n2 it is only monitored, not restarted");
        dc.execute("n1", "vm_stop_0", OcfStatus.OK);
        dc.execute("n2", "vm_monitor_1000", OcfStatus.OK);
        assertEquals(List.of(), dc.drain());
        assertEquals(1, activeCopies(dc));
    }

    /**
     * Carries out whatever the DC asks, each node's executor answering "done" (a probe: not
     * running), until it asks nothing more; checks after every answer that the resource is never
     * active on two nodes. Returns the requests in the order they were sent.
     */
    private static List<String> runToSteadyState(DcFixture f) {
        List<String> done = new ArrayList<>();
        for (List<String> batch = f.drain(); !batch.isEmpty(); batch = f.drain()) {
            for (String a : batch) {
                String op = a.substring(0, a.indexOf(' '));
                f.execute(a.substring(a.indexOf(' ') + 1), op,
                        op.endsWith("_monitor_0") ? OcfStatus.NOT_RUNNING : OcfStatus.OK);
                done.add(a);
                assertTrue(activeAsTheDcSeesIt(f) <= 1,
                        "never active on two nodes: " + f.nodeStates + " after " + done);
            }
        }
        return done;
    }

    @Test
    void aTargetLostAfterTheMigrateToIsNotWaitedForTheSourceIsRecoveredWithoutMigrating() {
        migrateToDoneUnderDcN3();
        controller.onView(view("n3", "n3", "n1", "n3")); // n2 leaves before its migrate_from
        assertEquals(List.of("vm_stop_0 n1"), drain(), "the migration cannot complete: stopped first (Pacemaker's"
                + " recovery of a migrate_to without its migrate_from), not left as it is");
        execute("n1", "vm_stop_0", OcfStatus.OK);
        List<String> rest = runToSteadyState(this);
        assertEquals(List.of("vm_start_0 n1", "vm_monitor_1000 n1"), rest.subList(0, 2), "then started once: " + rest);
        assertTrue(rest.stream().noneMatch(a -> a.contains("migrate")), rest.toString());
        assertEquals(1, activeCopies(this));
    }

    @Test
    void aTargetWhoseProcessRestartedAfterTheMigrateToIsProbedAndTheResourceEndsOnOneNode() {
        migrateToDoneUnderDcN3();
        restart("n2"); // its executor restarts: it will never answer the migrate_from, and forgot everything
        controller.onView(view("n3", "n3", "n1", "n2", "n3"));
        report("n2");
        assertEquals(List.of("vm_monitor_0 n2"), drain(), "the migrate_from is given up; the new process is probed");
        execute("n2", "vm_monitor_0", OcfStatus.NOT_RUNNING);
        List<String> rest = runToSteadyState(this);
        assertTrue(rest.indexOf("vm_stop_0 n1") >= 0, rest.toString());
        assertEquals(1, activeCopies(this), nodeStates.toString());
        assertEquals(List.of(), drain());
    }
}
