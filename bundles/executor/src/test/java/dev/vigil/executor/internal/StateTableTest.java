package dev.vigil.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.ResourceRole;

/** The live table's reading of operations that the shared reducer knows by no task of its own. */
class StateTableTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static OperationRecord op(AgentAction action, OcfStatus answer) {
        return OperationRecord.of("n1", "web", action, Duration.ZERO, T, T, ExecStatus.DONE, answer, "");
    }

    @Test
    void aFailedReloadIsAFailureOfTheReloadNamedSo() {
        StateTable table = new StateTable();
        table.apply(op(AgentAction.START, OcfStatus.OK), "ocf:heartbeat:Dummy", false);
        table.apply(op(AgentAction.RELOAD, OcfStatus.ERR_GENERIC), null, false);
        assertEquals(ResourceRole.FAILED, table.get("web").role());
        assertEquals("reload", table.get("web").failedAction(), "what on-fail is looked up by");
        assertEquals(1, table.get("web").failCount());
    }

    @Test
    void aSuccessfulReloadLeavesAMigrationRecordAsItWas() {
        StateTable table = new StateTable();
        table.apply(OperationRecord.of("n1", "web", AgentAction.MIGRATE_FROM, Duration.ZERO, T, T, ExecStatus.DONE,
                OcfStatus.OK, "").withMigration("n2", "n1"), "ocf:heartbeat:Dummy", false);
        table.apply(op(AgentAction.RELOAD, OcfStatus.OK), null, false);
        assertEquals("n2", table.get("web").migrationSource(), "the source's stop is still due");
        assertEquals(ResourceRole.STARTED, table.get("web").role());
    }
}
