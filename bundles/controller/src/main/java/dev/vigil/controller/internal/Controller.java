package dev.vigil.controller.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.LrmUpdate;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceEvent;
import dev.vigil.fence.Fencer;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.Resource;
import dev.vigil.policy.Action;
import dev.vigil.policy.GraphRunner;
import dev.vigil.policy.PolicyEngine;
import dev.vigil.policy.Transition;

/**
 * The coordinator's loop, active only while this node is the DC of a quorate, agreed view and
 * holds its lease (a DC cut off from the majority plans nothing: the majority elects another):
 * on every change it asks the policy engine for a transition and walks it, sending each
 * action to its node's executor. A transition in progress is not interrupted: after a change
 * it hands out no more actions, waits for those in flight, and decides again from the new
 * state. Confined to one thread: every method is called from the controller's event thread.
 */
public final class Controller {
    private static final Logger LOG = Logger.getLogger(Controller.class.getName());
    /** Grace on top of an action's own timeout before the controller gives up on its answer. */
    static final Duration ANSWER_GRACE = Duration.ofSeconds(5);
    /**
     * After an executor refused a request (it follows another DC or view, holds no lease, is
     * shutting down), the pause before deciding again, so that a node whose view lags behind
     * is not flooded with the same request.
     */
    static final Duration REFUSAL_PAUSE = Duration.ofSeconds(1);
    /**
     * After a fence failed, the pause before deciding (and so fencing) again: the node stays
     * unclean and its resources where they are meanwhile; retries are visible, not a hot loop.
     */
    static final Duration FENCE_RETRY_PAUSE = Duration.ofSeconds(2);

    /** How actions leave the controller: the live one sends messages, tests record them. */
    public interface Dispatcher {
        void send(String node, ActionRequest request);
    }

    /** Asks every executor to report its states again (some report was lost or not yet heard). */
    public interface StateQuery {
        void askAll(String token);
    }

    /** Where the inputs of every decision are kept, so that any decision can be replayed. */
    public interface InputRecorder {
        void record(long transitionNumber, ClusterConfig config, ClusterStatus status, Instant now, Transition t);
    }

    /** Decides a transition from the inputs: the policy engine. */
    interface Planner {
        Transition compute(ClusterConfig config, ClusterStatus status, Instant now);
    }

    private static final class InFlight {
        final Action action;
        /** When to give up waiting for the answer; null for a fence (the fencer always answers). */
        final Instant deadline;

        InFlight(Action action, Instant deadline) {
            this.action = action;
            this.deadline = deadline;
        }
    }

    private final Planner engine;
    private final StatusCollector collector;
    private final Dispatcher dispatcher;
    private final InputRecorder recorder;
    private final StateQuery query;
    private final Clock clock;
    private final FenceGateway fencing;
    private final Map<String, InFlight> inFlight = new HashMap<>();
    private ClusterConfig config = ClusterConfig.empty();
    private MembershipView view;
    private GraphRunner runner;
    private long transitionNumber;
    private long tenures;
    /** Whether the configuration allows fencing, as last logged; null before the first configuration. */
    private Boolean fencingAnnounced;
    /** No new transition before this instant (after a refusal), or null. */
    private Instant pausedUntil;

    /** A controller without a fencer: a FENCE action fails (see {@link FenceGateway#none()}). */
    public Controller(StatusCollector collector, Dispatcher dispatcher, InputRecorder recorder, StateQuery query,
            Clock clock) {
        this(collector, dispatcher, recorder, query, clock, FenceGateway.none());
    }

    public Controller(StatusCollector collector, Dispatcher dispatcher, InputRecorder recorder, StateQuery query,
            Clock clock, FenceGateway fencing) {
        this(new PolicyEngine()::compute, collector, dispatcher, recorder, query, clock, fencing);
    }

    Controller(Planner engine, StatusCollector collector, Dispatcher dispatcher, InputRecorder recorder,
            StateQuery query, Clock clock, FenceGateway fencing) {
        this.engine = engine;
        this.collector = collector;
        this.dispatcher = dispatcher;
        this.recorder = recorder;
        this.query = query;
        this.clock = clock;
        this.fencing = fencing;
    }

