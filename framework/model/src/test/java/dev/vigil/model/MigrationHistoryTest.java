package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Where the history of migrate_to and migrate_from leaves a resource active (Pacemaker's unpack.c rules). */
class MigrationHistoryTest {
    private static final String START = op("start", 10, 0, 100, "");
    private static final String PROBE_NOT_RUNNING = op("monitor", 2, 7, 50, "");

    private static String op(String task, int callId, int rc, long when, String extra) {
        return "<lrm_rsc_op id='vm_" + task + "_" + callId + "' operation='" + task + "' call-id='" + callId
                + "' rc-code='" + rc + "' op-status='" + (rc == 0 || rc == 7 ? 0 : 4) + "' interval='0'"
                + " last-rc-change='" + when + "' " + extra + "/>";
    }

    private static String migration(String task, int callId, int rc, long when) {
        return op(task, callId, rc, when, "migrate_source='a' migrate_target='b'");
    }

    private static String node(String id, String name, String... ops) {
        return "<node_state id='" + id + "' uname='" + name + "' in_ccm='true' crmd='online' join='member'"
                + " expected='member'><lrm id='l" + id + "'><lrm_resources><lrm_resource id='vm' class='ocf'"
                + " provider='heartbeat' type='Dummy'>" + String.join("", ops)
                + "</lrm_resource></lrm_resources></lrm></node_state>";
    }

    private static ClusterStatus read(String onA, String onB) {
        String xml = "<cib epoch='1' have-quorum='1'><configuration><crm_config/>"
                + "<nodes><node id='1' uname='a'/><node id='2' uname='b'/></nodes>"
                + "<resources><primitive id='vm' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<meta_attributes id='m'><nvpair id='am' name='allow-migrate' value='true'/></meta_attributes>"
                + "</primitive></resources><constraints/></configuration>"
                + "<status>" + onA + onB + "</status></cib>";
        return new CibReader("t").read(xml).status();
    }

    private static ResourceRole role(ClusterStatus s, String node) {
        return s.nodes().get(node).resource("vm").role();
    }

    @Test
    void migrateToDoneAndNoMigrateFromYetIsAPartialMigrationActiveOnBoth() {
        ClusterStatus s = read(node("1", "a", PROBE_NOT_RUNNING, START, migration("migrate_to", 11, 0, 200)),
                node("2", "b", PROBE_NOT_RUNNING));
        assertEquals(ResourceRole.STARTED, role(s, "a"));
        assertEquals(ResourceRole.STARTED, role(s, "b"));
        assertEquals("a", s.migrations().get("vm").partialSource());
        assertEquals("b", s.migrations().get("vm").partialTarget());
    }

    @Test
    void aCompletedMigrationWhoseSourceWasNotStoppedLeavesADanglingSource() {
        ClusterStatus s = read(node("1", "a", PROBE_NOT_RUNNING, START, migration("migrate_to", 11, 0, 200)),
                node("2", "b", PROBE_NOT_RUNNING, migration("migrate_from", 3, 0, 210)));
        assertEquals(ResourceRole.STOPPED, role(s, "a"));
        assertEquals(ResourceRole.STARTED, role(s, "b"));
        assertEquals(List.of("a"), s.migrations().get("vm").danglingSources());
        assertNull(s.migrations().get("vm").partialSource());
    }

    @Test
    void aCompletedMigrationWithTheSourceStoppedSinceLeavesNothingBehind() {
        ClusterStatus s = read(node("1", "a", PROBE_NOT_RUNNING, START, migration("migrate_to", 11, 0, 200),
                op("stop", 12, 0, 220, "")), node("2", "b", PROBE_NOT_RUNNING, migration("migrate_from", 3, 0, 210)));
        assertEquals(ResourceRole.STOPPED, role(s, "a"));
        assertEquals(ResourceRole.STARTED, role(s, "b"));
        assertNull(s.migrations().get("vm"));
    }

    @Test
    void aFailedMigrateFromLeavesItFailedOnBothNodes() {
        ClusterStatus s = read(node("1", "a", PROBE_NOT_RUNNING, START, migration("migrate_to", 11, 0, 200)),
                node("2", "b", PROBE_NOT_RUNNING, migration("migrate_from", 3, 1, 210)));
        assertEquals(ResourceRole.FAILED, role(s, "a"));
        assertEquals(ResourceRole.FAILED, role(s, "b"));
    }

    @Test
    void aFailedMigrateToLeavesItFailedOnTheSourceAndPossiblyActiveOnTheTarget() {
        ClusterStatus s = read(node("1", "a", PROBE_NOT_RUNNING, START, migration("migrate_to", 11, 1, 200)),
                node("2", "b", PROBE_NOT_RUNNING));
        assertEquals(ResourceRole.FAILED, role(s, "a"));
        assertEquals(ResourceRole.STARTED, role(s, "b"), "the agent may have started it there");
    }

    @Test
    void aTargetThatStoppedItSinceIsNotActive() {
        ClusterStatus s = read(node("1", "a", PROBE_NOT_RUNNING, START, migration("migrate_to", 11, 1, 200)),
                node("2", "b", PROBE_NOT_RUNNING, op("stop", 4, 0, 230, "")));
        assertEquals(ResourceRole.FAILED, role(s, "a"));
        assertEquals(ResourceRole.STOPPED, role(s, "b"));
    }
}
