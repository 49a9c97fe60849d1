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
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * What clones impose on what is ordered or colocated with them, and on their own instances, as
 * Pacemaker does: clone-min counted clone-wide, interleaving, restarts of what follows a clone,
 * role colocations (Unpromoted as well as Promoted) and the orderings of anti-colocations.
 */
class CloneOrderingTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String CHAIN = "primitive a dummy\nclone a-clone a meta clone-min=2\n"
            + "primitive b dummy\nclone b-clone b meta interleave=true\n"
            + "primitive c dummy\nclone c-clone c meta interleave=true\n"
            + "order a-then-b Mandatory: a-clone b-clone\norder b-then-c Mandatory: b-clone c-clone\n";
    private static final String PG = "primitive pg dummy\nclone pg-clone pg meta promotable=true\n";
    private final PolicyEngine engine = new PolicyEngine();

    /** The summary lines with instance numbers dropped ("Start b ( n3 )"), numbering being the engine's own. */
    private static List<String> lines(Transition t) {
        return summary(t).stream().map(l -> l.replaceAll(":[0-9]+ ", " ")).sorted().collect(Collectors.toList());
    }

    /** The id of the action of any instance whose key ends so ("_start_0 n3" of "b"). */
    private static int instanceAction(Transition t, String primitive, String keyAndNode) {
        List<String> all = actions(t);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).matches(primitive + ":[0-9]+" + keyAndNode)) {
                return i;
            }
        }
        throw new AssertionError(primitive + keyAndNode + " not in " + all);
    }

    private static int id(Transition t, String action) {
        int i = actions(t).indexOf(action);
        assertTrue(i >= 0, action + " not in " + actions(t));
        return i;
    }

    @Test
    void cloneMinCountsTheFirstClonesInstancesEverywhereNotOnTheInterleavedNode() {
        Transition t = engine.compute(config(CHAIN + "location no-a-on-n3 a-clone -inf: n3\n"),
                status("n1", "n2", "n3"), NOW);
        List<String> s = lines(t);
        assertTrue(s.contains("Start b ( n3 )") && s.contains("Start c ( n3 )"),
                "two instances of a run, enough for b and c on every node, n3 too: " + s);
        int bOnN3 = instanceAction(t, "b", "_start_0 n3");
        assertTrue(t.dependenciesOf(bOnN3).contains(instanceAction(t, "a", "_start_0 n1")),
                "b waits for the clone a as a whole");
    }

    @Test
    void belowCloneMinEveryInstanceAfterItIsBlockedWhereItWasPlaced() {
        Transition t = engine.compute(config(CHAIN + "location no-a-on-n2 a-clone -inf: n2\n"
                + "location no-a-on-n3 a-clone -inf: n3\n"), status("n1", "n2", "n3"), NOW);
        assertEquals(List.of("Start (blocked) b ( n1 )", "Start (blocked) b ( n2 )", "Start (blocked) b ( n3 )",
                "Start (blocked) c ( n1 )", "Start (blocked) c ( n2 )", "Start (blocked) c ( n3 )", "Start a ( n1 )"),
                lines(t));
    }

    @Test
    void anInterleavedInstanceWithNoPartnerOnItsNodeIsNotPlacedAtAll() {
        String conf = "primitive a dummy\nclone a-clone a meta target-role=Stopped\n"
                + "primitive b dummy\nclone b-clone b meta interleave=true\n"
                + "order a-then-b Mandatory: a-clone b-clone\n";
        Transition t = engine.compute(config(conf), status("n1", "n2"), NOW);
        assertTrue(summary(t).isEmpty(), summary(t).toString());
    }

    @Test
    void withoutInterleaveTheInstancesAfterAStoppedCloneAreBlocked() {
        String conf = "primitive a dummy\nclone a-clone a meta target-role=Stopped\n"
                + "primitive b dummy\nclone b-clone b\norder a-then-b Mandatory: a-clone b-clone\n";
        Transition t = engine.compute(config(conf), status("n1", "n2"), NOW);
        assertEquals(List.of("Start (blocked) b:0 ( n1 )", "Start (blocked) b:1 ( n2 )"), summary(t));
    }

    @Test
    void aPrimitiveAfterACloneRestartsWhenAnInstanceStartsOnItsNode() {
        String conf = "primitive d dummy\nclone d-clone d\nprimitive web dummy\n"
                + "order d-then-web Mandatory: d-clone web\n";
        Transition t = engine.compute(config(conf), status("n1:web=STARTED", "n2:d=STARTED"), NOW);
        assertEquals(List.of("Restart web ( n1 )", "Start d ( n1 )"), lines(t));
        assertTrue(t.dependenciesOf(id(t, "web_start_0 n1")).contains(id(t, "d:1_start_0 n1")));
    }

    @Test
    void aPrimitiveAfterACloneStaysWhenAnInstanceStartsElsewhere() {
        String conf = "primitive d dummy\nclone d-clone d\nprimitive web dummy\n"
                + "order d-then-web Mandatory: d-clone web\n";
        Transition t = engine.compute(config(conf), status("n1:web=STARTED,d=STARTED", "n2"), NOW);
        assertEquals(List.of("Start d:1 ( n2 )"), summary(t));
    }

    @Test
    void theInstancesOfACloneAfterAPrimitiveRestartWhenItStarts() {
        String conf = PG + "primitive ip dummy\norder ip-then-pg Mandatory: ip pg-clone\n";
        Transition t = engine.compute(config(conf), status("n1:pg=STARTED@5"), NOW);
        assertEquals(List.of("Restart pg:0 ( Unpromoted -> Promoted n1 )", "Start ip ( n1 )"), summary(t));
        int stop = id(t, "pg:0_stop_0 n1"), start = id(t, "pg:0_start_0 n1");
        assertTrue(t.dependenciesOf(start).contains(id(t, "ip_start_0 n1")) && t.dependenciesOf(start).contains(stop));
        assertTrue(t.dependenciesOf(id(t, "pg:0_promote_0 n1")).contains(start));
    }

    @Test
    void whatMustBeWithACloneAvoidsTheNodeOfABlockedInstance() {
        String conf = "primitive bird dummy op monitor interval=10s on-fail=block\nclone bird-clone bird\n"
                + "primitive svc dummy\ncolocation svc-with-bird inf: svc bird-clone\n";
        Map<String, NodeStatus> nodes = new LinkedHashMap<>(status("n1", "n2:bird=STARTED").nodes());
        nodes.put("n1", NodeStatus.of("n1", true, Map.of("svc", ResourceState.of(ResourceRole.STARTED),
                "bird", ResourceState.failedBy(ResourceRole.FAILED, 1, NOW, "monitor failed", "monitor",
                        Duration.ofSeconds(10)))));
        Transition t = engine.compute(config(conf), ClusterStatus.of(nodes, true, "n1"), NOW);
        assertEquals(List.of("Move svc ( n1 -> n2 )"), summary(t));
    }

    @Test
    void whatMustBeWithAResourceThatAnOrderStopsStopsToo() {
        String conf = "primitive k dummy\nclone k-clone k meta target-role=Stopped\nprimitive central dummy\n"
                + "primitive engine dummy\norder k-then-central Mandatory: k-clone central\n"
                + "colocation engine-with-central inf: engine central\n";
        Transition t = engine.compute(config(conf), status("n1:k=STARTED,central=STARTED,engine=STARTED"), NOW);
        List<String> s = summary(t);
        assertTrue(s.contains("Stop central ( n1 )") && s.contains("Stop engine ( n1 )"), s.toString());
    }

    @Test
    void aClonedGroupIsPromotedInOrderAndDemotedInReverse() {
        String conf = "primitive p dummy\nprimitive q dummy\ngroup g p q\nclone g-clone g meta promotable=true\n"
                + "location primary-on-n2 g-clone:Promoted 100: n2\n";
        Transition t = engine.compute(config(conf),
                status("n1:p=PROMOTED@5,q=PROMOTED@5", "n2:p=STARTED@5,q=STARTED@5"), NOW);
        assertTrue(t.dependenciesOf(id(t, "q:1_promote_0 n2")).contains(id(t, "p:1_promote_0 n2")),
                "the group's first member is promoted first");
        assertTrue(t.dependenciesOf(id(t, "p:0_demote_0 n1")).contains(id(t, "q:0_demote_0 n1")),
                "its last member is demoted first");
    }

    @Test
    void aResourceColocatedWithTheUnpromotedRoleGoesWhereAnInstanceIsNotPromoted() {
        String conf = PG + "primitive backup dummy\ncolocation backup-on-replica inf: backup pg-clone:Unpromoted\n";
        Transition t = engine.compute(config(conf), status("n1:pg=PROMOTED@10", "n2:pg=STARTED@5"), NOW);
        assertEquals(List.of("Start backup ( n2 )"), summary(t));
    }

    @Test
    void anInstanceThatMustStayUnpromotedWithAResourceIsNotPromotedOnItsNode() {
        String conf = PG + "primitive a dummy\nlocation a-on-n1 a 5000: n1\n"
                + "colocation replica-with-a inf: pg-clone:Unpromoted a\n";
        Transition t = engine.compute(config(conf), status("n1:pg=PROMOTED@10,a=STARTED", "n2:pg=STARTED@5"), NOW);
        assertEquals(List.of("Demote pg:0 ( Promoted -> Unpromoted n1 )", "Promote pg:1 ( Unpromoted -> Promoted n2 )"),
                summary(t));
    }

    @Test
    void anAntiColocationWithThePromotedRoleOrdersTheDemoteAndThePromote() {
        String conf = PG + "primitive d dummy\ncolocation d-apart -inf: d pg-clone:Promoted\n"
                + "location primary-on-n1 pg-clone:Promoted 2000: n1\n";
        Transition t = engine.compute(config(conf), status("n1:pg=STARTED@5,d=STARTED", "n2:pg=PROMOTED@5"), NOW);
        assertEquals(List.of("Promote pg:0 ( Unpromoted -> Promoted n1 )", "Demote pg:1 ( Promoted -> Unpromoted n2 )",
                "Move d ( n1 -> n2 )"), summary(t));
        assertTrue(t.dependenciesOf(id(t, "pg:0_promote_0 n1")).contains(id(t, "d_stop_0 n1")),
                "d leaves n1 before the promote there");
        assertTrue(t.dependenciesOf(id(t, "d_start_0 n2")).contains(id(t, "pg:1_demote_0 n2")),
                "d arrives on n2 after the demote there");
    }
}