    public void onView(MembershipView v) {
        boolean membersChanged = view == null || !view.members().equals(v.members())
                || !view.incarnations().equals(v.incarnations());
        boolean becameDc = v.isLocalDc() && (view == null || !view.isLocalDc());
        // A member whose process restarted will never answer what its old process was asked.
        Set<String> restarted = new HashSet<>();
        if (view != null) {
            v.members().stream().filter(n -> view.members().contains(n)
                    && !Objects.equals(view.incarnations().get(n), v.incarnations().get(n))).forEach(restarted::add);
        }
        view = v;
        collector.onView(v);
        if (becameDc) {
            // A new DC decides only from reports that answer its own query: a report of the
            // old DC's time may still be on its way, and must not be taken for the present.
            String token = v.localNode() + "-" + v.incarnations().get(v.localNode()) + "-" + (++tenures);
            collector.beginTenure(token);
            query.askAll(token);
        }
        if (membersChanged) {
            failActionsOnDepartedNodes(restarted);
        }
        changed();
    }

    public void onConfig(ClusterConfig c) {
        boolean canFence = FencingConfig.configured(c);
        if (fencingAnnounced == null || canFence != fencingAnnounced) {
            fencingAnnounced = canFence; // said once, and again only when it changes
            LOG.info(() -> canFence ? "fencing: configured; a node lost uncleanly is fenced before its resources"
                    + " are recovered" : "fencing: not configured; a lost node's resources are recovered once the"
                    + " membership's hold (the lease) has passed");
        }
        collector.fencingConfigured(canFence);
        config = c;
        changed();
    }

    public void onUpdate(String node, LrmUpdate update) {
        collector.onUpdate(node, update);
        String answered = update.completedRequest();
        InFlight f = answered == null ? null : inFlight.remove(answered);
        if (f != null && runner != null && update.record().isRefused()) {
            LOG.warning(() -> "REFUSED by " + node + ": " + f.action + " -> " + update.record().reason()
                    + "; deciding again shortly");
            runner.completed(f.action.id(), false); // not done, not a failure: decide again
            pausedUntil = clock.instant().plus(REFUSAL_PAUSE);
        } else if (f != null && runner != null) {
            boolean ok = succeeded(update.record());
            LOG.info(() -> (ok ? "done: " : "FAILED: ") + f.action + " -> " + update.record());
            boolean notification = f.action.kind() == Action.Kind.NOTIFY;
            if (!ok && notification) {
                // As Pacemaker: a failed notification is logged, never held against the resource.
                LOG.warning(() -> "notification " + f.action + " failed (ignored): " + update.record());
            }
            runner.completed(f.action.id(), ok || notification);
            if (ok && unexpected(f.action, update.record())) {
                // The transition was planned on the belief that the resource was not running
                // there: carry out nothing more of it and decide again (Pacemaker does the same).
                LOG.info(() -> "unexpected result of " + f.action + ": deciding again");
                runner.abort();
            }
        } else if (update.record() != null && update.record().isFailure() && runner != null) {
            runner.abort(); // a failure outside the transition: decide again once in-flight work is done
        }
        changed();
    }

    /** Without any event, decide again this often: time alone can change a decision (failure-timeout). */
    static final Duration RECHECK_INTERVAL = Duration.ofSeconds(15);
    private Instant lastRecheck = Instant.MIN;

