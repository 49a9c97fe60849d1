package dev.vigil.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.ExecStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

class ActionRequestTest {
    private static ActionRequest start() {
        return ActionRequest.of("n1-7-3-2", "web", "webserver", AgentAction.START, Duration.ZERO,
                Duration.ofSeconds(20), Map.of("port", "8080"));
    }

    @Test
    void carriesTheDcItsIncarnationAndTheViewNumberOnTheWire() {
        ActionRequest r = start().issuedBy("n1", 42, 1_700_000_000_123L);
        ActionRequest back = ActionRequest.decode(r.encode());
        assertEquals("n1", back.dc());
        assertEquals(42, back.viewNumber());
        assertEquals(1_700_000_000_123L, back.dcIncarnation());
        assertEquals("n1-7-3-2", back.id());
        assertEquals(Map.of("port", "8080"), back.params());
        assertEquals(AgentAction.START, back.action());
    }

    @Test
    void aNotificationCarriesItsVariablesOnTheWire() {
        ActionRequest r = ActionRequest.of("n1-7-3-9", "fs", "ocf:heartbeat:Dummy", AgentAction.NOTIFY, Duration.ZERO,
                Duration.ofSeconds(20), Map.of("state", "/run/fs")).issuedBy("n1", 42, 7L)
                .withNotifyVariables(Map.of("notify_type", "pre", "notify_operation", "start",
                        "notify_start_uname", "n3", "notify_stop_uname", " "));
        ActionRequest back = ActionRequest.decode(r.encode());
        assertEquals(AgentAction.NOTIFY, back.action());
        assertEquals(Map.of("notify_type", "pre", "notify_operation", "start", "notify_start_uname", "n3",
                "notify_stop_uname", " "), back.notifyVariables());
        assertEquals(Map.of("state", "/run/fs"), back.params(), "variables are not parameters");
        assertEquals("n1", back.dc());
        assertTrue(start().notifyVariables().isEmpty());
    }

    @Test
    void aStoppedRoleMonitorAndACancellationTravelOnTheWire() {
        ActionRequest monitor = ActionRequest.of("n1-7-3-4", "web", "webserver", AgentAction.MONITOR,
                Duration.ofSeconds(10), Duration.ofSeconds(20), Map.of()).issuedBy("n1", 42, 7L)
                .withRole(ActionRequest.STOPPED_ROLE);
        ActionRequest back = ActionRequest.decode(monitor.encode());
        assertTrue(back.forStoppedRole());
        assertFalse(back.isCancellation());
        ActionRequest cancel = ActionRequest.decode(monitor.asCancellation().encode());
        assertTrue(cancel.isCancellation());
        assertEquals(ActionRequest.STOPPED_ROLE, cancel.role());
        assertEquals(Duration.ofSeconds(10), cancel.interval());
        assertNull(start().role());
        assertFalse(start().isCancellation());
        assertThrows(IllegalArgumentException.class, () -> start().asCancellation(), "a one-shot has nothing to cancel");
    }

    @Test
    void aStoppedRoleMonitorSucceedsWithNotRunningAndFailsWithRunning() {
        OperationRecord notRunning = OperationRecord.of("n2", "web", AgentAction.MONITOR, Duration.ofSeconds(10),
                Instant.EPOCH, Instant.EPOCH, ExecStatus.DONE, dev.vigil.agent.OcfStatus.NOT_RUNNING, "");
        assertTrue(notRunning.isFailure(), "for a monitor of the running resource, not running is a failure");
        assertFalse(notRunning.withRole(ActionRequest.STOPPED_ROLE).isFailure());
        OperationRecord running = OperationRecord.of("n2", "web", AgentAction.MONITOR, Duration.ofSeconds(10),
                Instant.EPOCH, Instant.EPOCH, ExecStatus.DONE, dev.vigil.agent.OcfStatus.OK, "")
                .withRole(ActionRequest.STOPPED_ROLE);
        assertTrue(running.isFailure(), "it runs where it must not");
        LrmUpdate u = LrmUpdate.decode(LrmUpdate.of(Map.of(), "n1-7-3-4", running).encode());
        assertEquals(ActionRequest.STOPPED_ROLE, u.record().role());
        assertTrue(u.record().isFailure());
    }

    @Test
    void aFailedNotificationIsNoFailureOfTheResource() {
        OperationRecord r = OperationRecord.of("n2", "fs", AgentAction.NOTIFY, Duration.ZERO, Instant.EPOCH,
                Instant.EPOCH, ExecStatus.DONE, dev.vigil.agent.OcfStatus.ERR_GENERIC, "notify failed");
        assertFalse(r.isFailure());
    }

    @Test
    void aRequestWithoutOriginDecodesWithoutOne() {
        ActionRequest back = ActionRequest.decode(start().encode());
        assertNull(back.dc(), "an executor refuses it: it names no DC");
        assertEquals(-1, back.viewNumber());
    }

    @Test
    void aMalformedOriginIsRefused() {
        String wire = new String(start().encode(), StandardCharsets.UTF_8) + "dc=n1\nview=x\ndc.incarnation=1\n";
        assertThrows(IllegalArgumentException.class, () -> ActionRequest.decode(wire.getBytes(StandardCharsets.UTF_8)));
        String noView = new String(start().encode(), StandardCharsets.UTF_8) + "dc=n1\n";
        assertThrows(IllegalArgumentException.class,
                () -> ActionRequest.decode(noView.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRefusalTravelsAsANonFailureAnswer() {
        ActionRequest r = start().issuedBy("n1", 3, 9);
        OperationRecord refused = OperationRecord.refused("n2", r, Instant.ofEpochMilli(5), "not the DC");
        assertTrue(refused.isRefused());
        assertFalse(refused.isFailure(), "a refusal is no failure of the resource: no fail count");
        assertEquals(ExecStatus.CANCELLED, refused.execStatus());
        LrmUpdate u = LrmUpdate.of(Map.of("web", ResourceState.of(ResourceRole.STOPPED)), r.id(), refused);
        LrmUpdate back = LrmUpdate.decode(u.encode());
        assertTrue(back.record().isRefused());
        assertEquals("not the DC", back.record().reason());
        assertEquals(r.id(), back.completedRequest());
        assertTrue(back.record().toString().contains("REFUSED"), back.record().toString());
        assertTrue(back.record().withPromotionScore(3).isRefused());
    }
}
