package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Live reports read as the CIB replay reads the same histories ({@link MigrationHistoryTest}): a
 * migrate_to without its migrate_from is a partial migration active on both nodes, one with it
 * a completed migration whose source owes a stop.
 */
class ReportedMigrationsTest {
    private static CompletedOperation ok(OperationTask task, int rc) {
        return CompletedOperation.of(task, Duration.ZERO, rc, CompletedOperation.Execution.DONE, null, "");
    }

    private static ResourceState fold(CompletedOperation... ops) {
        ResourceState s = ResourceState.of(ResourceRole.UNKNOWN);
        for (CompletedOperation op : ops) {
            s = HistoryReducer.next(s, op);
        }
        return s;
    }

    private static final ResourceState MIGRATED_AWAY = fold(ok(OperationTask.MONITOR, 7), ok(OperationTask.START, 0),
            ok(OperationTask.MIGRATE_TO, 0).withMigration("a", "b"));
    private static final ResourceState PROBED_STOPPED = fold(ok(OperationTask.MONITOR, 7));
    private static final ResourceState MIGRATED_HERE = fold(ok(OperationTask.MONITOR, 7),
            ok(OperationTask.MIGRATE_FROM, 0).withMigration("a", "b"));

    private static Map<String, Map<String, ResourceState>> nodes(Object... nodeAndState) {
        Map<String, Map<String, ResourceState>> out = new TreeMap<>();
        for (int i = 0; i < nodeAndState.length; i += 2) {
            out.put((String) nodeAndState[i], new TreeMap<>(Map.of("vm", (ResourceState) nodeAndState[i + 1])));
        }
        return out;
    }

    @Test
    void migrateToDoneAndNoMigrateFromYetIsAPartialMigrationActiveOnBoth() {
        Map<String, Map<String, ResourceState>> states = nodes("a", MIGRATED_AWAY, "b", PROBED_STOPPED);
        Map<String, MigrationStatus> m = ReportedMigrations.resolve(states);
        assertEquals(MigrationStatus.none().withPartial("a", "b"), m.get("vm"));
        assertEquals(ResourceRole.STARTED, states.get("a").get("vm").role());
        assertEquals(ResourceRole.STARTED, states.get("b").get("vm").role());
    }

    @Test
    void aCompletedMigrationWhoseSourceWasNotStoppedLeavesADanglingSource() {
        Map<String, Map<String, ResourceState>> states = nodes("a", MIGRATED_AWAY, "b", MIGRATED_HERE);
        Map<String, MigrationStatus> m = ReportedMigrations.resolve(states);
        assertEquals(List.of("a"), m.get("vm").danglingSources());
        assertEquals(ResourceRole.STOPPED, states.get("a").get("vm").role());
        assertEquals(ResourceRole.STARTED, states.get("b").get("vm").role());
    }

    @Test
    void aSourceStoppedSinceLeavesNothingBehind() {
        ResourceState stopped = HistoryReducer.next(MIGRATED_AWAY, ok(OperationTask.STOP, 0));
        Map<String, Map<String, ResourceState>> states = nodes("a", stopped, "b", MIGRATED_HERE);
        assertTrue(ReportedMigrations.resolve(states).isEmpty());
        assertEquals(ResourceRole.STOPPED, states.get("a").get("vm").role());
    }