    /** Called periodically: gives up on actions whose answer is overdue; rechecks now and then. */
    public void onTimer() {
        Instant now = clock.instant();
        boolean any = false;
        if (view != null && view.isLocalDc() && !collector.complete()) {
            query.askAll(collector.tenure()); // a member's fresh report is missing: ask again
        }
        Fencer fencer = fencing.fencer().get();
        if (fencer != null && collector.fencingConfigured() && collector.onFenceHistory(fencer.history())) {
            LOG.info("the fencer's history shows a node fenced: nothing of it runs any more");
            any = true;
        }
        if (pausedUntil != null && !now.isBefore(pausedUntil)) {
            pausedUntil = null;
            any = true;
        }
        if (lastRecheck.equals(Instant.MIN) || !now.isBefore(lastRecheck.plus(RECHECK_INTERVAL))) {
            lastRecheck = now;
            any = any || runner == null;
        }
        for (Iterator<Map.Entry<String, InFlight>> it = inFlight.entrySet().iterator(); it.hasNext();) {
            InFlight f = it.next().getValue();
            if (f.deadline != null && now.isAfter(f.deadline)) {
                it.remove();
                LOG.warning(() -> "no answer for " + f.action + " in time; treating it as failed");
                if (runner != null) {
                    runner.completed(f.action.id(), false);
                }
                any = true;
            }
        }
        if (any) {
            changed();
        }
    }

    /** Fails what was asked of nodes that left the view, or whose process restarted (it will never answer). */
    private void failActionsOnDepartedNodes(Set<String> restarted) {
        for (Iterator<Map.Entry<String, InFlight>> it = inFlight.entrySet().iterator(); it.hasNext();) {
            InFlight f = it.next().getValue();
            boolean gone = !view.members().contains(f.action.node()) || restarted.contains(f.action.node());
            if (f.action.kind() != Action.Kind.FENCE && gone) {
                it.remove();
                if (runner != null) {
                    runner.completed(f.action.id(), false);
                }
            }
        }
        if (runner != null) {
            runner.abort();
        }
    }

    /** Answered, and not a failure (a probe's "running" is a success, if an unexpected one). */
    private static boolean succeeded(OperationRecord r) {
        return r != null && r.execStatus() == ExecStatus.DONE && !r.isFailure();
    }

    /** A probe that finds the resource running (probes are planned expecting "not running"). */
    private static boolean unexpected(Action a, OperationRecord r) {
        return a.kind() == Action.Kind.PROBE && r.ocfStatus() != OcfStatus.NOT_RUNNING;
    }

    /** Moves the loop on after any input. */
    private void changed() {
        if (view == null || !view.isLocalDc() || !view.leaseHeld()) {
            if (runner != null) {
                runner.abort(); // no longer DC: finish nothing more
            }
            if (runner != null && runner.isFinished()) {
                runner = null;
            }
            return;
        }
        if (runner != null) {
            dispatchReady();
            if (!runner.isFinished()) {
                return;
            }
            runner = null;
        }
        if (!collector.complete()) {
            return; // wait until every member has said what it runs
        }
        if (pausedUntil != null && clock.instant().isBefore(pausedUntil)) {
            return; // a request was refused a moment ago: the timer decides again
        }
        ClusterStatus status = collector.snapshot();
        Instant now = clock.instant();
        ClusterConfig input = FencingConfig.forEngine(config);
        Transition t = engine.compute(input, status, now);
        if (t.isEmpty()) {
            return;
        }
        transitionNumber++;
        recorder.record(transitionNumber, input, status, now, t);
        LOG.info(() -> "transition " + transitionNumber + ":\n" + t);
        runner = new GraphRunner(t);
        dispatchReady();
    }

    private void dispatchReady() {
        for (List<Action> ready = runner.ready(); !ready.isEmpty(); ready = runner.ready()) {
            dispatch(ready); // again: an action done at once (an implied stop) may make others ready
        }
    }

