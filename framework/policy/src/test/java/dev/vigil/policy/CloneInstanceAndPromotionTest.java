package dev.vigil.policy;

import static dev.vigil.policy.Scenario.actions;
import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.status;
import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * Pacemaker's instance order and promotion priority: which instance takes a free node, what
 * the clone's own node scores add to a promotion, which of equal instances is promoted, and
 * what a failure with on-fail=demote does.
 */
class CloneInstanceAndPromotionTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String PG = "primitive pg dummy op monitor interval=2s timeout=5s role=Promoted"
            + " op monitor interval=3s timeout=5s role=Unpromoted\n"
            + "clone pg-clone pg meta promotable=true\n";
    private static final String PG_DEMOTE_ON_FAIL = "primitive pg dummy"
            + " op monitor interval=2s timeout=5s role=Promoted on-fail=demote"
            + " op monitor interval=3s timeout=5s role=Unpromoted\n"
            + "clone pg-clone pg meta promotable=true\n";
    private final PolicyEngine engine = new PolicyEngine();

    private static ResourceState failedMonitor(ResourceRole before, int promotionScore) {
        return ResourceState.failedBy(ResourceRole.FAILED, 1, NOW, "monitor failed", "monitor", Duration.ofSeconds(2))
                .withRoleBeforeFailure(before).withPromotionScore(promotionScore);
    }

    private static ClusterStatus withN1(ClusterStatus others, ResourceState pgOnN1) {
        Map<String, NodeStatus> nodes = new LinkedHashMap<>(others.nodes());
        nodes.put("n1", NodeStatus.of("n1", true, Map.of("pg", pgOnN1)));
        return ClusterStatus.of(nodes, true, "n1");
    }

    @Test
    void withoutQuorumWhatFollowsACloneIsAssignedWhereTheClonesBlockedStartsAre() {
        String conf = "primitive fence1 stonith:fence_dummy params pcmk_host_list=\"n1 n2\"\n"
                + "primitive a dummy\nclone a-clone a\nprimitive b dummy\nclone b-clone b\n"
                + "colocation b-with-a inf: b-clone a-clone\nprimitive vip dummy\ncolocation vip-with-b inf: vip b-clone\n";
        Map<String, NodeStatus> nodes = new LinkedHashMap<>(status("n1", "n2").nodes());
        Transition t = engine.compute(config(conf), ClusterStatus.of(nodes, false, "n1"), NOW);
        List<String> blocked = t.summary().stream().map(l -> l.replaceAll("\\s+", " ").trim())
                .filter(l -> l.endsWith("due to no quorum (blocked)")).toList();
        for (String r : List.of("a:", "b:", "vip ")) {
            assertTrue(blocked.stream().anyMatch(l -> l.startsWith("* Start " + r) || l.startsWith("Start " + r)),
                    r + " " + blocked);
        }
    }

    @Test
    void thePromotedRoleOfACloneThatIsNotPromotableIsIgnoredByWhatFollowsIt() {
        String conf = "primitive h dummy\nclone h-clone h\nprimitive ip dummy\n"
                + "colocation ip-with-h inf: ip h-clone:Promoted\n"
                + "primitive c dummy\nclone c-clone c\ncolocation c-with-h inf: c-clone h-clone:Promoted\n";
        Transition t = engine.compute(config(conf), status("n1:h=STARTED,ip=STARTED,c=STARTED", "n2:h=STARTED,c=STARTED"),
                NOW);
        assertEquals(List.of(), summary(t), "placed as with h-clone: nothing stops");
    }

    @Test
    void anInterleavedInstanceRestartsWithTheInstanceBeforeItOnItsNode() {
        String conf = "primitive a dummy op monitor interval=2s timeout=5s\nclone a-clone a meta interleave=true\n"
                + "primitive b dummy\nclone b-clone b meta interleave=true\norder a-then-b Mandatory: a-clone b-clone\n";
        Map<String, NodeStatus> nodes = new LinkedHashMap<>(status("n1", "n2:a=STARTED,b=STARTED").nodes());
        nodes.put("n1", NodeStatus.of("n1", true, Map.of("a", ResourceState.failedBy(ResourceRole.FAILED, 1, NOW,
                "monitor failed", "monitor", Duration.ofSeconds(2)), "b", ResourceState.of(ResourceRole.STARTED))));
        Transition t = engine.compute(config(conf), ClusterStatus.of(nodes, true, "n1"), NOW);
        assertEquals(List.of("Recover a:0 ( n1 )", "Restart b:0 ( n1 )"), summary(t),
                "only the instance on the recovering instance's node restarts");
        int stopB = actions(t).indexOf("b:0_stop_0 n1"), stopA = actions(t).indexOf("a:0_stop_0 n1");
        assertTrue(t.dependenciesOf(stopA).contains(stopB), "b stops before a: " + actions(t));
    }

    @Test
    void anInstanceNoLongerAllowedWhereItRunsStopsWhileAFreeInstanceTakesTheNodeLeft() {
        String conf = "primitive d dummy\nclone d-clone d meta clone-max=2\nlocation not-n2 d-clone -inf: n2\n";
        Transition t = engine.compute(config(conf), status("n1", "n2:d=STARTED"), NOW);
        assertEquals(List.of("Stop d:0 ( n2 )", "Start d:1 ( n1 )"), summary(t),
                "the banned instance is ordered last, so it is stopped rather than moved");
    }

    @Test
    void anInstanceOnlyItsColocationKeepsOffItsNodeMovesRatherThanStops() {
        String conf = "primitive a dummy\nclone a-clone a meta clone-max=1\nlocation no-a-on-n1 a-clone -inf: n1\n"
                + "primitive b dummy\nclone b-clone b meta clone-max=2\ncolocation b-with-a inf: b-clone a-clone\n";
        Transition t = engine.compute(config(conf), status("n1:a=STARTED,b=STARTED", "n2"), NOW);
        assertEquals(List.of("Move a:0 ( n1 -> n2 )", "Move b:0 ( n1 -> n2 )"), summary(t));
    }

    @Test
    void anInstanceLeavesItsNodeWhenBetterNodesWouldTakeEveryInstanceLeft() {
        String conf = "primitive d dummy\nclone d-clone d meta clone-max=1 resource-stickiness=0\n"
                + "location on-n2 d-clone inf: n2\n";
        Transition t = engine.compute(config(conf), status("n1:d=STARTED", "n2"), NOW);
        assertEquals(List.of("Move d:0 ( n1 -> n2 )"), summary(t));
    }

    @Test
    void anInstanceKeepsItsNodeWhileInstancesRemainForTheBetterNodes() {
        String conf = "primitive d dummy\nclone d-clone d meta clone-max=2 resource-stickiness=0\n"
                + "location on-n2 d-clone 100: n2\n";
        Transition t = engine.compute(config(conf), status("n1:d=STARTED", "n2", "n3"), NOW);
        assertEquals(List.of("Start d:1 ( n2 )"), summary(t), "d:0 stays on n1; the better n2 gets the other one");
    }

    @Test
    void whatIsColocatedWithTheCloneCountsInTheNodesPromotionPriority() {
        String conf = PG + "primitive vip dummy\ncolocation vip-with-pg inf: vip pg-clone\n"
                + "location vip-likes-n2 vip 100: n2\n";
        Transition t = engine.compute(config(conf), status("n1:pg=STARTED@10", "n2:pg=STARTED@10"), NOW);
        assertTrue(summary(t).contains("Promote pg:1 ( Unpromoted -> Promoted n2 )"), summary(t).toString());
    }

    @Test
    void aDependentThatAvoidsANodeDoesNotMakeItsPromotionPriorityNegative() {
        String conf = "primitive pg dummy\nclone pg-clone pg meta promotable=true promoted-max=2\n"
                + "location primary-n1 pg-clone:Promoted 100: n1\nlocation primary-n2 pg-clone:Promoted 100: n2\n"
                + "primitive vip dummy\ncolocation vip-on-primary inf: vip pg-clone:Promoted\n"
                + "location no-vip-on-n1 vip -inf: n1\n";
        Transition t = engine.compute(config(conf), status("n1:pg=PROMOTED,vip=STARTED", "n2:pg=STARTED"), NOW);
        assertEquals(List.of("Promote pg:1 ( Unpromoted -> Promoted n2 )", "Move vip ( n1 -> n2 )"), summary(t),
                "n1 keeps its primary: the address's ban only lowers n1's priority to 1");
    }

    @Test
    void ofEqualInstancesAHealthyOneIsPromotedRatherThanOneBeingRecovered() {
        ClusterStatus s = withN1(status("n1", "n2:pg=STARTED@5"), failedMonitor(ResourceRole.STARTED, 5));
        Transition t = engine.compute(config(PG), s, NOW);
        assertEquals(List.of("Recover pg:0 ( Unpromoted n1 )", "Promote pg:1 ( Unpromoted -> Promoted n2 )"),
                summary(t));
    }

    @Test
    void aRecoveryThatAlsoPromotesNamesBothRoles() {
        ClusterStatus s = withN1(status("n1", "n2:pg=STARTED@5"), failedMonitor(ResourceRole.STARTED, 100));
        Transition t = engine.compute(config(PG), s, NOW);
        assertEquals(List.of("Recover pg:0 ( Unpromoted -> Promoted n1 )"), summary(t));
    }

    @Test
    void anInstanceBlockedByAFailedDemoteStaysAsItIsAndShowsItsRole() {
        ResourceState failedDemote = ResourceState.failedBy(ResourceRole.BLOCKED, 1_000_000, NOW, "demote failed",
                "demote", Duration.ZERO);
        ClusterStatus s = withN1(status("n1", "n2:pg=STARTED@5"), failedDemote);
        Transition t = engine.compute(config(PG), s, NOW);
        assertTrue(summary(t).stream().noneMatch(l -> l.contains("pg:0")), summary(t).toString());
        assertTrue(Scenario.revised(t).contains("pg:0 FAILED Promoted (blocked) n1"), Scenario.revised(t).toString());
    }

    @Test
    void onFailDemoteDemotesWithoutAStopAndAnotherInstanceMayBePromoted() {
        String conf = PG_DEMOTE_ON_FAIL + "location no-primary-on-n1 pg-clone:Promoted -inf: n1\n";
        ClusterStatus s = withN1(status("n1", "n2:pg=STARTED@5"), failedMonitor(ResourceRole.PROMOTED, 10));
        Transition t = engine.compute(config(conf), s, NOW);
        assertEquals(List.of("Demote pg:0 ( Promoted -> Unpromoted n1 )", "Promote pg:1 ( Unpromoted -> Promoted n2 )"),
                summary(t));
        assertTrue(actions(t).stream().noneMatch(a -> a.startsWith("pg:0_stop") || a.startsWith("pg:0_start")),
                actions(t).toString());
    }

    @Test
    void onFailDemoteWhereItMayStayPromotedDemotesAndPromotesAgain() {
        ClusterStatus s = withN1(status("n1", "n2:pg=STARTED@5"), failedMonitor(ResourceRole.PROMOTED, 10));
        Transition t = engine.compute(config(PG_DEMOTE_ON_FAIL), s, NOW);
        assertEquals(List.of("Re-promote pg:0 ( Promoted n1 )"), summary(t));
        int demote = actions(t).indexOf("pg:0_demote_0 n1"), promote = actions(t).indexOf("pg:0_promote_0 n1");
        assertTrue(demote >= 0 && promote >= 0, actions(t).toString());
        assertTrue(t.dependenciesOf(promote).contains(demote), "promoted again only after the demote");
    }
}
