package dev.vigil.fencing.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import dev.vigil.cluster.Membership;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.Registration;
import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDeviceState;
import dev.vigil.fence.FenceEvent;
import dev.vigil.fence.Fencer;

/**
 * This node's fencer as a member of the cluster (Pacemaker's fenced: any capable node may
 * execute, never the target itself for off and reboot). An off or reboot of this very node is
 * delegated to another member of the current view, chosen deterministically (the first by
 * name that is neither this node nor the target, members not leaving first), which runs it
 * through its own {@link FencingService} and answers with the result. If that member leaves the
 * view before answering, the request completes FAILED (the caller retries). Every completed
 * operation, local or run for another node, is broadcast; {@link #history()} merges what this
 * node heard. Message handlers never block and never throw: the membership calls them on its
 * event thread.
 */
final class ClusterFencer implements Fencer {
    private final Membership membership;
    private final FencingService service;
    private final Clock clock;
    private final Executor completions;
    private final Consumer<String> journal;
    private final ClusterFenceHistory heard = new ClusterFenceHistory();
    /** Delegated requests awaiting their executor's answer, by request id. */
    private final Map<String, Delegated> delegated = new HashMap<>();
    private final List<Registration> registrations = new ArrayList<>();

    /**
     * One request this node asked another member to run.
     *
     * @param incarnation the executor's incarnation when asked (null when the view does not say):
     *        a restarted executor forgot the request
     */
    private record Delegated(FenceEvent pending, String executor, Long incarnation, String key,
            CompletableFuture<FenceEvent> result) {
        boolean executorGone(MembershipView view) {
            Long now = view.incarnations().get(executor);
            return !view.members().contains(executor) || incarnation != null && now != null && !incarnation.equals(now);
        }
    }

    /**
     * @param completions completes the stages of delegated requests (never the membership's thread:
     *        callers' continuations may take their time)
     * @param journal the fencer's journal (node log and {@code var/fencing.log})
     */
    ClusterFencer(Membership membership, FencingService service, Clock clock, Executor completions,
            Consumer<String> journal) {
        this.membership = membership;
        this.service = service;
        this.clock = clock;
        this.completions = completions;
        this.journal = journal;
        service.onCompleted(this::share);
    }

    /** Starts listening to the other fencers and to view changes. */
    ClusterFencer start() {
        registrations.add(membership.subscribe(FenceMessage.TOPIC, this::onMessage));
        registrations.add(membership.subscribe(this::onView));
        return this;
    }

    /** Stops listening; requests still delegated complete FAILED. */
    void stop() {
        registrations.forEach(Registration::close);
        registrations.clear();
        List<Delegated> left;
        synchronized (this) {
            left = new ArrayList<>(delegated.values());
            delegated.clear();
        }
        for (Delegated d : left) {
            end(d, failed(d.pending(), "the fencer of " + membership.localNode() + " stopped before " + d.executor()
                    + " answered"));
        }
    }

    @Override
    public CompletionStage<FenceEvent> fence(String target, FenceAction action, String origin, String reason,
            Duration delay) {
        FencingService.checkRequest(target, action);
        if (action.removesPower() && target.equalsIgnoreCase(membership.localNode())) {
            return delegate(target, action, origin, reason, delay == null || delay.isNegative() ? Duration.ZERO : delay);
        }
        return service.fence(target, action, origin, reason, delay);
    }

    @Override
    public List<FenceEvent> history() {
        List<FenceEvent> out = heard.completed();
        List<FenceEvent> pending = new ArrayList<>();
        service.history().stream().filter(e -> e.state() == FenceEvent.State.PENDING).forEach(pending::add);
        synchronized (this) {
            delegated.values().forEach(d -> pending.add(d.pending()));
        }
        pending.stream().filter(e -> !heard.contains(e.id())).sorted(Comparator.comparing(FenceEvent::requested))
                .forEach(out::add);
        return out;
    }