    private void dispatch(List<Action> ready) {
        for (Action a : ready) {
            String id = view.localNode() + "-" + view.incarnations().get(view.localNode()) + "-"
                    + transitionNumber + "-" + a.id();
            if (a.kind() == Action.Kind.FENCE) {
                fence(id, a);
                continue;
            }
            if (!view.members().contains(a.node()) && impliedByFencing(a)) {
                runner.completed(a.id(), true); // nothing runs on a fenced node: no one to ask, nothing to do
                continue;
            }
            if (a.kind() == Action.Kind.NOTIFY && !view.members().contains(a.node())) {
                LOG.info(() -> "not notifying " + a + ": " + a.node() + " left the view");
                runner.completed(a.id(), true); // a notification is never worth holding the transition
                continue;
            }
            Resource r = config.resource(a.resource()).orElse(null);
            // A resource no longer configured (an orphan, to be stopped) is known by the agent its
            // node recorded; the node stops it with the parameters it started it with. So is a
            // stop of one whose agent was changed: the new agent may not see what the old one
            // started, and would answer "stopped" while it still runs (Pacemaker stops with the
            // agent recorded too).
            String recorded = r == null ? recordedAgent(a.resource(), a.node())
                    : a.kind() == Action.Kind.STOP ? agentRecordedOn(a.resource(), a.node()) : null;
            if (r != null && recorded != null && !recorded.equals(r.agentSpec())) {
                r = null;
            }
            String agent = r != null ? r.agentSpec() : recorded;
            if (agent == null) {
                LOG.severe(() -> "cannot ask for " + a + ": " + a.resource() + " is neither configured nor "
                        + "recorded with its agent");
                runner.completed(a.id(), false);
                continue;
            }
            // Executors obey only the DC of their current view: say who sends it, and in which view.
            ActionRequest request = ActionRequest.of(id, r != null ? r.id() : a.resource(), agent,
                    agentAction(a.kind()), a.interval(), a.timeout(), r != null ? paramsOf(r, a) : Map.of())
                    .issuedBy(view.localNode(), view.number(), view.incarnations().getOrDefault(view.localNode(), -1L));
            // A notification's variables, or its clone's lists on an instance's own start, stop,
            // promote or demote (as Pacemaker passes them).
            if (!a.notifyVariables().isEmpty()) {
                request = request.withNotifyVariables(a.notifyVariables());
            }
            if (a.role() != null) {
                request = request.withRole(a.role()); // a Stopped-role monitor expects "not running"
            }
            if (a.kind() == Action.Kind.CANCEL) {
                request = request.asCancellation();
            }
            inFlight.put(id, new InFlight(a, clock.instant().plus(a.timeout()).plus(ANSWER_GRACE)));
            dispatcher.send(a.node(), request);
        }
    }

    /**
     * Asks the fencer to fence the action's node. Its answer comes back on the event thread
     * ({@link #fenceEnded}); a fence that cannot even be asked for fails here and now.
     */
    private void fence(String id, Action a) {
        String target = a.node();
        String reason = collector.fenceReason(target);
        // No deadline: with delays, retries and topology levels a fence may rightly take far longer
        // than stonith-timeout, and giving up early would only start another that joins it. The
        // fencer always answers (a delegated request that gets no answer fails at its own deadline).
        inFlight.put(id, new InFlight(a, null));
        // Which process of the target this fence is for: a success that arrives after the node
        // came back as a new process fenced the old one, not the new.
        long incarnation = collector.incarnationToFence(target);
        FenceAction action = parse(a.fenceAction());
        Fencer fencer = fencing.fencer().get();
        String cannot = action == null ? "unknown fence action '" + a.fenceAction() + "'"
                : fencer == null ? "no fencer is running on " + view.localNode() : null;
        if (cannot != null) {
            fenceEnded(id, a, collector.incarnationToFence(target), failedBeforeAsking(a, action, cannot));
            return;
        }
        LOG.warning(() -> "FENCING " + target + " (" + action.agentName() + "): " + reason);
        try {
            fencer.fence(target, action, view.localNode(), reason, a.fenceDelay())
                    .whenComplete((event, error) -> fencing.events().execute(() -> {
                        fenceEnded(id, a, incarnation, event != null ? event
                                : failedBeforeAsking(a, action, "the fencer failed: " + error));
                        changed();
                    }));
        } catch (RuntimeException e) {
            fenceEnded(id, a, incarnation, failedBeforeAsking(a, action, "the fencer failed: " + e));
        }
    }

