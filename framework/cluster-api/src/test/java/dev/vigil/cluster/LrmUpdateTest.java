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

    @Test
    void aMalformedUpdateIsRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> LrmUpdate.decode("rsc.web.role=STARTED\n".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> LrmUpdate.decode("no equals sign\n".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> ActionRequest.decode("id=1\n".getBytes()));
    }
}
