package dev.vigil.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/**
 * Where the engine schedules monitors configured for the Stopped role: on every node the
 * resource must not run on, after its probe and its stop there, unless the node already runs
 * one; where it is to start, one running there is cancelled first.
 */
class StoppedRoleMonitorPlanningTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static String cib(String resources, String constraints, String n1Ops, String n2Ops, String n3Ops) {
        return "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set></crm_config>"
                + "<nodes><node id='n1' uname='n1'/><node id='n2' uname='n2'/><node id='n3' uname='n3'/></nodes>"
                + "<resources>" + resources + "</resources><constraints>" + constraints + "</constraints>"
                + "</configuration><status>" + node("n1", n1Ops) + node("n2", n2Ops) + node("n3", n3Ops)
                + "</status></cib>";
    }

    private static final String PRIMITIVE = "<primitive id='r' class='ocf' provider='pacemaker' type='Dummy'>"
            + "<operations><op id='m10' name='monitor' interval='10'/>"
            + "<op id='m20' name='monitor' interval='20' role='Stopped'/></operations></primitive>";

    private static String node(String name, String ops) {
        String history = ops == null ? "" : "<lrm_resource id='r' class='ocf' provider='pacemaker' type='Dummy'>"
                + ops + "</lrm_resource>";
        return "<node_state id='" + name + "' uname='" + name + "' in_ccm='true' crmd='online' join='member' "
                + "expected='member'><lrm id='" + name + "'><lrm_resources>" + history
                + "</lrm_resources></lrm></node_state>";
    }

    private static String op(String task, int interval, int call, int expected, int rc) {
        String digest = interval == 0 ? "f2317cad3d54cec5d7d7aa7d0bf35cf8" : "4811cef7f7f94e3a35a70be7916cb2fd";
        return "<lrm_rsc_op id='r_" + task + "_" + interval + "' operation='" + task + "' interval='" + interval
                + "' call-id='" + call + "' rc-code='" + rc + "' op-status='0' transition-key='" + call + ":1:"
                + expected + ":x' crm_feature_set='3.0.5' op-digest='" + digest + "'/>";
    }

    private static final String PROBED = op("monitor", 0, 1, 7, 7);
    private static final String WATCHED = PROBED + op("monitor", 20000, 2, 7, 7);
    private static final String RUNNING = PROBED + op("start", 0, 2, 0, 0) + op("monitor", 10000, 3, 0, 0);

    private static Transition compute(String xml) {
        Cib c = new CibReader("test").read(xml);
        return new PolicyEngine().compute(c.config(), c.status(), NOW);
    }

    private static Action find(Transition t, String key) {
        return t.actions().stream().filter(a -> a.toString().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError(key + " not in " + Scenario.actions(t)));
    }

    /** Does {@code after} wait directly for {@code before}? */
    private static boolean ordered(Transition t, String before, String after) {
        return t.dependenciesOf(find(t, after).id()).contains(find(t, before).id());
    }

    @Test
    void theMonitorRunsOnEveryOtherNodeOnceProbedThere() {
        Transition t = compute(cib(PRIMITIVE, "", null, null, null));
        assertEquals(List.of("Start r ( n1 )"), Scenario.summary(t));
        for (String n : List.of("n2", "n3")) {
            Action m = find(t, "r_monitor_20000 " + n);
            assertEquals("Stopped", m.role());
            assertTrue(ordered(t, "r_monitor_0 " + n, "r_monitor_20000 " + n), "after the probe on " + n);
        }
        assertFalse(Scenario.actions(t).contains("r_monitor_20000 n1"), "not where it starts");
        assertNull(find(t, "r_monitor_10000 n1").role(), "the monitor of the running resource has no role");
    }

    @Test
    void aNodeAlreadyRunningTheMonitorIsLeftAsItIs() {
        Transition t = compute(cib(PRIMITIVE, "", RUNNING, WATCHED, PROBED));
        assertEquals(List.of(), t.changes());
        assertEquals(List.of("r_monitor_20000 n3"),
                Scenario.actions(t).stream().filter(a -> a.contains("monitor_20000")).toList(), "only n3 lacks it");
    }

    @Test
    void movingCancelsTheMonitorWhereItArrivesAndStartsOneWhereItLeaves() {
        Transition t = compute(cib(PRIMITIVE, "<rsc_location id='l' rsc='r' node='n2' score='INFINITY'/>",
                RUNNING, WATCHED, WATCHED));
        assertEquals(List.of("Move r ( n1 -> n2 )"), Scenario.summary(t));
        Action cancel = find(t, "Cancel r_monitor_20000 n2");
        assertEquals(Action.Kind.CANCEL, cancel.kind());
        assertEquals("Stopped", cancel.role());
        assertEquals(20, cancel.interval().toSeconds());
        assertTrue(ordered(t, "Cancel r_monitor_20000 n2", "r_start_0 n2"), "cancelled before the start");
        assertTrue(ordered(t, "r_stop_0 n1", "r_monitor_20000 n1"), "watched where it left, once stopped");
        assertFalse(Scenario.actions(t).contains("r_monitor_20000 n3"), "n3 runs it already");
    }

    @Test
    void foundRunningWhereItMustNotItIsStoppedThereAndWatchedAgain() {
        Transition t = compute(cib(PRIMITIVE, "", RUNNING, PROBED + op("monitor", 20000, 2, 7, 0), WATCHED));
        assertTrue(ordered(t, "r_stop_0 n2", "r_monitor_20000 n2"), "its stop ends the monitor: scheduled again");
        assertEquals("Stopped", find(t, "r_monitor_20000 n2").role());
        assertFalse(Scenario.actions(t).contains("r_monitor_20000 n3"), "n3 runs it already");
    }

    @Test
    void onlyAGloballyUniqueCloneHasThemNotAnAnonymousOne() {
        String clone = "<clone id='c'>" + PRIMITIVE + "<meta_attributes id='cm'>"
                + "<nvpair id='cmax' name='clone-max' value='1'/>UNIQUE</meta_attributes></clone>";
        Transition unique = compute(cib(clone.replace("UNIQUE",
                "<nvpair id='gu' name='globally-unique' value='true'/>"), "", null, null, null));
        assertEquals("Stopped", find(unique, "r:0_monitor_20000 n2").role());
        Transition anonymous = compute(cib(clone.replace("UNIQUE", ""), "", null, null, null));
        assertTrue(Scenario.actions(anonymous).stream().noneMatch(a -> a.contains("monitor_20000")),
                Scenario.actions(anonymous).toString());
    }

    @Test
    void aResourceInMaintenanceGetsNone() {
        assertEquals("Stopped", find(compute(cib(PRIMITIVE, "", RUNNING, PROBED, PROBED)), "r_monitor_20000 n2").role());
        String maintained = PRIMITIVE.replace("<operations>",
                "<meta_attributes id='m'><nvpair id='mm' name='maintenance' value='true'/></meta_attributes>"
                        + "<operations>");
        Transition t = compute(cib(maintained, "", RUNNING, PROBED, PROBED));
        assertTrue(Scenario.actions(t).stream().noneMatch(a -> a.contains("monitor_20000")),
                Scenario.actions(t).toString());
    }
}
