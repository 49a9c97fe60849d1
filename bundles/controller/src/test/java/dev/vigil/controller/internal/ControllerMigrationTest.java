package dev.vigil.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.OcfStatus;
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
}
