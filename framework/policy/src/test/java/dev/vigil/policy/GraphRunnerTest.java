package dev.vigil.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class GraphRunnerTest {
    private static Action a(int id, Action.Kind kind, String node) {
        return Action.of(id, kind, "web", node, Duration.ZERO, Duration.ofSeconds(20));
    }

    private final Transition stopThenStart = Transition.of(
            List.of(a(0, Action.Kind.STOP, "n1"), a(1, Action.Kind.START, "n2"), a(2, Action.Kind.MONITOR, "n2")),
            Map.of(1, List.of(0), 2, List.of(1)), Map.of("web", "n2"), List.of(), List.of(), List.of());

    private static List<Integer> ids(List<Action> as) {
        return as.stream().map(Action::id).collect(Collectors.toList());
    }

    @Test
    void handsOutActionsAsTheirDependenciesSucceed() {
        GraphRunner r = new GraphRunner(stopThenStart);
        assertEquals(List.of(0), ids(r.ready()));
        assertEquals(List.of(), ids(r.ready()), "each action once");
        r.completed(0, true);
        assertEquals(List.of(1), ids(r.ready()));
        r.completed(1, true);
        assertEquals(List.of(2), ids(r.ready()));
        r.completed(2, true);
        assertTrue(r.isFinished());
    }

    @Test
    void aFailureStopsTheRestAndFinishesOnceNothingIsInFlight() {
        GraphRunner r = new GraphRunner(stopThenStart);
        r.ready();
        r.completed(0, false);
        assertTrue(r.isAborted());
        assertEquals(List.of(), r.ready(), "never start after a failed stop");
        assertTrue(r.isFinished());
    }

    @Test
    void abortWaitsForInFlightActions() {
        GraphRunner r = new GraphRunner(stopThenStart);
        r.ready();
        r.abort();
        assertFalse(r.isFinished());
        r.completed(0, true);
        assertTrue(r.isFinished());
        assertThrows(IllegalArgumentException.class, () -> r.completed(2, true));
    }
}
