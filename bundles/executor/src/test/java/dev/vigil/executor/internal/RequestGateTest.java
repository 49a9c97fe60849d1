package dev.vigil.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.NodeState;
import dev.vigil.testkit.FakeClock;

/** Executors obey only the DC of their current view, in its current tenure (issue 10 items 6 and 8). */
class RequestGateTest {
    private final FakeClock clock = new FakeClock();
    private final RequestGate gate = new RequestGate(Duration.ofSeconds(5));

    /** View {@code number} as n3 sees it, DC {@code dc}; n1 has incarnation {@code n1Inc}. */
    private static MembershipView view(long number, String dc, long n1Inc) {
        Map<String, NodeState> states = new TreeMap<>();
        Map<String, Long> inc = new TreeMap<>();
        for (String m : List.of("n1", "n2", "n3")) {
            states.put(m, NodeState.ALIVE);
            inc.put(m, 100L);
        }
        inc.put("n1", n1Inc);
        return MembershipView.of(number, "n3", new TreeSet<>(states.keySet()), states, 3, dc != null, dc, true, inc);
    }

    private static ActionRequest start(String dc, long viewNumber, long inc) {
        return ActionRequest.of("r-" + dc + "-" + viewNumber, "web", "dummy", AgentAction.START, Duration.ZERO,
                Duration.ofSeconds(20), Map.of()).issuedBy(dc, viewNumber, inc);
    }

    private RequestGate.Verdict offer(String from, ActionRequest r) {
        return gate.offer(from, r, clock.instant());
    }

    @Test
    void obeysTheDcOfTheCurrentView() {
        gate.onView(view(5, "n1", 100));
        assertTrue(offer("n1", start("n1", 5, 100)).accepted());
    }

    @Test
    void refusesARequestThatNamesNoDcOrNotItsSender() {
        gate.onView(view(5, "n1", 100));
        ActionRequest anonymous = ActionRequest.of("x", "web", "dummy", AgentAction.START, Duration.ZERO,
                Duration.ofSeconds(1), Map.of());
        RequestGate.Verdict v = offer("n1", anonymous);
        assertFalse(v.accepted());
        assertTrue(v.refusal().contains("names no DC"), v.refusal());
        RequestGate.Verdict forged = offer("n2", start("n1", 5, 100));
        assertFalse(forged.accepted());
        assertTrue(forged.refusal().contains("on behalf of n1"), forged.refusal());
    }

    @Test
    void refusesTheOldDcOnceANewDcIsInstalled() {
        gate.onView(view(5, "n1", 100));
        gate.onView(view(6, "n2", 100));
        RequestGate.Verdict v = offer("n1", start("n1", 5, 100)); // retransmitted after the change
        assertFalse(v.accepted());
        assertTrue(v.refusal().contains("n1 is not the DC of view 6 (the DC is n2); the request was issued in view 5"),
                v.refusal());
        assertTrue(offer("n2", start("n2", 6, 100)).accepted());
    }

    @Test
    void acceptsARequestSentJustBeforeAViewBumpOfTheSameDc() {
        gate.onView(view(5, "n1", 100));
        gate.onView(view(6, "n1", 100)); // a member joined; same DC, same incarnation
        gate.onView(view(7, "n1", 100));
        assertTrue(offer("n1", start("n1", 5, 100)).accepted(), "same DC tenure");
        assertTrue(offer("n1", start("n1", 7, 100)).accepted());
    }

    @Test
    void aTenureBrokenByAnotherDcDoesNotResume() {
        gate.onView(view(5, "n1", 100));
        gate.onView(view(6, "n2", 100));
        gate.onView(view(7, "n1", 100));
        RequestGate.Verdict v = offer("n1", start("n1", 5, 100));
        assertFalse(v.accepted(), "n2 may have acted in view 6");
        assertTrue(v.refusal().contains("stale"), v.refusal());
        assertTrue(offer("n1", start("n1", 7, 100)).accepted());
    }

    @Test
    void aGapInViewNumbersStartsANewTenure() {
        gate.onView(view(5, "n1", 100));
        gate.onView(view(8, "n1", 100)); // views 6 and 7 unseen: another DC may have held them
        assertFalse(offer("n1", start("n1", 6, 100)).accepted());
        assertTrue(offer("n1", start("n1", 8, 100)).accepted());
    }

    @Test
    void refusesAnEarlierIncarnationOfTheDc() {
        gate.onView(view(5, "n1", 200)); // n1 restarted: incarnation 200
        RequestGate.Verdict v = offer("n1", start("n1", 5, 100));
        assertFalse(v.accepted());
        assertTrue(v.refusal().contains("incarnation 100"), v.refusal());
    }

    @Test
    void refusesWhenThisNodesViewHasNoDc() {
        gate.onView(view(5, null, 100));
        RequestGate.Verdict v = offer("n1", start("n1", 5, 100));
        assertFalse(v.accepted());
        assertTrue(v.refusal().contains("has no DC"), v.refusal());
    }

    @Test
    void aRequestFromANewerViewWaitsForThisNodesViewToCatchUp() {
        gate.onView(view(5, "n1", 100));
        assertNull(offer("n2", start("n2", 6, 100)), "n2 became DC in view 6, which this node has not seen yet");
        assertTrue(gate.holding());
        List<RequestGate.Verdict> decided = gate.onView(view(6, "n2", 100));
        assertEquals(1, decided.size());
        assertTrue(decided.get(0).accepted());
        assertFalse(gate.holding());
    }

    @Test
    void aWaitingRequestIsRefusedIfTheViewItNamesNeverComes() {
        gate.onView(view(5, "n1", 100));
        assertNull(offer("n2", start("n2", 6, 100)));
        clock.advance(Duration.ofSeconds(4));
        assertTrue(gate.expire(clock.instant()).isEmpty());
        clock.advance(Duration.ofSeconds(1));
        List<RequestGate.Verdict> expired = gate.expire(clock.instant());
        assertEquals(1, expired.size());
        assertFalse(expired.get(0).accepted());
        assertTrue(expired.get(0).refusal().contains("still 5"), expired.get(0).refusal());
    }

    @Test
    void aWaitingRequestIsRefusedWhenTheNewerViewNamesAnotherDc() {
        gate.onView(view(5, "n1", 100));
        assertNull(offer("n2", start("n2", 6, 100)));
        List<RequestGate.Verdict> decided = gate.onView(view(7, "n1", 100));
        assertEquals(1, decided.size());
        assertFalse(decided.get(0).accepted());
    }

    @Test
    void aNewerViewOfOurOwnDcIsObeyedAtOnce() {
        gate.onView(view(5, "n1", 100));
        assertTrue(offer("n1", start("n1", 6, 100)).accepted(), "the DC this node follows is ahead of it");
    }
}
