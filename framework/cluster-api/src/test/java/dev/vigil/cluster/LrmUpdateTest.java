package dev.vigil.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.model.RecordedOperation;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

class LrmUpdateTest {
    @Test
    void roundTripsStatesPendingOperationsAndTheAnswer() {
        Instant t = Instant.ofEpochMilli(1_700_000_000_000L);
        OperationRecord rec = OperationRecord.of("n1", "web", AgentAction.START, Duration.ZERO, t, t.plusMillis(5),
                ExecStatus.DONE, OcfStatus.OK, "fine\nreally = yes %");
        LrmUpdate u = LrmUpdate.of(Map.of("web", ResourceState.of(ResourceRole.STARTED, 2, t, "x", Duration.ofSeconds(1))
                        .withAgent("ocf:heartbeat:IPaddr2"),
                "db", ResourceState.of(ResourceRole.STOPPED).withRecurring(List.of(
                        RecordedOperation.of("monitor", Duration.ofSeconds(20), null, null, null))),
                "ip", ResourceState.failedBy(ResourceRole.FAILED, 1, t, "monitor failed", "monitor", Duration.ofSeconds(10))
                        .withMonitor(Duration.ofSeconds(10))), "req-1", rec, Map.of("db", "stop"));
        LrmUpdate back = LrmUpdate.decode(u.encode());
        assertEquals(u.states(), back.states());
        assertEquals("monitor", back.states().get("ip").failedAction(), "the engine needs it for on-fail");
        assertEquals(Duration.ofSeconds(20), back.states().get("db").recurring().get(0).interval(),
                "a Stopped-role monitor running there: the DC must not ask for it again");
        assertEquals("ocf:heartbeat:IPaddr2", back.states().get("web").agent(),
                "the agent it runs with: a DC stops it with it once it is no longer configured");
        assertEquals(null, back.states().get("db").agent());
        assertEquals(Map.of("db", "stop"), back.pending());
        assertEquals("req-1", back.completedRequest());
        assertEquals(rec.reason(), back.record().reason());
        assertEquals(OcfStatus.OK, back.record().ocfStatus());
    }

    /** A failed Promoted instance must be demoted before its stop: the DC needs the role the failure found. */
    @Test
    void carriesTheRoleAFailureFoundTheResourceIn() {
        Instant t = Instant.ofEpochMilli(1_700_000_000_000L);
        ResourceState failedPromoted = ResourceState.failedBy(ResourceRole.FAILED, 1, t, "monitor failed", "monitor",
                Duration.ofSeconds(10)).withRoleBeforeFailure(ResourceRole.PROMOTED);
        LrmUpdate back = LrmUpdate.decode(LrmUpdate.of(Map.of("db", failedPromoted), null, null, Map.of()).encode());
        assertEquals(ResourceRole.PROMOTED, back.states().get("db").roleBeforeFailure());
        assertEquals(failedPromoted, back.states().get("db"));
    }

    /** A recurring monitor is judged by the answer its role expects; a probe by any definite answer. */
    @Test
    void aRecurringMonitorFailsOnAnotherRolesAnswer() {
        assertEquals(true, monitor(null, OcfStatus.RUNNING_PROMOTED).isFailure(), "no role: expects 0");
        assertEquals(false, monitor(null, OcfStatus.DEGRADED).isFailure());
        assertEquals(true, monitor("Promoted", OcfStatus.OK).isFailure(), "demoted behind the cluster's back");
        assertEquals(false, monitor("Promoted", OcfStatus.DEGRADED_PROMOTED).isFailure());
        assertEquals(true, monitor("Unpromoted", OcfStatus.RUNNING_PROMOTED).isFailure());
        assertEquals(false, monitor("stopped", OcfStatus.NOT_RUNNING).isFailure(), "role names in any case");
        assertEquals(true, monitor("Stopped", OcfStatus.OK).isFailure(), "running where it must not");
        Instant t = Instant.ofEpochMilli(1_700_000_000_000L);
        assertEquals(false, OperationRecord.of("n1", "db", AgentAction.MONITOR, Duration.ZERO, t, t, ExecStatus.DONE,
                OcfStatus.RUNNING_PROMOTED, "").isFailure(), "a probe finding it promoted");
    }

    private static OperationRecord monitor(String role, OcfStatus answer) {
        Instant t = Instant.ofEpochMilli(1_700_000_000_000L);
        return OperationRecord.of("n1", "db", AgentAction.MONITOR, Duration.ofSeconds(10), t, t, ExecStatus.DONE,
                answer, "").withRole(role);
    }

    @Test
    void aMalformedUpdateIsRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> LrmUpdate.decode("rsc.web.role=STARTED\n".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> LrmUpdate.decode("no equals sign\n".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> ActionRequest.decode("id=1\n".getBytes()));
    }
}
