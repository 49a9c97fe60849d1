package dev.vigil.policy;

import static dev.vigil.policy.Scenario.actions;
import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.status;
import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterStatus;
import dev.vigil.model.ConfigException;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/** Clones and promotable clones: numbered instances spread over the nodes, the best-scored instance promoted. */
class PromotableCloneTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String PG = "primitive pg dummy op monitor interval=2s timeout=5s role=Promoted"
            + " op monitor interval=3s timeout=5s role=Unpromoted\n"
            + "clone pg-clone pg meta promotable=true\n";
    private static final String VIP = "primitive vip dummy op monitor interval=1s timeout=5s\n"
            + "colocation vip-on-primary inf: vip pg-clone:Promoted\n"
            + "order primary-then-vip Mandatory: pg-clone:promote vip:start\n";
    private final PolicyEngine engine = new PolicyEngine();

    private static int id(Transition t, String action) {
        return actions(t).indexOf(action);
    }

    @Test
    void startsAnInstanceOnEveryNodeAndPromotesNoneWithoutAScore() {
        Transition t = engine.compute(config(PG), status("n1", "n2", "n3"), NOW);
        assertEquals(List.of("Start pg:0 ( n1 )", "Start pg:1 ( n2 )", "Start pg:2 ( n3 )"), summary(t));
        assertTrue(actions(t).contains("pg:1_monitor_3000 n2"), "unpromoted instances get the Unpromoted monitor");
        assertTrue(actions(t).stream().noneMatch(a -> a.contains("promote")), actions(t).toString());
    }

    @Test
    void promotesTheInstanceWithTheHighestScore() {
        Transition t = engine.compute(config(PG), status("n1:pg=STARTED@5", "n2:pg=STARTED@10", "n3:pg=STARTED@1"),
                NOW);
        assertEquals(List.of("Promote pg:1 ( Unpromoted -> Promoted n2 )"), summary(t));
        int promote = id(t, "pg:1_promote_0 n2"), monitor = id(t, "pg:1_monitor_2000 n2");
        assertTrue(t.dependenciesOf(monitor).contains(promote), "the Promoted monitor follows the promote");
    }

    @Test
    void aNegativeScoreIsNeverPromoted() {
        Transition t = engine.compute(config(PG), status("n1:pg=STARTED@-1", "n2:pg=STARTED@-5"), NOW);
        assertTrue(summary(t).isEmpty(), summary(t).toString());
    }

    @Test
    void whenThePrimarysNodeDiesTheBestReplicaIsPromotedAndTheAddressFollows() {
        Transition t = engine.compute(config(PG + VIP), status("n1:pg=STARTED@900", "n2!:pg=PROMOTED@1000,vip=STARTED",
                "n3:pg=STARTED@990"), NOW);
        assertEquals(List.of("Promote pg:2 ( Unpromoted -> Promoted n3 )", "Start vip ( n3 )"), summary(t));
        int promote = id(t, "pg:2_promote_0 n3"), vipStart = id(t, "vip_start_0 n3");
        assertTrue(t.dependenciesOf(vipStart).contains(promote), "the address comes up after the promote");
    }

    @Test
    void whatFollowsThePrimaryChoosesAmongEqualReplicas() {
        Transition t = engine.compute(config(PG + VIP + "location vip-likes-n3 vip 100: n3\n"),
                status("n1:pg=STARTED@10", "n2:pg=STARTED@10", "n3:pg=STARTED@10"), NOW);
        assertEquals(List.of("Promote pg:2 ( Unpromoted -> Promoted n3 )", "Start vip ( n3 )"), summary(t));
    }

    @Test
    void theAddressStaysDownWhileNothingIsPromoted() {
        Transition t = engine.compute(config(PG + VIP), status("n1:pg=STARTED", "n2:pg=STARTED"), NOW);
        assertTrue(actions(t).stream().noneMatch(a -> a.startsWith("vip_start")), actions(t).toString());
    }

    @Test
    void aPrimaryIsDemotedBeforeAnotherIsPromoted() {
        String conf = PG + "location prefer-n3 pg-clone:Promoted 2000: n3\n";
        Transition t = engine.compute(config(conf), status("n1:pg=PROMOTED@1000", "n2:pg=STARTED@990",
                "n3:pg=STARTED@990"), NOW);
        assertEquals(List.of("Demote pg:0 ( Promoted -> Unpromoted n1 )", "Promote pg:2 ( Unpromoted -> Promoted n3 )"),
                summary(t));
        assertTrue(t.dependenciesOf(id(t, "pg:2_promote_0 n3")).contains(id(t, "pg:0_demote_0 n1")));
    }

    @Test
    void stickinessKeepsThePrimaryAgainstASlightlyBetterReplica() {
        String conf = PG + "rsc_defaults resource-stickiness=100\n";
        Transition t = engine.compute(config(conf), status("n1:pg=PROMOTED@1000", "n2:pg=STARTED@1050"), NOW);
        assertTrue(summary(t).isEmpty(), summary(t).toString());
    }

    @Test
    void aFailedPrimaryIsRecoveredAsAReplicaAndAnotherIsPromoted() {
        Map<String, NodeStatus> nodes = new LinkedHashMap<>(status("n1", "n2:pg=STARTED@990").nodes());
        nodes.put("n1", NodeStatus.of("n1", true, Map.of("pg", ResourceState.failedBy(ResourceRole.FAILED, 1, NOW,
                "monitor failed", "monitor", Duration.ofSeconds(2)))));
        Transition t = engine.compute(config(PG), ClusterStatus.of(nodes, true, "n1"), NOW);
        assertEquals(List.of("Recover pg:0 ( Unpromoted n1 )", "Promote pg:1 ( Unpromoted -> Promoted n2 )"), summary(t));
        assertTrue(t.dependenciesOf(id(t, "pg:1_promote_0 n2")).contains(id(t, "pg:0_stop_0 n1")),
                "the failed primary is stopped before the replica is promoted");
    }

    @Test
    void cloneMaxLimitsTheInstances() {
        Transition t = engine.compute(config("primitive d dummy\nclone d-clone d meta clone-max=2\n"),
                status("n1", "n2", "n3"), NOW);
        assertEquals(List.of("Start d:0 ( n1 )", "Start d:1 ( n2 )"), summary(t));
    }

    @Test
    void aClonedGroupRunsItsMembersTogetherInOrderOnEachNode() {
        Transition t = engine.compute(config("primitive a dummy\nprimitive b dummy\ngroup g a b\nclone c g\n"),
                status("n1", "n2"), NOW);
        assertEquals(List.of("Start a:0 ( n1 )", "Start b:0 ( n1 )", "Start a:1 ( n2 )", "Start b:1 ( n2 )"), summary(t));
        assertTrue(t.dependenciesOf(id(t, "b:1_start_0 n2")).contains(id(t, "a:1_start_0 n2")),
                "a group instance starts its members in order");
        assertTrue(t.dependenciesOf(id(t, "b:1_start_0 n2")).stream().noneMatch(d -> t.actions().get(d).toString()
                .equals("a:0_start_0 n1")), "instances do not wait for each other");
    }

    @Test
    void refusesACloneOfNothing() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("primitive a dummy\nclone c x\n"));
        assertTrue(e.getMessage().contains("must clone a primitive or a group"), e.getMessage());
    }

    @Test
    void cloneNodeMaxLetsANodeRunSeveralInstances() {
        Transition t = engine.compute(config("primitive d dummy\nclone d-clone d meta clone-max=4 clone-node-max=2\n"),
                status("n1", "n2"), NOW);
        assertEquals(List.of("Start d:0 ( n1 )", "Start d:1 ( n2 )", "Start d:2 ( n1 )", "Start d:3 ( n2 )"), summary(t));
    }
}
