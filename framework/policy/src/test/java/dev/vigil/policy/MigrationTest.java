package dev.vigil.policy;

import static dev.vigil.policy.Scenario.actions;
import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.status;
import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterStatus;
import dev.vigil.model.MigrationStatus;

/** Live migration (allow-migrate), with Pacemaker's semantics. */
class MigrationTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final PolicyEngine engine = new PolicyEngine();

    private static String vm(String id) {
        return "primitive " + id + " dummy meta allow-migrate=true\n";
    }

    private static int index(Transition t, String action) {
        int i = actions(t).indexOf(action);
        assertTrue(i >= 0, action + " in " + actions(t));
        return i;
    }

    /** Does {@code after} wait for {@code before}, directly or through other actions? */
    private static boolean waits(Transition t, String after, String before) {
        int target = index(t, before);
        Deque<Integer> todo = new ArrayDeque<>(List.of(index(t, after)));
        Set<Integer> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            for (int d : t.dependenciesOf(todo.pop())) {
                if (d == target) {
                    return true;
                }
                if (seen.add(d)) {
                    todo.push(d);
                }
            }
        }
        return false;
    }

    private static boolean pseudo(Transition t, String action) {
        return t.actions().get(index(t, action)).pseudo();
    }

    @Test
    void aMigratableResourceMovingBetweenHealthyNodesMigrates() {
        Transition t = engine.compute(config(vm("vm") + "location pref vm 50: n2\n"),
                status("n1:vm=STARTED", "n2:vm=STOPPED"), NOW);
        assertEquals(List.of("Migrate vm ( n1 -> n2 )"), summary(t));
        assertTrue(waits(t, "vm_migrate_from_0 n2", "vm_migrate_to_0 n1"));
        assertTrue(waits(t, "vm_stop_0 n1", "vm_migrate_from_0 n2"), "the source is cleaned up after the handover");
        assertTrue(waits(t, "vm_start_0 n2", "vm_stop_0 n1"));
        assertTrue(pseudo(t, "vm_start_0 n2"), "the migrate_from started it: the start is not run");
        assertFalse(pseudo(t, "vm_stop_0 n1"));
        Action to = t.actions().get(index(t, "vm_migrate_to_0 n1"));
        assertEquals("n1", to.migrateSource());
        assertEquals("n2", to.migrateTarget());
        assertEquals("n2", t.placement().get("vm"));
    }

    @Test
    void withoutAllowMigrateItStopsAndStarts() {
        Transition t = engine.compute(config("primitive vm dummy\nlocation pref vm 50: n2\n"),
                status("n1:vm=STARTED", "n2:vm=STOPPED"), NOW);
        assertEquals(List.of("Move vm ( n1 -> n2 )"), summary(t));
        assertEquals(List.of("vm_stop_0 n1", "vm_start_0 n2"), actions(t));
    }

    @Test
    void aFailedResourceIsRecoveredNotMigrated() {
        Transition t = engine.compute(config(vm("vm") + "location pref vm 50: n2\n"),
                status("n1:vm=FAILED", "n2:vm=STOPPED"), NOW);
        assertEquals(List.of("Recover vm ( n1 -> n2 )"), summary(t));
        assertFalse(actions(t).stream().anyMatch(a -> a.contains("migrate")), actions(t).toString());
    }

    @Test
    void aResourceStayingWhereItRunsDoesNotMigrate() {
        Transition t = engine.compute(config(vm("vm")), status("n1:vm=STARTED", "n2:vm=STOPPED"), NOW);
        assertEquals(List.of(), summary(t));
        assertEquals(List.of(), actions(t));
    }

    @Test
    void aMigratingPrerequisiteDoesNotRestartWhatDependsOnIt() {
        String cfg = vm("a") + "primitive b dummy\norder a-then-b Mandatory: a b\n"
                + "location a-pref a 50: n2\nlocation b-pref b 50: n2\n";
        Transition t = engine.compute(config(cfg), status("n1:a=STARTED,b=STOPPED", "n2:a=STOPPED,b=STARTED"), NOW);
        assertEquals(List.of("Migrate a ( n1 -> n2 )"), summary(t), "b stays, not restarted");
    }

    @Test
    void theDependentOfAResourceMovingWithoutMigrationCannotMigrate() {
        // a then b: b must stop before a stops; a's stop is a plain stop, so b's must be too.
        String cfg = "primitive a dummy\n" + vm("b") + "order a-then-b Mandatory: a b\n"
                + "location a-pref a 50: n2\nlocation b-pref b 50: n1\n";
        Transition t = engine.compute(config(cfg), status("n1:a=STARTED,b=STOPPED", "n2:a=STOPPED,b=STARTED"), NOW);
        assertEquals(List.of("Move a ( n1 -> n2 )", "Move b ( n2 -> n1 )"), summary(t));
    }

    @Test
    void bothMigratingTheFirstHandsOverBeforeTheSecondBegins() {
        String cfg = vm("a") + vm("b") + "order a-then-b Mandatory: a b\n"
                + "location a-pref a 50: n2\nlocation b-pref b 50: n1\n";
        Transition t = engine.compute(config(cfg), status("n1:a=STARTED,b=STOPPED", "n2:a=STOPPED,b=STARTED"), NOW);
        assertEquals(List.of("Migrate a ( n1 -> n2 )", "Migrate b ( n2 -> n1 )"), summary(t));
        assertTrue(waits(t, "b_migrate_to_0 n2", "a_migrate_from_0 n2"));
    }

    @Test
    void anOptionalOrderDoesNotHoldAMigrationBackBehindTheOtherResourcesRestart() {
        // a moves by stop and start, vm migrates; "vm stop before a stop" would close a loop:
        // a stop, a start, vm migrate_to, vm migrate_from, vm stop.
        String cfg = "primitive a dummy\n" + vm("vm") + "order a-then-vm Optional: a vm\n"
                + "location a-pref a 50: n2\nlocation vm-pref vm 50: n2\n";
        Transition t = engine.compute(config(cfg), status("n1:a=STARTED,vm=STARTED", "n2:a=STOPPED,vm=STOPPED"), NOW);
        assertEquals(List.of("Move a ( n1 -> n2 )", "Migrate vm ( n1 -> n2 )"), summary(t));
        assertTrue(waits(t, "vm_migrate_to_0 n1", "a_start_0 n2"), "the optional order still holds for the start");
        assertFalse(waits(t, "a_stop_0 n1", "vm_stop_0 n1"));
        GraphRunner runner = new GraphRunner(t);
        for (List<Action> ready = runner.ready(); !ready.isEmpty(); ready = runner.ready()) {
            ready.forEach(x -> runner.completed(x.id(), true));
        }
        assertTrue(runner.isFinished(), "every action ran: no loop");
    }

    @Test
    void inAGroupAMemberAfterOneThatCannotMigrateMovesToo() {
        String cfg = vm("a") + "primitive b dummy\n" + vm("c") + "group g a b c\nlocation pref g 50: n2\n";
        Transition t = engine.compute(config(cfg), status("n1:a=STARTED,b=STARTED,c=STARTED",
                "n2:a=STOPPED,b=STOPPED,c=STOPPED"), NOW);
        assertEquals(List.of("Migrate a ( n1 -> n2 )", "Move b ( n1 -> n2 )", "Move c ( n1 -> n2 )"), summary(t));
        assertTrue(waits(t, "a_migrate_to_0 n1", "b_stop_0 n1"), "a hands over once b is stopped");
        assertTrue(waits(t, "b_start_0 n2", "a_start_0 n2"));
    }

    @Test
    void aPartialMigrationIsFinishedWithTheMigrateFromOnly() {
        ClusterStatus s = status("n1:vm=STARTED", "n2:vm=STARTED")
                .withMigrations(Map.of("vm", MigrationStatus.none().withPartial("n1", "n2")));
        Transition t = engine.compute(config(vm("vm") + "location pref vm 50: n2\n"), s, NOW);
        assertEquals(List.of("Migrate vm ( n1 -> n2 )"), summary(t));
        assertFalse(actions(t).contains("vm_migrate_to_0 n1"), "the migrate_to is done already");
        assertTrue(waits(t, "vm_stop_0 n1", "vm_migrate_from_0 n2"));
        assertFalse(actions(t).contains("vm_stop_0 n2"), "not stopped where the migration goes on");
    }

    @Test
    void aPartialMigrationToANodeItNoLongerBelongsOnIsRecoveredByStoppingBoth() {
        ClusterStatus s = status("n1:vm=STARTED", "n2:vm=STARTED", "n3:vm=STOPPED")
                .withMigrations(Map.of("vm", MigrationStatus.none().withPartial("n1", "n2")));
        Transition t = engine.compute(config(vm("vm") + "location pref vm 100: n3\n"), s, NOW);
        assertTrue(actions(t).containsAll(List.of("vm_stop_0 n1", "vm_stop_0 n2", "vm_start_0 n3")),
                actions(t).toString());
        assertFalse(actions(t).stream().anyMatch(a -> a.contains("migrate")), actions(t).toString());
    }

    @Test
    void aDanglingMigrationSourceGetsAStop() {
        ClusterStatus s = status("n1:vm=STOPPED", "n2:vm=STARTED")
                .withMigrations(Map.of("vm", MigrationStatus.none().withDangling("n1")));
        Transition t = engine.compute(config(vm("vm") + "location pref vm 50: n2\n"), s, NOW);
        assertEquals(List.of("vm_stop_0 n1"), actions(t));
        assertEquals(List.of(), summary(t), "no change of where it runs");
    }

    @Test
    void aMigrationOrderedAfterAPromotionWaitsForItsNotifications() {
        String cfg = "primitive pg dummy\nclone pg-clone pg meta promotable=true notify=true\n" + vm("vm")
                + "order promote-then-vm Mandatory: pg-clone:promote vm:start\nlocation pref vm 50: n2\n";
        Transition t = engine.compute(config(cfg), status("n1:pg=STARTED@5,vm=STARTED", "n2:pg=STARTED@10,vm=STOPPED"),
                NOW);
        assertTrue(summary(t).contains("Migrate vm ( n1 -> n2 )"), summary(t).toString());
        assertTrue(waits(t, "vm_start_0 n2", "pg-clone_confirmed-post_notify_promoted_0"));
        assertTrue(waits(t, "vm_migrate_to_0 n1", "pg-clone_confirmed-post_notify_promoted_0"),
                "the migration stands for the start: it too waits until every instance was told of the promotion");
    }

    @Test
    void whatStopsOnARemoteNodeWhoseConnectionIsHalfwayMigratedWaitsForTheMigrationToComplete() {
        String cfg = "primitive rem1 ocf:pacemaker:remote\nprimitive web dummy\n"
                + "location rem1-pref rem1 50: n2\nlocation web-pref web 100: n1\n";
        ClusterStatus s = status("n1:rem1=STARTED,web=STOPPED", "n2:rem1=STARTED,web=STOPPED", "rem1:web=STARTED")
                .withMigrations(Map.of("rem1", MigrationStatus.none().withPartial("n1", "n2")));
        Transition t = engine.compute(config(cfg), s, NOW);
        assertTrue(summary(t).contains("Migrate rem1 ( n1 -> n2 )"), summary(t).toString());
        assertTrue(summary(t).contains("Move web ( rem1 -> n1 )"), summary(t).toString());
        assertTrue(waits(t, "web_stop_0 rem1", "rem1_migrate_from_0 n2"), "not through a connection half moved");
        assertTrue(waits(t, "web_stop_0 rem1", "rem1_stop_0 n1"));
    }
}
