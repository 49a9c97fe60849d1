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
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Clone notifications (notify=true): who is told what, before and after which operation, in which order. */
class CloneNotificationsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String CLONE = "primitive fs dummy op monitor interval=5s timeout=5s\n"
            + "clone fs-clone fs meta notify=true\n";
    private static final String PG = "primitive pg dummy op monitor interval=2s timeout=5s role=Promoted"
            + " op monitor interval=3s timeout=5s role=Unpromoted\n"
            + "clone pg-clone pg meta promotable=true notify=true\n";
    private final PolicyEngine engine = new PolicyEngine();

    /** The notifications sent to instances, as "pre-start n1" (type, operation, node). */
    private static Set<String> sent(Transition t) {
        return notifications(t).stream()
                .map(a -> a.notification().type() + "-" + a.notification().operation() + " " + a.node())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Action> notifications(Transition t) {
        return t.actions().stream().filter(a -> a.kind() == Action.Kind.NOTIFY && !a.pseudo())
                .collect(Collectors.toList());
    }

    private static Action notification(Transition t, String type, String operation, String node) {
        return notifications(t).stream().filter(a -> a.notification().type().equals(type)
                && a.notification().operation().equals(operation) && a.node().equals(node)).findFirst().orElseThrow();
    }

    private static Action action(Transition t, String name) {
        return t.actions().get(actions(t).indexOf(name));
    }

    /** {@code a} must be done before {@code b} may run, directly or through other actions. */
    private static boolean before(Transition t, Action a, Action b) {
        Deque<Integer> todo = new ArrayDeque<>(List.of(b.id()));
        Set<Integer> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            for (int d : t.dependenciesOf(todo.pop())) {
                if (d == a.id()) {
                    return true;
                }
                if (seen.add(d)) {
                    todo.push(d);
                }
            }
        }
        return false;
    }

    @Test
    void whenAnInstanceStartsTheRunningOnesAreToldBeforeAndAllAfter() {
        Transition t = engine.compute(config(CLONE), status("n1:fs=STARTED", "n2:fs=STARTED", "n3:fs=STOPPED"), NOW);
        assertEquals(List.of("Start fs:2 ( n3 )"), summary(t));
        // The starting instance is not running yet: it hears only the post-notification.
        assertEquals(Set.of("pre-start n1", "pre-start n2", "post-start n1", "post-start n2", "post-start n3"),
                sent(t));
        Action start = action(t, "fs:2_start_0 n3");
        for (String n : List.of("n1", "n2")) {
            assertTrue(before(t, notification(t, "pre", "start", n), start), "pre-start on " + n + " before the start");
        }
        for (String n : List.of("n1", "n2", "n3")) {
            assertTrue(before(t, start, notification(t, "post", "start", n)), "post-start on " + n + " after it");
        }
        Action monitor = action(t, "fs:2_monitor_5000 n3");
        assertTrue(before(t, notification(t, "post", "start", "n1"), monitor),
                "the new instance's monitor waits for the post-notifications");
        Notification told = notification(t, "post", "start", "n1").notification();
        assertEquals("n3", told.variables().get("notify_start_uname"));
        assertEquals("fs:2", told.variables().get("notify_start_resource"));
        assertEquals("n1 n2", told.variables().get("notify_active_uname"));
        assertEquals(" ", told.variables().get("notify_stop_uname"), "an empty list is a single space");
        assertEquals("n1 n2 n3", told.variables().get("notify_all_uname"));
        assertEquals("post", told.variables().get("notify_type"));
        assertEquals("start", told.variables().get("notify_operation"));
    }

    @Test
    void theNotificationsAreNamedAndPseudoActionsPlacedAsCrmSimulateShowsThem() {
        Transition t = engine.compute(config(CLONE), status("n1:fs=STARTED", "n2:fs=STOPPED"), NOW);
        List<String> names = actions(t);
        for (String pseudo : List.of("fs-clone_pre_notify_start_0", "fs-clone_confirmed-pre_notify_start_0",
                "fs-clone_post_notify_running_0", "fs-clone_confirmed-post_notify_running_0")) {
            assertTrue(names.contains(pseudo), pseudo + " in " + names);
            assertTrue(action(t, pseudo).pseudo(), pseudo + " is never dispatched");
        }
        // An anonymous instance is keyed as the status records it (the primitive's name), as
        // Pacemaker's graph shows it; one without a record yet by its number.
        assertTrue(names.contains("fs_pre_notify_start_0 n1"), names.toString());
        assertTrue(names.contains("fs:1_post_notify_start_0 n2"), names.toString());
        assertTrue(before(t, action(t, "fs-clone_confirmed-pre_notify_start_0"), action(t, "fs:1_start_0 n2")));
        assertTrue(before(t, action(t, "fs:1_start_0 n2"), action(t, "fs-clone_post_notify_running_0")));
        assertTrue(t.summary().stream().noneMatch(s -> s.contains("otify")), "the summary lists no notifications");
    }

    @Test
    void whenAnInstanceStopsAllAreToldBeforeAndTheRemainingOnesAfter() {
        Transition t = engine.compute(config(CLONE + "location no-fs-on-n2 fs-clone -inf: n2\n"),
                status("n1:fs=STARTED", "n2:fs=STARTED", "n3:fs=STARTED"), NOW);
        assertEquals(1, summary(t).size(), summary(t).toString());
        assertTrue(summary(t).get(0).startsWith("Stop fs:"), summary(t).toString());
        assertEquals(Set.of("pre-stop n1", "pre-stop n2", "pre-stop n3", "post-stop n1", "post-stop n3"), sent(t));
        Action stop = t.actions().stream().filter(a -> a.kind() == Action.Kind.STOP).findFirst().orElseThrow();
        assertTrue(before(t, notification(t, "pre", "stop", "n2"), stop), "the stopping one hears it first");
        assertTrue(before(t, stop, notification(t, "post", "stop", "n1")));
        assertEquals("n2", notification(t, "pre", "stop", "n1").notification().variables().get("notify_stop_uname"));
    }

    @Test
    void aNodeThatLeftIsToldNothing() {
        Transition t = engine.compute(config(CLONE), status("n1:fs=STARTED", "n2!:fs=STARTED", "n3:fs=STOPPED"), NOW);
        assertTrue(sent(t).contains("post-start n3"), sent(t).toString());
        assertFalse(sent(t).stream().anyMatch(s -> s.endsWith(" n2")), "a node that left is told nothing");
    }

    @Test
    void stopThenStartNotificationsAreOrdered() {
        Transition t = engine.compute(config(CLONE + "location fs-prefers-n3 fs-clone 100: n3\n"
                + "location no-fs-on-n2 fs-clone -inf: n2\n"),
                status("n1:fs=STARTED", "n2:fs=STARTED", "n3:fs=STOPPED"), NOW);
        assertTrue(sent(t).contains("post-stop n1") && sent(t).contains("pre-start n1"), sent(t).toString());
        assertTrue(before(t, notification(t, "post", "stop", "n1"), notification(t, "pre", "start", "n1")),
                "the stop's post-notifications end before the start's pre-notifications begin");
    }

    @Test
    void aPromotionIsAnnouncedToEveryInstanceBeforeAndAfter() {
        Transition t = engine.compute(config(PG), status("n1:pg=STARTED@5", "n2:pg=STARTED@10", "n3:pg=STARTED@1"),
                NOW);
        assertEquals(List.of("Promote pg:1 ( Unpromoted -> Promoted n2 )"), summary(t));
        assertEquals(Set.of("pre-promote n1", "pre-promote n2", "pre-promote n3", "post-promote n1",
                "post-promote n2", "post-promote n3"), sent(t));
        Action promote = action(t, "pg:1_promote_0 n2");
        assertTrue(before(t, notification(t, "pre", "promote", "n3"), promote));
        assertTrue(before(t, promote, notification(t, "post", "promote", "n1")));
        assertTrue(actions(t).contains("pg-clone_post_notify_promoted_0"), actions(t).toString());
        Notification told = notification(t, "pre", "promote", "n1").notification();
        assertEquals("n2", told.variables().get("notify_promote_uname"));
        assertEquals("n1 n2 n3", told.variables().get("notify_unpromoted_uname"));
        assertEquals(told.variables().get("notify_unpromoted_uname"), told.variables().get("notify_slave_uname"));
        assertEquals(" ", told.variables().get("notify_promoted_uname"));
    }

    @Test
    void aDemotionsNotificationsEndBeforeThePromotionsBegin() {
        Transition t = engine.compute(config(PG),
                status("n1:pg=PROMOTED@1", "n2:pg=STARTED@100", "n3:pg=STARTED@1"), NOW);
        assertTrue(summary(t).contains("Demote pg:0 ( Promoted -> Unpromoted n1 )"), summary(t).toString());
        assertTrue(sent(t).containsAll(Set.of("pre-demote n1", "pre-demote n2", "post-demote n1", "pre-promote n2")),
                sent(t).toString());
        Action demote = action(t, "pg:0_demote_0 n1");
        assertTrue(before(t, notification(t, "pre", "demote", "n3"), demote));
        assertTrue(before(t, demote, notification(t, "post", "demote", "n3")));
        assertTrue(before(t, notification(t, "post", "demote", "n3"), notification(t, "pre", "promote", "n3")),
                "demote notifications complete before promote notifications begin");
        assertEquals("n1", notification(t, "pre", "promote", "n1").notification().variables()
                .get("notify_promoted_uname"), "promoted lists who is promoted now");
    }

    @Test
    void anInstancesOwnStartAndStopCarryTheListsWithoutTypeOrOperationAsPacemakerGivesThem() {
        Transition t = engine.compute(config(CLONE + "location no-fs-on-n2 fs-clone -inf: n2\n"),
                status("n1:fs=STARTED", "n2:fs=STARTED", "n3:fs=STOPPED"), NOW);
        Action start = t.actions().stream().filter(a -> a.kind() == Action.Kind.START).findFirst().orElseThrow();
        Action stop = t.actions().stream().filter(a -> a.kind() == Action.Kind.STOP).findFirst().orElseThrow();
        assertEquals("n3", start.node(), actions(t).toString());
        assertEquals("n2", stop.node(), actions(t).toString());
        Map<String, String> told = notification(t, "pre", "start", "n1").notification().variables();
        for (Action own : List.of(start, stop)) {
            Map<String, String> v = own.notifyVariables();
            assertEquals("n3", v.get("notify_start_uname"), own + ": " + v);
            assertEquals("n2", v.get("notify_stop_uname"), own + ": " + v);
            assertEquals(told.get("notify_active_resource"), v.get("notify_active_resource"), own + ": " + v);
            assertFalse(v.containsKey("notify_type") || v.containsKey("notify_operation"),
                    "only a notification says pre/post and which operation: " + v);
        }
        assertTrue(t.actions().stream().filter(a -> a.kind() == Action.Kind.MONITOR)
                .allMatch(a -> a.notifyVariables().isEmpty()), "a monitor carries none");
        Transition quiet = engine.compute(config(CLONE.replace(" meta notify=true", "")),
                status("n1:fs=STARTED", "n2:fs=STOPPED"), NOW);
        assertTrue(quiet.actions().stream().allMatch(a -> a.notifyVariables().isEmpty()),
                "a clone without notify=true carries none");
    }

    @Test
    void aPromotedInstancesOwnPromoteCarriesTheLists() {
        Transition t = engine.compute(config(PG), status("n1:pg=STARTED@5", "n2:pg=STARTED@10", "n3:pg=STARTED@1"),
                NOW);
        Map<String, String> v = action(t, "pg:1_promote_0 n2").notifyVariables();
        assertEquals("n2", v.get("notify_promote_uname"), v.toString());
        assertEquals("n1 n2 n3", v.get("notify_unpromoted_uname"), v.toString());
    }

    @Test
    void whatFollowsTheCloneWaitsForItsPostNotifications() {
        Transition t = engine.compute(config(CLONE + "primitive app dummy\norder fs-then-app Mandatory: fs-clone app\n"),
                status("n1:fs=STARTED,app=STOPPED", "n2:fs=STOPPED,app=STOPPED"), NOW);
        Action appStart = t.actions().stream().filter(a -> a.kind() == Action.Kind.START && a.resource().equals("app"))
                .findFirst().orElseThrow();
        assertTrue(before(t, notification(t, "post", "start", "n1"), appStart),
                "app starts once the clone's instances were told the start happened");
    }

    @Test
    void aCloneWithoutNotifyAndACloneWithNothingToDoGetNoNotifications() {
        Transition quiet = engine.compute(config(CLONE.replace(" meta notify=true", "")),
                status("n1:fs=STARTED", "n2:fs=STOPPED"), NOW);
        assertTrue(quiet.actions().stream().noneMatch(a -> a.kind() == Action.Kind.NOTIFY), actions(quiet).toString());
        Transition settled = engine.compute(config(CLONE), status("n1:fs=STARTED", "n2:fs=STARTED"), NOW);
        assertTrue(settled.actions().stream().noneMatch(a -> a.kind() == Action.Kind.NOTIFY),
                actions(settled).toString());
    }

    @Test
    void aNotificationNeedsTheRunnerLikeAnyAction() {
        Transition t = engine.compute(config(CLONE), status("n1:fs=STARTED", "n2:fs=STOPPED"), NOW);
        GraphRunner runner = new GraphRunner(t);
        List<Action> first = runner.ready();
        assertTrue(first.stream().allMatch(a -> !a.pseudo()), "pseudo notification points are never handed out");
        assertTrue(first.stream().anyMatch(a -> a.kind() == Action.Kind.NOTIFY
                && a.notification().type().equals("pre")), first.toString());
        assertTrue(first.stream().noneMatch(a -> a.kind() == Action.Kind.START), "the start waits for pre-notify");
    }

    @Test
    void aClonedGroupIsNotifiedMemberByMemberAndItsTransitionRunsToTheEnd() {
        Transition t = engine.compute(config("primitive a dummy\nprimitive b dummy\ngroup g a b\n"
                + "clone g-clone g meta notify=true\nprimitive app dummy\norder g-then-app Mandatory: g-clone app\n"),
                status("n1:a=STARTED,b=STARTED,app=STOPPED", "n2:a=STOPPED,b=STOPPED,app=STOPPED"), NOW);
        assertTrue(sent(t).containsAll(Set.of("pre-start n1", "post-start n1", "post-start n2")), sent(t).toString());
        assertEquals(4, notifications(t).stream().filter(a -> a.notification().type().equals("post")).count(),
                "each member of each instance hears the post-start");
        GraphRunner runner = new GraphRunner(t);
        for (List<Action> ready = runner.ready(); !ready.isEmpty(); ready = runner.ready()) {
            ready.forEach(a -> runner.completed(a.id(), true));
        }
        assertTrue(runner.isFinished(), "no action waits on itself: " + t);
    }
}
