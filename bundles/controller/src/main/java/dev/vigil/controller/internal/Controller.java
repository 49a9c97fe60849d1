package dev.vigil.controller.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.logging.Logger;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.LrmUpdate;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
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

    private static final class InFlight {
        final Action action;
        final Instant deadline;

        InFlight(Action action, Instant deadline) {
            this.action = action;
            this.deadline = deadline;
        }
    }

    private final PolicyEngine engine = new PolicyEngine();
    private final StatusCollector collector;
    private final Dispatcher dispatcher;
    private final InputRecorder recorder;
    private final StateQuery query;
    private final Clock clock;
    private final Map<String, InFlight> inFlight = new HashMap<>();
    private ClusterConfig config = ClusterConfig.empty();
    private MembershipView view;
    private GraphRunner runner;
    private long transitionNumber;
    private long tenures;
    /** No new transition before this instant (after a refusal), or null. */
    private Instant pausedUntil;

    public Controller(StatusCollector collector, Dispatcher dispatcher, InputRecorder recorder, StateQuery query,
            Clock clock) {
        this.collector = collector;
        this.dispatcher = dispatcher;
        this.recorder = recorder;
        this.query = query;
        this.clock = clock;
    }

    public void onView(MembershipView v) {
        boolean membersChanged = view == null || !view.members().equals(v.members())
                || !view.incarnations().equals(v.incarnations());
        boolean becameDc = v.isLocalDc() && (view == null || !view.isLocalDc());
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
            failActionsOnDepartedNodes();
        }
        changed();
    }

    public void onConfig(ClusterConfig c) {
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
            runner.completed(f.action.id(), ok);
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
        if (pausedUntil != null && !now.isBefore(pausedUntil)) {
            pausedUntil = null;
            any = true;
        }
        if (lastRecheck.equals(Instant.MIN) || !now.isBefore(lastRecheck.plus(RECHECK_INTERVAL))) {
            lastRecheck = now;
            any = runner == null;
        }
        for (Iterator<Map.Entry<String, InFlight>> it = inFlight.entrySet().iterator(); it.hasNext();) {
            InFlight f = it.next().getValue();
            if (now.isAfter(f.deadline)) {
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

    private void failActionsOnDepartedNodes() {
        for (Iterator<Map.Entry<String, InFlight>> it = inFlight.entrySet().iterator(); it.hasNext();) {
            InFlight f = it.next().getValue();
            if (!view.members().contains(f.action.node())) {
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
        Transition t = engine.compute(config, status, now);
        if (t.isEmpty()) {
            return;
        }
        transitionNumber++;
        recorder.record(transitionNumber, config, status, now, t);
        LOG.info(() -> "transition " + transitionNumber + ":\n" + t);
        runner = new GraphRunner(t);
        dispatchReady();
    }

    private void dispatchReady() {
        for (Action a : runner.ready()) {
            Resource r = config.resource(a.resource()).orElseThrow();
            String id = view.localNode() + "-" + view.incarnations().get(view.localNode()) + "-"
                    + transitionNumber + "-" + a.id();
            // Executors obey only the DC of their current view: say who sends it, and in which view.
            ActionRequest request = ActionRequest.of(id, r.id(), r.agentSpec(), agentAction(a.kind()), a.interval(),
                    a.timeout(), r.params()).issuedBy(view.localNode(), view.number(),
                            view.incarnations().getOrDefault(view.localNode(), -1L));
            inFlight.put(id, new InFlight(a, clock.instant().plus(a.timeout()).plus(ANSWER_GRACE)));
            dispatcher.send(a.node(), request);
        }
    }

    private static AgentAction agentAction(Action.Kind kind) {
        switch (kind) {
            case START:
                return AgentAction.START;
            case STOP:
                return AgentAction.STOP;
            case PROMOTE:
                return AgentAction.PROMOTE;
            case DEMOTE:
                return AgentAction.DEMOTE;
            default:
                return AgentAction.MONITOR;
        }
    }

    /** True while a transition is being carried out. */
    public boolean busy() {
        return runner != null;
    }
}