    /**
     * A stop or demote on a node outside the view that is no longer unclean: it was fenced (or
     * left cleanly), so nothing of it runs. Pacemaker's stops implied by a fence, which the
     * engine may order after the FENCE action; dispatched, they would wait out their timeout.
     */
    private boolean impliedByFencing(Action a) {
        boolean stopping = a.kind() == Action.Kind.STOP || a.kind() == Action.Kind.DEMOTE;
        return stopping && !collector.isUnclean(a.node());
    }

    private static FenceAction parse(String fenceAction) {
        try {
            return FenceAction.parse(fenceAction);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The history entry of a fence that never reached a fencer (an unknown action is journaled as a reboot). */
    private FenceEvent failedBeforeAsking(Action a, FenceAction action, String why) {
        Instant now = clock.instant();
        return FenceEvent.of("not-asked", a.node(), action == null ? FenceAction.REBOOT : action, view.localNode(), "",
                "", FenceEvent.State.FAILED, now, now, why);
    }

    /**
     * A fence ended. Success is a fact whatever became of the transition (it may have been
     * aborted, or this node may no longer be DC): the node's resources are stopped. A failure
     * leaves it unclean and its resources where they are, and decides again after a pause.
     */
    private void fenceEnded(String id, Action a, long incarnation, FenceEvent event) {
        boolean ok = event.state() == FenceEvent.State.SUCCEEDED;
        fencing.journal().accept(event);
        if (ok && event.action().removesPower()) {
            collector.fenced(a.node(), incarnation);
        } else if (ok && event.action() == FenceAction.ON) {
            collector.unfenced(a.node(), event.completed() == null ? clock.instant() : event.completed());
        }
        if (ok) {
            LOG.warning(() -> "FENCED " + a.node() + ": " + event);
        } else {
            LOG.severe(() -> "FENCE FAILED: " + a + ": " + event.reason() + "; what " + a.node()
                    + " ran stays where it is, not recovered; deciding (and fencing) again in "
                    + FENCE_RETRY_PAUSE.toSeconds() + " s");
            pausedUntil = clock.instant().plus(FENCE_RETRY_PAUSE);
        }
        InFlight f = inFlight.remove(id);
        if (f != null && runner != null) {
            runner.completed(a.id(), ok);
        }
    }

    /** The agent a node (this action's first) reports the resource with, or null when none does. */
    private String recordedAgent(String resource, String node) {
        String there = agentRecordedOn(resource, node);
        return there != null ? there : collector.snapshot().nodes().values().stream()
                .map(n -> n.resource(resource).agent()).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The agent the node reports the resource with, or null. */
    private String agentRecordedOn(String resource, String node) {
        NodeStatus there = collector.snapshot().nodes().get(node);
        return there == null ? null : there.resource(resource).agent();
    }

    /** The resource's parameters; for a migration, with the nodes it migrates between. */
    private static Map<String, String> paramsOf(Resource r, Action a) {
        if (a.migrateSource() == null) {
            return r.params();
        }
        Map<String, String> p = new TreeMap<>(r.params());
        p.put(dev.vigil.agent.AgentRequest.MIGRATE_SOURCE, a.migrateSource());
        p.put(dev.vigil.agent.AgentRequest.MIGRATE_TARGET, a.migrateTarget());
        return p;
    }

    private static AgentAction agentAction(Action.Kind kind) {
        switch (kind) {
            case MIGRATE_TO:
                return AgentAction.MIGRATE_TO;
            case MIGRATE_FROM:
                return AgentAction.MIGRATE_FROM;
            case START:
                return AgentAction.START;
            case STOP:
                return AgentAction.STOP;
            case PROMOTE:
                return AgentAction.PROMOTE;
            case DEMOTE:
                return AgentAction.DEMOTE;
            case RELOAD:
                return AgentAction.RELOAD;
            case NOTIFY:
                return AgentAction.NOTIFY;
            default:
                return AgentAction.MONITOR;
        }
    }

    /** True while a transition is being carried out. */
    public boolean busy() {
        return runner != null;
    }
}
