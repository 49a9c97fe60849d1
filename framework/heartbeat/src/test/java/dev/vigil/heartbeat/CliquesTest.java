package dev.vigil.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CliquesTest {
    private static final Comparator<String> BY_NAME = Comparator.naturalOrder();

    @Test
    void theLargestMutuallyConnectedSetWins() {
        Map<String, Set<String>> contact = Map.of("a", Set.of("b", "c", "d"), "b", Set.of("a", "c"),
                "c", Set.of("a", "b"), "d", Set.of("a"));
        assertEquals(Set.of("a", "b", "c"), Cliques.largestContaining("a", contact, BY_NAME));
        assertEquals(Set.of("a", "d"), Cliques.largestContaining("d", contact, BY_NAME));
    }

    @Test
    void anEdgeCountsOnlyWhenBothEndsReportIt() {
        Map<String, Set<String>> contact = Map.of("a", Set.of("b", "c"), "b", Set.of("a", "c"), "c", Set.of("a"));
        assertEquals(Set.of("a", "b"), Cliques.largestContaining("a", contact, BY_NAME), "c does not report b");
    }

    @Test
    void aNonTransitiveCutLeavesTwoCandidatesAndThePreferredOneWins() {
        Map<String, Set<String>> contact = Map.of("a", Set.of("c"), "b", Set.of("c"), "c", Set.of("a", "b"));
        assertEquals(Set.of("a", "c"), Cliques.largestContaining("c", contact, BY_NAME));
        assertEquals(Set.of("b", "c"), Cliques.largestContaining("c", contact, BY_NAME.reversed()));
    }

    @Test
    void aTieKeepsTheMembersOfTheCurrentViewRatherThanTheNodeComingBack() {
        // a comes back: c already hears it, but a and b have not heard each other yet
        Map<String, Set<String>> contact = Map.of("a", Set.of("c"), "b", Set.of("c"), "c", Set.of("a", "b"));
        assertEquals(Set.of("b", "c"), Cliques.largestContaining("c", contact, Set.of("b", "c"), BY_NAME),
                "b must not lose its place (and its lease) to a");
    }
}