    @Override
    public List<FenceDeviceState> devices() {
        return service.devices();
    }

    /** The member that runs a fence this node must not run: none when the view has no other candidate. */
    static Optional<String> executorFor(MembershipView view, String target) {
        String self = view.localNode();
        List<String> candidates = view.members().stream()
                .filter(m -> !m.equalsIgnoreCase(self) && !m.equalsIgnoreCase(target)).toList();
        return candidates.stream().filter(m -> !view.leaving().contains(m)).findFirst()
                .or(() -> candidates.stream().findFirst());
    }

    private CompletableFuture<FenceEvent> delegate(String target, FenceAction action, String origin, String reason,
            Duration delay) {
        String key = target.toLowerCase(Locale.ROOT) + " " + action.agentName();
        MembershipView view = membership.view();
        Optional<String> executor = executorFor(view, target);
        Delegated d;
        synchronized (this) {
            for (Delegated current : delegated.values()) {
                if (current.key().equals(key)) {
                    journal.accept("fence: " + action.agentName() + " of " + target + " requested by " + origin
                            + " joins the one in progress (" + current.pending().id() + " on " + current.executor() + ")");
                    return current.result();
                }
            }
            FenceEvent pending = FenceEvent.of(service.newId(), target, action, origin, executor.orElse(""), "",
                    FenceEvent.State.PENDING, clock.instant(), null, reason);
            d = new Delegated(pending, executor.orElse(""), executor.map(view.incarnations()::get).orElse(null), key,
                    new CompletableFuture<>());
            if (executor.isPresent()) {
                delegated.put(pending.id(), d);
            }
        }
        journal.accept("fence: " + action.agentName() + " of " + target + " requested by " + origin
                + (reason == null || reason.isEmpty() ? "" : ": " + reason));
        if (executor.isEmpty()) {
            end(d, failed(d.pending(), "cannot fence itself: " + target + " is the target and no other member of "
                    + "view " + view.number() + " " + view.members() + " can run the " + action.agentName()));
            return d.result();
        }
        journal.accept("fence: " + action.agentName() + " of " + target + " delegated to " + d.executor() + " ("
                + target + " never fences itself), operation " + d.pending().id());
        membership.send(d.executor(), FenceMessage.TOPIC, FenceMessage.encode(new FenceMessage.Request(
                d.pending().id(), target, action, origin, reason == null ? "" : reason, delay)));
        // The view may have changed between choosing the executor and registering the request.
        if (d.executorGone(membership.view())) {
            executorLost(d, membership.view());
        }
        // An executor that stays in the view but never answers (its fencer restarted, a message
        // it could not handle) must not leave the request pending for ever: retries would join it.
        Duration bound = service.answerBound(target, delay);
        CompletableFuture.delayedExecutor(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> unanswered(d, bound));
        return d.result();
    }

    private void onMessage(String from, byte[] payload) {
        FenceMessage m;
        try {
            m = FenceMessage.decode(payload);
        } catch (IllegalArgumentException e) {
            journal.accept("fence: ignored a malformed fence message from " + from + ": " + e.getMessage());
            return;
        }
        try {
            if (m instanceof FenceMessage.Request r) {
                onRequest(from, r);
            } else if (m instanceof FenceMessage.Result r) {
                onResult(from, r);
            } else if (m instanceof FenceMessage.History h) {
                heard.record(h.event());
            }
        } catch (RuntimeException e) {
            journal.accept("fence: could not handle a fence message from " + from + ": " + e);
        }
    }

