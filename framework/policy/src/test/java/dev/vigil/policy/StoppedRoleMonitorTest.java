package dev.vigil.policy;

import static dev.vigil.policy.Scenario.revised;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/**
 * A monitor configured for the Stopped role checks that a resource is NOT running where it
 * should not run: "not running" is its expected result, finding the resource running is its
 * failure.
 */
class StoppedRoleMonitorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static String cib(String meta, String node1Ops, String node2Ops) {
        return "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set></crm_config>"
                + "<nodes><node id='n1' uname='n1'/><node id='n2' uname='n2'/></nodes><resources>"
                + "<primitive id='r' class='ocf' provider='pacemaker' type='Dummy'><meta_attributes id='m'>" + meta
                + "</meta_attributes><operations><op id='m10' name='monitor' interval='10'/>"
                + "<op id='m20' name='monitor' interval='20' role='Stopped'/></operations></primitive>"
                + "</resources><constraints/></configuration><status>" + node("n1", node1Ops) + node("n2", node2Ops)
                + "</status></cib>";
    }

    private static String node(String name, String ops) {
        return "<node_state id='" + name + "' uname='" + name + "' in_ccm='true' crmd='online' join='member' "
                + "expected='member'><lrm id='" + name + "'><lrm_resources><lrm_resource id='r' class='ocf' "
                + "provider='pacemaker' type='Dummy'>" + ops + "</lrm_resource></lrm_resources></lrm></node_state>";
    }

    /**
     * One recorded operation; the transition key carries the result the controller expected,
     * the digest the parameters it ran with (those of this configuration, as Pacemaker 3.0.5 made them).
     */
    private static String op(String task, int interval, int call, int expected, int rc) {
        String digest = interval == 0 ? "f2317cad3d54cec5d7d7aa7d0bf35cf8" : "4811cef7f7f94e3a35a70be7916cb2fd";
        return "<lrm_rsc_op id='r_" + task + "_" + interval + "' operation='" + task + "' interval='" + interval
                + "' call-id='" + call + "' rc-code='" + rc + "' op-status='0' transition-key='" + call + ":1:"
                + expected + ":x' crm_feature_set='3.0.5' op-digest='" + digest + "'/>";
    }

    private static final String PROBED = op("monitor", 0, 1, 7, 7);
    private static final String RUNNING = PROBED + op("start", 0, 2, 0, 0) + op("monitor", 10000, 3, 0, 0);

    private static Transition compute(String xml) {
        Cib c = new CibReader("test").read(xml);
        return new PolicyEngine().compute(c.config(), c.status(), NOW);
    }

    @Test
    void notRunningIsTheExpectedResultOfAStoppedRoleMonitor() {
        Transition t = compute(cib("", RUNNING, PROBED + op("monitor", 20000, 2, 7, 7)));
        assertEquals(List.of(), t.changes(), "nothing failed: r keeps running on n1");
        assertEquals(List.of("r Started n1"), revised(t));
    }

    @Test
    void aStoppedRoleMonitorFindingItRunningIsAFailureThatMakesItActiveThere() {
        Transition t = compute(cib("", RUNNING, PROBED + op("monitor", 20000, 2, 7, 0)));
        assertEquals(List.of("Recover r ( n1 )"), Scenario.summary(t), "active on two nodes: stopped on both");
        List<String> actions = Scenario.actions(t);
        assertTrue(actions.contains("r_stop_0 n1") && actions.contains("r_stop_0 n2"), actions.toString());
        assertEquals(List.of("r Started n1"), revised(t));
    }

    @Test
    void aResourceFailedOnOneOfItsNodesShowsFailedOnAllOfThem() {
        // Unmanaged: it stays where it is, as it was found.
        Transition t = compute(cib("<nvpair id='u' name='is-managed' value='false'/>"
                + "<nvpair id='d' name='target-role' value='Stopped'/>", RUNNING,
                PROBED + op("monitor", 20000, 2, 7, 0)));
        assertEquals(List.of(), t.changes());
        assertEquals(List.of("r FAILED (disabled, unmanaged) n1", "r FAILED (disabled, unmanaged) n2"), revised(t));
    }

    @Test
    void aStoppedRoleMonitorIsNeverTheMonitorOfTheRunningResource() {
        String xml = cib("", PROBED, PROBED).replace("<op id='m10' name='monitor' interval='10'/>", "");
        Transition t = compute(xml);
        assertEquals(List.of("Start r ( n1 )"), Scenario.summary(t));
        assertFalse(Scenario.actions(t).contains("r_monitor_20000 n1"), Scenario.actions(t).toString());
    }
}
