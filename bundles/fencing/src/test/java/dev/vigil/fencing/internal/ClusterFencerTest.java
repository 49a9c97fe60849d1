package dev.vigil.fencing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.vigil.cluster.Membership;
import dev.vigil.cluster.MembershipView;
import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceEvent;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ConfigReader;
import dev.vigil.testkit.FakeClock;

/**
 * Fencers of two or three nodes over an in-JVM membership twin: delegation of a node's own
 * fence, the executor leaving, refusals, malformed messages and the shared history. Messages
 * move only when the test flushes the twin; nothing sleeps.
 */
class ClusterFencerTest {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final ClusterConfig CONFIG = new ConfigReader("test").read("node n1\nnode n2\nnode n3\n"
            + "primitive f-all stonith:fence_scripted params pcmk_host_check=none\n");

    private final FakeClock clock = new FakeClock(EPOCH);
    private final TwinNetwork net = new TwinNetwork();
    private final Map<String, Node> nodes = new HashMap<>();

    /** Runs its tasks only when told: an operation stays in progress until then. */
    private static final class HeldExecutor implements Executor {
        final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            for (Runnable r; (r = poll()) != null;) {
                r.run();
            }
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }
    }

    /** One node: its membership, device, fencer and journal. */
    private final class Node {
        final Membership membership;
        final ScriptedFenceDevice device = new ScriptedFenceDevice(clock, EPOCH);
        final List<String> journal = Collections.synchronizedList(new ArrayList<>());
        final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
        final ClusterFencer fencer;

        Node(String name, Executor operations) {
            membership = net.join(name);
            FencingService service = new FencingService(name, () -> CONFIG,
                    type -> type.equals("fence_scripted") ? device : null, DeviceCaller.direct(), clock, d -> {
                        sleeps.add(d);
                        clock.advance(d);
                    }, new Random(7), operations, journal::add);
            fencer = new ClusterFencer(membership, service, clock, Runnable::run, journal::add).start();
        }

        boolean journalHas(String text) {
            synchronized (journal) {
                return journal.stream().anyMatch(l -> l.contains(text));
            }
        }
    }

    private Node node(String name) {
        return node(name, Runnable::run);
    }

    private Node node(String name, Executor operations) {
        Node n = new Node(name, operations);
        nodes.put(name, n);
        return n;
    }

    private static FenceEvent now(CompletableFuture<FenceEvent> f) {
        assertTrue(f.isDone(), "the fence has completed");
        return f.join();
    }

    private static CompletableFuture<FenceEvent> fence(Node n, String target, FenceAction action) {
        return n.fencer.fence(target, action, n.membership.localNode(), "stop failed", Duration.ZERO)
                .toCompletableFuture();
    }

    @Test
    void aNodesOwnRebootIsRunByTheFirstOtherMemberWithTheRequestedDelay() {
        Node n1 = node("n1");
        Node n2 = node("n2");
        Node n3 = node("n3");
        CompletableFuture<FenceEvent> f = n1.fencer.fence("n1", FenceAction.REBOOT, "n1", "stop of db failed",
                Duration.ofSeconds(5)).toCompletableFuture();

        assertFalse(f.isDone(), "nothing happens before n2 hears the request");
        FenceEvent pending = n1.fencer.history().get(0);
        assertEquals(FenceEvent.State.PENDING, pending.state());
        assertEquals("n2", pending.executor(), "pending on the requester, with the member asked");
        net.flush();

        FenceEvent e = now(f);
        assertEquals(FenceEvent.State.SUCCEEDED, e.state(), e.toString());
        assertEquals("n2", e.executor());
        assertEquals("f-all", e.device());
        assertEquals("n1", e.origin());
        assertEquals(pending.id(), e.id(), "the executor keeps the requester's operation id");
        assertEquals(List.of("f-all reboot n1 @5.0"), n2.device.log(), "n2's device ran after the requested delay");
        assertEquals(List.of(Duration.ofSeconds(5)), n2.sleeps);
        assertEquals(List.of(), n1.device.log(), "the target never runs its own fence");
        assertEquals(List.of(), n3.device.log());
        assertTrue(n1.journalHas("fence: reboot of n1 delegated to n2"), n1.journal.toString());
        assertTrue(n2.journalHas("fence: reboot of n1 run here for n1"), n2.journal.toString());
    }

    @Test
    void theExecutorIsTheFirstMemberByNameThatIsNeitherThisNodeNorTheTarget() {
        Set<String> three = new TreeSet<>(List.of("n1", "n2", "n3"));
        MembershipView atN2 = MembershipView.of(4, "n2", new TreeSet<>(three), Map.of(), 3, true, "n2", true, Map.of());
        assertEquals("n1", ClusterFencer.executorFor(atN2, "n2").orElseThrow());
        MembershipView atN1 = MembershipView.of(4, "n1", new TreeSet<>(three), Map.of(), 3, true, "n1", true, Map.of());
        assertEquals("n3", ClusterFencer.executorFor(atN1.withLeaving(Set.of("n2")), "n1").orElseThrow(),
                "a member shutting down is asked only when no other can be");
        assertEquals("n2", ClusterFencer.executorFor(atN1.withLeaving(Set.of("n2", "n3")), "n1").orElseThrow());
        MembershipView alone = MembershipView.of(4, "n1", new TreeSet<>(Set.of("n1")), Map.of(), 3, false, null, true,
                Map.of());
        assertTrue(ClusterFencer.executorFor(alone, "n1").isEmpty());
    }

    @Test
    void aNodeAloneInItsViewCannotFenceItself() {
        Node n1 = node("n1");
        FenceEvent e = now(fence(n1, "n1", FenceAction.OFF));
        assertEquals(FenceEvent.State.FAILED, e.state());
        assertTrue(e.reason().startsWith("cannot fence itself: n1 is the target and no other member of view"),
                e.reason());
        assertEquals(List.of(), n1.device.log());
        assertEquals(List.of(e), n1.fencer.history());
    }

    @Test
    void theExecutorLeavingBeforeItAnswersFailsTheRequestAndARetryGoesToAnotherMember() {
        Node n1 = node("n1");
        HeldExecutor n2Operations = new HeldExecutor();
        Node n2 = node("n2", n2Operations);
        Node n3 = node("n3");
        CompletableFuture<FenceEvent> f = fence(n1, "n1", FenceAction.REBOOT);
        net.flush();
        assertEquals(1, n2Operations.tasks.size(), "n2 accepted the request and is running it");
        assertFalse(f.isDone());
        assertEquals(FenceEvent.State.PENDING, n1.fencer.history().get(0).state());

        net.leave("n2");

        FenceEvent e = now(f);
        assertEquals(FenceEvent.State.FAILED, e.state());
        assertTrue(e.reason().startsWith("n2 left the view (view "), e.reason());
        assertTrue(e.reason().contains("whether the reboot of n1 happened is unknown"), e.reason());
        n2Operations.runAll(); // n2 finishes on its own, but its answer cannot reach n1 any more
        net.flush();
        assertSame(e, f.join());
        assertEquals(List.of(e), n1.fencer.history(), "the failure is n1's history, the pending entry is gone");
        assertEquals(List.of(e.id() + " " + e), n3.fencer.history().stream().map(x -> x.id() + " " + x).toList(),
                "and every remaining member's (FenceEvent has no equals: compared by id and text)");

        FenceEvent retry = now(flushed(fence(n1, "n1", FenceAction.REBOOT)));
        assertEquals(FenceEvent.State.SUCCEEDED, retry.state());
        assertEquals("n3", retry.executor());
    }

    @Test
    void anExecutorThatRestartsBeforeItAnswersFailsTheRequest() {
        Node n1 = node("n1");
        node("n2", new HeldExecutor());
        CompletableFuture<FenceEvent> f = fence(n1, "n1", FenceAction.OFF);
        net.flush();
        assertFalse(f.isDone());
        net.restart("n2");
        FenceEvent e = now(f);
        assertEquals(FenceEvent.State.FAILED, e.state());
        assertTrue(e.reason().startsWith("n2 restarted (view "), e.reason());
    }

    private CompletableFuture<FenceEvent> flushed(CompletableFuture<FenceEvent> f) {
        net.flush();
        return f;
    }

    @Test
    void everyMemberSeesEveryFenceOfTheClusterOnceWhereverItRan() {
        Node n1 = node("n1");
        Node n2 = node("n2");
        Node n3 = node("n3");
        FenceEvent local = now(fence(n1, "n3", FenceAction.OFF));
        clock.advance(Duration.ofSeconds(1));
        FenceEvent delegated = now(flushed(fence(n2, "n2", FenceAction.REBOOT)));
        clock.advance(Duration.ofSeconds(1));
        FenceEvent unfence = now(fence(n3, "n3", FenceAction.ON));
        net.flush();

        assertEquals("n1", local.executor());
        assertEquals("n1", delegated.executor(), "n2's own reboot ran on n1");
        assertEquals("n3", unfence.executor(), "unfencing its own node is allowed");
        for (Node n : List.of(n1, n2, n3)) {
            List<FenceEvent> h = n.fencer.history();
            assertEquals(List.of(local.id(), delegated.id(), unfence.id()),
                    h.stream().map(FenceEvent::id).collect(Collectors.toList()), "history of " + n.membership.localNode());
            assertTrue(h.stream().allMatch(x -> x.state() == FenceEvent.State.SUCCEEDED), h.toString());
        }
        assertEquals("n1", n3.fencer.history().get(1).executor());
        assertEquals(3, Set.of(local.id(), delegated.id(), unfence.id()).size(), "ids are unique in the cluster");
    }

    @Test
    void aNodeThatJoinsLaterHearsTheFencesCompletedSinceItJoined() {
        Node n1 = node("n1");
        Node n2 = node("n2");
        now(fence(n1, "n3", FenceAction.OFF));
        net.flush();
        Node n3 = node("n3");
        FenceEvent after = now(fence(n2, "n3", FenceAction.ON));
        net.flush();
        assertEquals(List.of(after.id()), n3.fencer.history().stream().map(FenceEvent::id).toList());
        assertEquals(2, n1.fencer.history().size());
    }

    @Test
    void aSecondRequestForTheSameDelegatedFenceJoinsTheFirst() {
        Node n1 = node("n1");
        Node n2 = node("n2");
        CompletableFuture<FenceEvent> first = fence(n1, "n1", FenceAction.REBOOT);
        CompletableFuture<FenceEvent> second = fence(n1, "n1", FenceAction.REBOOT);
        assertSame(first, second);
        net.flush();
        assertEquals(FenceEvent.State.SUCCEEDED, now(second).state());
        assertEquals(1, n2.device.log().size(), "one reboot, not two");
    }

    @Test
    void malformedMessagesAreLoggedAndIgnored() {
        Node n1 = node("n1");
        node("n2");
        net.inject("n2", "n1", FenceMessage.TOPIC, "garbage\n".getBytes(StandardCharsets.UTF_8));
        net.inject("n2", "n1", FenceMessage.TOPIC,
                "type=request\nid=n2-x-1\ntarget=n3\naction=status\n".getBytes(StandardCharsets.UTF_8));
        net.inject("n2", "n1", FenceMessage.TOPIC,
                "type=history\nid=n2-x-2\ntarget=n3\naction=off\nstate=succeeded\nrequested=yesterday\n"
                        .getBytes(StandardCharsets.UTF_8));
        net.flush();

        assertTrue(n1.journalHas("fence: ignored a malformed fence message from n2: line 1 is not key=value: 'garbage'"),
                n1.journal.toString());
        assertTrue(n1.journalHas("fence: ignored a malformed fence message from n2: fence action must be off, on "
                + "or reboot, not status"), n1.journal.toString());
        assertTrue(n1.journalHas("fence: ignored a malformed fence message from n2: a succeeded event needs "
                + "'completed'"), n1.journal.toString());
        assertEquals(List.of(), n1.device.log());
        assertEquals(List.of(), n1.fencer.history());
        assertEquals(FenceEvent.State.SUCCEEDED, now(flushed(fence(n1, "n1", FenceAction.OFF))).state(),
                "the fencer still works");
    }

    @Test
    void aRequestWhoseTargetIsTheExecutorItselfIsRefused() {
        node("n1");
        Node n2 = node("n2");
        List<FenceMessage> toN1 = new ArrayList<>();
        net.join("n1").subscribe(FenceMessage.TOPIC, (from, payload) -> toN1.add(FenceMessage.decode(payload)));
        net.inject("n1", "n2", FenceMessage.TOPIC, FenceMessage.encode(
                new FenceMessage.Request("n1-x-9", "n2", FenceAction.REBOOT, "n1", "test", Duration.ZERO)));
        net.flush();

        assertEquals(List.of(), n2.device.log(), "n2 never runs a device against itself");
        FenceMessage.Result answer = toN1.stream().filter(m -> m instanceof FenceMessage.Result)
                .map(m -> (FenceMessage.Result) m).findFirst().orElseThrow(() -> new AssertionError(toN1.toString()));
        assertEquals("n1-x-9", answer.request());
        assertEquals(FenceEvent.State.FAILED, answer.event().state());
        assertEquals("refused by n2: n2 is the target and a node never fences itself", answer.event().reason());
        assertTrue(n2.journalHas("fence: refused the reboot of n2 asked by n1"), n2.journal.toString());
    }

    @Test
    void aRequestFromANodeOutsideTheViewIsRefused() {
        node("n1");
        Node n2 = node("n2");
        net.inject("n9", "n2", FenceMessage.TOPIC, FenceMessage.encode(
                new FenceMessage.Request("n9-x-1", "n1", FenceAction.OFF, "n9", "", Duration.ZERO)));
        net.flush();
        assertEquals(List.of(), n2.device.log());
        assertTrue(n2.journalHas("fence: refused the off of n1 asked by n9: n9 is not a member of view"),
                n2.journal.toString());
    }

    @Test
    void aResultFromAMemberThatWasNotAskedIsIgnored() {
        Node n1 = node("n1");
        HeldExecutor held = new HeldExecutor();
        node("n2", held);
        node("n3");
        CompletableFuture<FenceEvent> f = fence(n1, "n1", FenceAction.REBOOT);
        net.flush();
        String id = n1.fencer.history().get(0).id();
        FenceEvent forged = FenceEvent.of(id, "n1", FenceAction.REBOOT, "n1", "n3", "f-all", FenceEvent.State.SUCCEEDED,
                EPOCH, EPOCH, "");
        net.inject("n3", "n1", FenceMessage.TOPIC, FenceMessage.encode(new FenceMessage.Result(id, forged)));
        net.flush();
        assertFalse(f.isDone(), "only n2 was asked");
        assertTrue(n1.journalHas("fence: ignored a result from n3 for " + id), n1.journal.toString());
        held.runAll();
        net.flush();
        assertEquals("n2", now(f).executor());
    }
}