    @Test
    void aTargetOfflineBeforeItsMigrateFromLeavesTheSourceFailedToBeRecoveredWithoutMigrating() {
        Map<String, Map<String, ResourceState>> alone = nodes("a", MIGRATED_AWAY);
        assertTrue(ReportedMigrations.resolve(alone).isEmpty(), "no migration left to finish");
        assertEquals(ResourceRole.FAILED, alone.get("a").get("vm").role());
        assertEquals(0, alone.get("a").get("vm").failCount(), "recovered, but no failure counted against it");
        // As the CIB replay reads the same history with the target offline (Pacemaker's unpack_migrate_to_success).
        String sourceOps = op("monitor", 2, 7, 50, "") + op("start", 10, 0, 100, "")
                + op("migrate_to", 11, 0, 200, "migrate_source='a' migrate_target='b'");
        ClusterStatus cib = cib(node("1", "a", sourceOps), "<node_state id='2' uname='b' in_ccm='false'"
                + " crmd='offline' join='down' expected='down'/>");
        assertEquals(cib.nodes().get("a").resource("vm").role(), alone.get("a").get("vm").role());
        assertEquals(cib.migrations().get("vm"), ReportedMigrations.resolve(nodes("a", MIGRATED_AWAY)).get("vm"));
    }

    @Test
    void aTargetNeverProbedLeavesTheStatesAsTheyAre() {
        Map<String, Map<String, ResourceState>> unknown = nodes("a", MIGRATED_AWAY, "b",
                ResourceState.of(ResourceRole.UNKNOWN));
        assertTrue(ReportedMigrations.resolve(unknown).isEmpty(), "the target is probed first, as in Pacemaker");
        assertEquals(ResourceRole.UNKNOWN, unknown.get("b").get("vm").role());
    }

    private static String op(String task, int callId, int rc, long when, String extra) {
        return "<lrm_rsc_op id='vm_" + task + "_" + callId + "' operation='" + task + "' call-id='" + callId
                + "' rc-code='" + rc + "' op-status='0' interval='0' last-rc-change='" + when + "' " + extra + "/>";
    }

    private static String node(String id, String name, String... ops) {
        return "<node_state id='" + id + "' uname='" + name + "' in_ccm='true' crmd='online' join='member'"
                + " expected='member'><lrm id='l" + id + "'><lrm_resources><lrm_resource id='vm' class='ocf'"
                + " provider='heartbeat' type='Dummy'>" + String.join("", ops)
                + "</lrm_resource></lrm_resources></lrm></node_state>";
    }

    private static ClusterStatus cib(String onA, String onB) {
        return new CibReader("t").read("<cib epoch='1' have-quorum='1'><configuration><crm_config/>"
                + "<nodes><node id='1' uname='a'/><node id='2' uname='b'/></nodes>"
                + "<resources><primitive id='vm' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<meta_attributes id='m'><nvpair id='am' name='allow-migrate' value='true'/></meta_attributes>"
                + "</primitive></resources><constraints/></configuration>"
                + "<status>" + onA + onB + "</status></cib>").status();
    }

    @Test
    void theSameHistoriesReadFromACibGiveTheSameRolesAndMigrations() {
        String migration = "migrate_source='a' migrate_target='b'";
        String sourceOps = op("monitor", 2, 7, 50, "") + op("start", 10, 0, 100, "")
                + op("migrate_to", 11, 0, 200, migration);
        ClusterStatus partialCib = cib(node("1", "a", sourceOps), node("2", "b", op("monitor", 2, 7, 50, "")));
        ClusterStatus completedCib = cib(node("1", "a", sourceOps),
                node("2", "b", op("monitor", 2, 7, 50, ""), op("migrate_from", 3, 0, 210, migration)));
        Map<String, Map<String, ResourceState>> partial = nodes("a", MIGRATED_AWAY, "b", PROBED_STOPPED);
        Map<String, Map<String, ResourceState>> completed = nodes("a", MIGRATED_AWAY, "b", MIGRATED_HERE);
        assertEquals(partialCib.migrations().get("vm"), ReportedMigrations.resolve(partial).get("vm"));
        assertEquals(completedCib.migrations().get("vm"), ReportedMigrations.resolve(completed).get("vm"));
        for (String n : List.of("a", "b")) {
            assertEquals(partialCib.nodes().get(n).resource("vm").role(), partial.get(n).get("vm").role(), n);
            assertEquals(completedCib.nodes().get(n).resource("vm").role(), completed.get(n).get("vm").role(), n);
        }
    }
}