    /** Another member asks this node to run a fence: as a local request, unless it must be refused. */
    private void onRequest(String from, FenceMessage.Request r) {
        String self = membership.localNode();
        MembershipView view = membership.view();
        String refusal = !view.members().contains(from)
                ? from + " is not a member of view " + view.number() + " " + view.members()
                : r.action().removesPower() && r.target().equalsIgnoreCase(self)
                        ? self + " is the target and a node never fences itself"
                        : null;
        if (refusal != null) {
            journal.accept("fence: refused the " + r.action().agentName() + " of " + r.target() + " asked by " + from
                    + ": " + refusal);
            FenceEvent now = FenceEvent.of(r.id(), r.target(), r.action(), r.origin(), self, "", FenceEvent.State.FAILED,
                    clock.instant(), clock.instant(), "refused by " + self + ": " + refusal);
            membership.send(from, FenceMessage.TOPIC, FenceMessage.encode(new FenceMessage.Result(r.id(), now)));
            return;
        }
        journal.accept("fence: " + r.action().agentName() + " of " + r.target() + " run here for " + from
                + ", operation " + r.id());
        service.fence(r.id(), r.target(), r.action(), r.origin(), r.reason(), r.delay())
                .whenComplete((e, error) -> membership.send(from, FenceMessage.TOPIC,
                        FenceMessage.encode(new FenceMessage.Result(r.id(), e != null ? e
                                : failed(r, self, "internal error: " + error)))));
    }

    private void onResult(String from, FenceMessage.Result r) {
        Delegated d;
        synchronized (this) {
            d = delegated.get(r.request());
            if (d == null || !d.executor().equals(from)) {
                d = null;
            } else {
                delegated.remove(r.request());
            }
        }
        if (d == null) {
            journal.accept("fence: ignored a result from " + from + " for " + r.request()
                    + ", which this node did not ask it to run (or no longer waits for)");
            return;
        }
        end(d, r.event());
    }

    private void onView(MembershipView view) {
        List<Delegated> lost = new ArrayList<>();
        synchronized (this) {
            delegated.values().stream().filter(d -> d.executorGone(view)).forEach(lost::add);
        }
        lost.forEach(d -> executorLost(d, view));
    }

    private void executorLost(Delegated d, MembershipView view) {
        synchronized (this) {
            if (delegated.remove(d.pending().id()) == null) {
                return; // answered or already ended
            }
        }
        boolean member = view.members().contains(d.executor());
        end(d, failed(d.pending(), d.executor() + (member ? " restarted" : " left the view") + " (view " + view.number()
                + " " + view.members() + ") before answering; whether the " + d.pending().action().agentName() + " of "
                + d.pending().target() + " happened is unknown"));
    }

    private void unanswered(Delegated d, Duration bound) {
        synchronized (this) {
            if (delegated.remove(d.pending().id()) == null) {
                return; // answered or already ended
            }
        }
        end(d, failed(d.pending(), d.executor() + " did not answer within " + bound.toSeconds() + " s; whether the "
                + d.pending().action().agentName() + " of " + d.pending().target() + " happened is unknown"));
    }

    /** A delegated request ended: into the history (shared), the journal, then its stage. */
    private void end(Delegated d, FenceEvent e) {
        journal.accept(FencingService.line(e) + (e.executor().isEmpty() ? "" : " (run on " + e.executor() + ")"));
        share(e);
        try {
            completions.execute(() -> d.result().complete(e));
        } catch (RejectedExecutionException stopping) {
            d.result().complete(e);
        }
    }

    /** A completed operation, this node's or one it delegated: recorded here and announced to every member. */
    private void share(FenceEvent e) {
        heard.record(e);
        membership.broadcast(FenceMessage.TOPIC, FenceMessage.encode(new FenceMessage.History(e)));
    }

    private FenceEvent failed(FenceEvent pending, String reason) {
        return FenceEvent.of(pending.id(), pending.target(), pending.action(), pending.origin(), pending.executor(),
                "", FenceEvent.State.FAILED, pending.requested(), clock.instant(), reason);
    }

    private FenceEvent failed(FenceMessage.Request r, String executor, String reason) {
        return FenceEvent.of(r.id(), r.target(), r.action(), r.origin(), executor, "", FenceEvent.State.FAILED,
                clock.instant(), clock.instant(), reason);
    }
}
