package dev.vigil.executor.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentContext;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.OperationDigest;
import dev.vigil.model.ResourceState;

/**
 * Runs agent operations: one at a time per resource (each resource has its own lane), each
 * with a deadline after which it is recorded as timed out and its thread interrupted; the lane
 * moves on only once the agent has actually ended (or a bounded grace has passed).
 * Recurring monitors are kept per resource, interval and role and queue in the resource's lane
 * like any other operation: one that checks the resource where it runs (replaced by the next such
 * monitor), and monitors for the Stopped role, which run where the resource must not run; any
 * operation that changes the resource (start, stop, promote, demote...) ends them all first, as
 * Pacemaker's controller does, and so does a cancellation naming one. Every completed operation
 * goes to the history, the state table and the listener.
 * <p>
 * Safety: without a lease (or while the node is shutting down) no start or promote runs; at
 * lease loss queued operations are cancelled and everything active is stopped in the reverse
 * of the order in which it became active, one stop after the other; a start or promote that
 * completes without a lease is stopped at once.
 */
final class ResourceExecutor {
    private static final Logger LOG = Logger.getLogger(ResourceExecutor.class.getName());
    private static final int HISTORY_LIMIT = 1000;
    /** After an operation timeout, how long to wait for the interrupted agent to end, by default. */
    static final Duration DEFAULT_TIMEOUT_GRACE = Duration.ofSeconds(3);
    /** Timeout of a stop on the executor's own initiative when nothing better is known. */
    static final Duration DEFAULT_SELF_STOP_TIMEOUT = Duration.ofSeconds(20);
    /** Request ids of operations the executor runs on its own initiative start with this. */
    static final String SELF_PREFIX = "self-";

    /** A completed operation, and the request it answers (null for a recurring monitor's run). */
    interface Listener {
        void completed(OperationRecord record, ActionRequest answering, boolean stateChanged);

        /** A requested operation is about to run: its outcome is unknown until it completes. */
        default void starting(ActionRequest request) {
        }
    }

    /** What names a recurring monitor here: Pacemaker keys it by resource, interval and role. */
    record MonitorKey(String resource, Duration interval, String role) {
        static MonitorKey of(ActionRequest r) {
            return new MonitorKey(r.resource(), r.interval(), r.role());
        }

        boolean forStoppedRole() {
            return ActionRequest.STOPPED_ROLE.equals(role);
        }

        @Override
        public String toString() {
            return resource + "_monitor_" + interval.toMillis() + (role == null ? "" : " role " + role);
        }
    }

    /** A scheduled recurring monitor and the request it repeats. */
    private record Recurring(ActionRequest request, ScheduledFuture<?> future) {
    }

    /** One queued or running operation. */
    private static final class Op {
        final ActionRequest request;
        final CompletableFuture<OperationRecord> done = new CompletableFuture<>();
        boolean cancelled;
        /** The parameters it runs with: the request's, unless it is a stop the DC sent without any. */
        Map<String, String> params;
        /** The agent's call while it runs, and why it was interrupted (then the call is given up). */
        private volatile Future<?> call;
        private volatile String interruptedBecause;

        Op(ActionRequest request) {
            this.request = request;
            this.params = request.params();
        }

        /** Gives the agent's call up now (its process group is killed), for this reason. */
        void interrupt(String why) {
            interruptedBecause = why;
            Future<?> f = call;
            if (f != null) {
                f.cancel(true);
            }
        }

        /** The call runs; if it was interrupted meanwhile, gives it up at once. */
        void calling(Future<?> f) {
            call = f;
            if (interruptedBecause != null) { // interrupt() saw no call yet
                f.cancel(true);
            }
        }
    }

    private final String node;
    private final AgentContext context;
    private final Function<String, ResourceAgent> agents;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final Clock clock;
    private final Listener listener;
    private final Duration timeoutGrace;
    private final Function<String, ExecutorService> laneFactory;
    private volatile Instant agentsExpectedBy;
    private final Instant created;
    private final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();
    private final Map<MonitorKey, Recurring> recurring = new ConcurrentHashMap<>();
    /** Runs of recurring monitors under way, to interrupt at lease loss. */
    private final Map<MonitorKey, Op> monitorsRunning = new ConcurrentHashMap<>();
    private final StateTable states = new StateTable();
    private final Deque<OperationRecord> history = new ArrayDeque<>();
    /** The last request for each resource: what a stop on our own initiative needs (agent, parameters). */
    private final Map<String, ActionRequest> lastRequest = new ConcurrentHashMap<>();
    /** Requested operations running now, by resource. */
    private final Map<String, String> pending = new ConcurrentHashMap<>();
    /** Operations queued and not yet begun, by resource; guarded by this. */
    private final Map<String, Deque<Op>> queued = new HashMap<>();
    /** The operation running now, by resource; guarded by this. */
    private final Map<String, Op> running = new HashMap<>();
    /** Resources in the order in which they became active here; guarded by this. */
    private final LinkedHashSet<String> activeOrder = new LinkedHashSet<>();
    private final Object agentSignal = new Object();
    private final AtomicLong selfIds = new AtomicLong();
    private volatile Function<String, ActionRequest> stopTemplates = r -> null;
    private volatile BooleanSupplier startFailureIsFatal = () -> true;
    private boolean leaseHeld = true;
    private boolean leaving;

    ResourceExecutor(String node, AgentContext context, Function<String, ResourceAgent> agents,
            ScheduledExecutorService scheduler, ExecutorService workers, Clock clock, Listener listener) {
        this(node, context, agents, scheduler, workers, clock, listener, DEFAULT_TIMEOUT_GRACE, Duration.ZERO);
    }

    /**
     * @param timeoutGrace after a timeout, how long to wait for the interrupted agent to end
     *        before the lane moves on anyway
     * @param agentStartupWait for this long after creation, agents may still be loading: a probe
     *        whose agent is missing waits for it (up to the probe's timeout), and if it does not
     *        come the resource's state stays unknown instead of "agent missing", which the
     *        engine would take for "not running here"
     */
    ResourceExecutor(String node, AgentContext context, Function<String, ResourceAgent> agents,
            ScheduledExecutorService scheduler, ExecutorService workers, Clock clock, Listener listener,
            Duration timeoutGrace, Duration agentStartupWait) {
        this(node, context, agents, scheduler, workers, ResourceExecutor::threadLane, clock, listener, timeoutGrace,
                agentStartupWait);
    }

    /**
     * @param laneFactory makes the lane of a resource: an executor that runs one task at a time,
     *        in order (a thread of its own here; a deterministic queue in simulations)
     */
    ResourceExecutor(String node, AgentContext context, Function<String, ResourceAgent> agents,
            ScheduledExecutorService scheduler, ExecutorService workers,
            Function<String, ExecutorService> laneFactory, Clock clock, Listener listener, Duration timeoutGrace,
            Duration agentStartupWait) {
        this.laneFactory = laneFactory;
        this.node = node;
        this.context = context;
        this.agents = agents;
        this.scheduler = scheduler;
        this.workers = workers;
        this.clock = clock;
        this.listener = listener;
        this.timeoutGrace = timeoutGrace;
        this.created = clock.instant();
        this.agentsExpectedBy = created.plus(agentStartupWait);
    }

    /**
     * Where a stop on the executor's own initiative finds the resource's agent, parameters and
     * stop timeout (the configuration); returns null when it does not know the resource, and
     * the last request for it is used instead.
     */
    void setStopTemplates(Function<String, ActionRequest> templates) {
        this.stopTemplates = templates;
    }

    /**
     * Whether a failed start is fatal (the cluster property start-failure-is-fatal, read at each
     * failure so that a change applies): its fail count is then INFINITY. True until set.
     */
    void setStartFailureIsFatal(BooleanSupplier fatal) {
        this.startFailureIsFatal = fatal;
    }

    static boolean isSelfInitiated(ActionRequest r) {
        return r.id().startsWith(SELF_PREFIX);
    }

    private static boolean activates(AgentAction a) {
        return a == AgentAction.START || a == AgentAction.PROMOTE || a == AgentAction.MIGRATE_FROM;
    }

    private static boolean isProbe(ActionRequest r) {
        return r.action() == AgentAction.MONITOR && r.interval().isZero();
    }

    private static boolean isRecurringMonitor(ActionRequest r) {
        return r.action() == AgentAction.MONITOR && !r.interval().isZero();
    }

    /**
     * Queues a requested operation in its resource's lane. A monitor with an interval sets up
     * that recurring monitor and completes with its first run: one for the Stopped role replaces
     * only the same one (same interval), any other replaces the resource's monitors of the
     * running resource. Any other operation but a probe or a notification (a start, stop,
     * promote, demote, migration, reload) first cancels all of the resource's recurring monitors
     * (see {@link #cancelMonitorsEndedBy}). A cancellation ends the recurring monitor it names
     * (by interval) at once. A start or promote while this node holds no lease or
     * is shutting down is refused at once (the answer is a refusal, not a failure).
     */
    CompletableFuture<OperationRecord> submit(ActionRequest request) {
        if (request.isCancellation()) {
            return CompletableFuture.completedFuture(cancel(request));
        }
        Op op = new Op(request);
        String refusal;
        synchronized (this) {
            refusal = refusal(request);
            if (refusal == null) {
                cancelMonitorsEndedBy(request);
                ActionRequest last = lastRequest.get(request.resource());
                if (request.action() == AgentAction.STOP && request.params().isEmpty() && last != null
                        && !last.params().isEmpty()) {
                    // The DC knows no parameters of a resource no longer configured (an orphan):
                    // it is stopped with those it runs with, as Pacemaker's controller keeps them.
                    op.params = last.params();
                } else {
                    lastRequest.put(request.resource(), request);
                }
                queued.computeIfAbsent(request.resource(), r -> new ArrayDeque<>()).addLast(op);
            }
        }
        if (refusal != null) {
            refuse(op, refusal);
            return op.done;
        }
        lane(request.resource()).execute(() -> runOp(op));
        return op.done;
    }

    /** Why this request may not run now, or null. Guarded by this. */
    private String refusal(ActionRequest request) {
        if (!activates(request.action())) {
            return null;
        }
        if (!leaseHeld) {
            return "this node holds no lease: it starts and promotes nothing";
        }
        if (leaving) {
            return "this node is shutting down: it starts and promotes nothing";
        }
        return null;
    }

    private void refuse(Op op, String why) {
        LOG.warning(() -> "refusing " + op.request + ": " + why);
        OperationRecord r = OperationRecord.refused(node, op.request, clock.instant(), why);
        listener.completed(r, op.request, false);
        op.done.complete(r);
    }

    private void runOp(Op op) {
        ActionRequest request = op.request;
        String refusal;
        synchronized (this) {
            Deque<Op> q = queued.get(request.resource());
            if (q != null) {
                q.remove(op);
            }
            if (op.cancelled) {
                return; // completed when it was cancelled
            }
            refusal = refusal(request);
            if (refusal == null) {
                running.put(request.resource(), op);
                if (!isRecurringMonitor(request)) {
                    cancelMonitorsEndedBy(request); // one scheduled after this was queued
                }
            }
        }
        if (refusal != null) {
            refuse(op, refusal);
            return;
        }
        // A notification changes nothing of the resource: nothing pending, no state, no failure.
        boolean reportsPending = request.action() != AgentAction.MONITOR && request.action() != AgentAction.NOTIFY;
        if (reportsPending) {
            pending.put(request.resource(), request.action().ocfName());
            listener.starting(request);
        }
        boolean early = isProbe(request) && clock.instant().isBefore(agentsExpectedBy);
        OperationRecord r = run(op, early);
        boolean changed;
        if (request.action() == AgentAction.NOTIFY && (r.execStatus() != ExecStatus.DONE
                || r.ocfStatus() != OcfStatus.OK)) {
            LOG.warning(() -> "notification " + request + " " + request.notifyVariables().get("notify_type") + "-"
                    + request.notifyVariables().get("notify_operation") + " failed (ignored, as Pacemaker): " + r);
        }
        if (early && r.execStatus() == ExecStatus.NOT_INSTALLED) {
            // The agent may simply not be loaded yet (just after a start): "not installed" must
            // not read as "not running here". The state stays unknown; the DC probes again.
            LOG.warning(() -> "probe of " + request.resource() + ": agent " + request.agent()
                    + " not loaded yet; its state here stays unknown");
            addHistory(r);
            changed = false;
        } else {
            changed = request.forStoppedRole() ? recordStoppedRoleMonitor(r, request.agent())
                    : record(r, request.agent());
            if (r.execStatus() == ExecStatus.NOT_INSTALLED && agents.apply(request.agent()) != null) {
                // The agent arrived while this probe ran: its arrival found nothing to clear yet,
                // so clear it now, or the resource would stay "agent missing" for good.
                synchronized (this) {
                    changed |= states.agentInstalled(List.of(request.resource()));
                }
            }
        }
        boolean stopNow;
        synchronized (this) {
            running.remove(request.resource());
            if (reportsPending) {
                pending.remove(request.resource());
            }
            if (isRecurringMonitor(request) && leaseHeld && !(request.forStoppedRole()
                    ? activationQueued(request.resource()) : stopQueued(request.resource()))) {
                scheduleRecurring(request);
            }
            stopNow = activates(request.action()) && !leaseHeld && states.get(request.resource()).isActive()
                    && !stopQueued(request.resource());
        }
        listener.completed(r, request, changed);
        if (stopNow) {
            stopOne(request.resource(), "it became active while this node held no lease");
        }
        op.done.complete(r);
    }

    /** A stop of the resource is queued. Guarded by this. */
    private boolean stopQueued(String resource) {
        Deque<Op> q = queued.get(resource);
        return q != null && q.stream().anyMatch(o -> o.request.action() == AgentAction.STOP);
    }

    /** A start, promote or migrate_from of the resource is queued. Guarded by this. */
    private boolean activationQueued(String resource) {
        Deque<Op> q = queued.get(resource);
        return q != null && q.stream().anyMatch(o -> activates(o.request.action()));
    }

    /**
     * The recurring monitors a request ends: a monitor of the running resource replaces the
     * others of its kind, a Stopped-role one only itself; any other operation that changes the
     * resource (start, stop, promote, demote, migrate_to, migrate_from, reload; not a probe or a
     * notification) first ends all of the resource's recurring monitors, as Pacemaker's
     * controller cancels them "before changing resource state" (should_cancel_recurring in
     * controld_execd.c): a monitor of the role it leaves must not check it in its new role, and
     * the DC asks for the monitor of the new role. The state forgets the monitors ended, so the
     * DC sees that none runs. Guarded by this.
     */
    private void cancelMonitorsEndedBy(ActionRequest request) {
        String rsc = request.resource();
        if (isRecurringMonitor(request) && request.forStoppedRole()) {
            cancelRecurring(k -> k.equals(MonitorKey.of(request)));
        } else if (isRecurringMonitor(request)) {
            cancelRecurring(k -> k.resource().equals(rsc) && !k.forStoppedRole());
        } else if (request.action() != AgentAction.MONITOR && request.action() != AgentAction.NOTIFY) {
            cancelRecurring(k -> k.resource().equals(rsc)).forEach(this::forgetMonitor);
        }
    }

    /** The state no longer lists the ended monitor as running. Guarded by this. */
    private boolean forgetMonitor(MonitorKey key) {
        return key.forStoppedRole() ? states.stoppedRoleMonitor(key.resource(), key.interval(), false)
                : states.monitorEnded(key.resource(), key.interval());
    }

    /**
     * Ends the recurring monitor a cancellation names (if it runs: Pacemaker's cancel of a
     * monitor that is not there succeeds too); answers at once. The state only forgets the
     * monitor: a cancellation says nothing about the resource.
     */
    private OperationRecord cancel(ActionRequest request) {
        MonitorKey key = MonitorKey.of(request);
        boolean was;
        boolean changed;
        synchronized (this) {
            // Named as Pacemaker names it, by resource and interval: one interval has one role.
            List<MonitorKey> ended = cancelRecurring(k -> k.resource().equals(key.resource())
                    && k.interval().equals(key.interval()));
            was = !ended.isEmpty();
            changed = states.stoppedRoleMonitor(request.resource(), request.interval(), false);
            for (MonitorKey k : ended) {
                changed |= forgetMonitor(k);
            }
        }
        Instant now = clock.instant();
        // Done and OK, without the role (a Stopped-role monitor's OK would read as its failure):
        // the cancellation succeeded; the state table only forgets the monitor (this record would read "running").
        OperationRecord r = OperationRecord.of(node, request.resource(), request.action(), request.interval(), now,
                now, ExecStatus.DONE, OcfStatus.OK, (was ? "cancelled " : "cancelled (was not running) ") + key);
        LOG.info(() -> "cancelled " + key + (was ? "" : " (it was not running)") + " for " + request);
        addHistory(r);
        listener.completed(r, request, changed);
        return r;
    }

    private void scheduleRecurring(ActionRequest request) {
        long ms = request.interval().toMillis();
        MonitorKey key = MonitorKey.of(request);
        ScheduledFuture<?> f = scheduler.scheduleWithFixedDelay(
                () -> lane(request.resource()).execute(() -> runRecurring(key, request)), ms, ms,
                TimeUnit.MILLISECONDS);
        Recurring old = recurring.put(key, new Recurring(request, f));
        if (old != null) {
            old.future().cancel(false);
        }
    }

    private void runRecurring(MonitorKey key, ActionRequest request) {
        Op op = new Op(request);
        monitorsRunning.put(key, op); // before the check: a lease loss after it interrupts this run
        OperationRecord r;
        try {
            Recurring current = recurring.get(key);
            if (current == null || current.request() != request) {
                return; // cancelled or replaced while queued
            }
            r = run(op, false);
        } finally {
            monitorsRunning.remove(key, op);
        }
        boolean changed = request.forStoppedRole() ? recordStoppedRoleMonitor(r, request.agent())
                : record(r, request.agent());
        synchronized (this) {
            if (!recurring.containsKey(key)) {
                changed |= forgetMonitor(key); // ended while it ran: its result must not list it as running
            }
        }
        // Found running where it must not, again: already reported (the state says it runs here).
        boolean knownAlready = request.forStoppedRole() && !changed && r.execStatus() == ExecStatus.DONE
                && r.ocfStatus().isRunning();
        if (changed || r.isFailure() && !knownAlready) {
            listener.completed(r, null, changed);
        }
    }

    /**
     * A Stopped-role monitor's result. "Not running" is its success: the state lists the
     * monitor as running here (the DC is told once, the first time) and nothing else changes
     * (the reducer would find it stopped, true, but a state that lists no Stopped-role monitor
     * would make the DC ask for it again). "Running"
     * means it runs where it must not: the state says it runs here, as a probe would find it,
     * and the record is a failure, so the DC decides again and stops it here. Anything else
     * (timeout, error) counts as the monitor's failure, as any monitor's.
     */
    private boolean recordStoppedRoleMonitor(OperationRecord r, String agent) {
        if (r.execStatus() == ExecStatus.DONE && r.ocfStatus() == OcfStatus.NOT_RUNNING) {
            addHistory(r);
            synchronized (this) {
                return states.stoppedRoleMonitor(r.resource(), r.interval(), true); // reported once
            }
        }
        if (r.execStatus() == ExecStatus.DONE && r.ocfStatus().isRunning()) {
            LOG.warning(() -> r.resource() + " runs on " + node + ", where it must not (" + r + ")");
            addHistory(r);
            OperationRecord found = OperationRecord.of(r.node(), r.resource(), r.action(), Duration.ZERO, r.started(),
                    r.finished(), r.execStatus(), r.ocfStatus(), r.reason());
            synchronized (this) {
                return applyState(found, agent);
            }
        }
        return record(r, agent);
    }

    /** Ends the recurring monitors that match; returns them. Guarded by this. */
    private List<MonitorKey> cancelRecurring(Predicate<MonitorKey> which) {
        List<MonitorKey> ended = new ArrayList<>();
        for (Iterator<Map.Entry<MonitorKey, Recurring>> it = recurring.entrySet().iterator(); it.hasNext();) {
            Map.Entry<MonitorKey, Recurring> e = it.next();
            if (which.test(e.getKey())) {
                e.getValue().future().cancel(false);
                it.remove();
                ended.add(e.getKey());
            }
        }
        return ended;
    }

    private ExecutorService lane(String resource) {
        return lanes.computeIfAbsent(resource, laneFactory);
    }

    /** A lane of its own thread, which ends when idle for a while. */
    static ExecutorService threadLane(String resource) {
        return new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), t -> {
            Thread th = new Thread(t, "vigil-lane-" + resource);
            th.setDaemon(true);
            return th;
        });
    }

    /** The agent; for a probe while agents may still be loading, waits for it up to the probe's timeout. */
    private ResourceAgent agentFor(ActionRequest request, boolean waitForIt) {
        ResourceAgent agent = agents.apply(request.agent());
        if (agent != null || !waitForIt) {
            return agent;
        }
        long deadline = System.nanoTime() + request.timeout().toNanos();
        synchronized (agentSignal) {
            while ((agent = agents.apply(request.agent())) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    agentSignal.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return agent;
    }

    private OperationRecord run(Op op, boolean waitForAgent) {
        ActionRequest request = op.request;
        Map<String, String> params = op.params;
        Instant started = clock.instant();
        ResourceAgent agent = agentFor(request, waitForAgent);
        if (agent == null) {
            return record(request, started, ExecStatus.NOT_INSTALLED, OcfStatus.ERR_INSTALLED,
                    "agent " + request.agent() + " is not installed on " + node);
        }
        AgentRequest call = AgentRequest.builder(request.resource(), request.action(), context)
                .parameters(params).interval(request.interval()).timeout(request.timeout())
                .notifyVariables(request.notifyVariables()).build();
        AtomicBoolean began = new AtomicBoolean();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Future<AgentResult> f = workers.submit(() -> {
            if (!began.compareAndSet(false, true)) {
                return null; // given up on before it began
            }
            try {
                return ResourceAgent.perform(agent, call);
            } finally {
                ended.complete(null);
            }
        });
        op.calling(f);
        try {
            AgentResult result = f.get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (result == null) {
                return record(request, started, ExecStatus.ERROR, OcfStatus.ERR_GENERIC, "agent returned no result");
            }
            return record(request, started, ExecStatus.DONE, result.status(), result.reason())
                    .withPromotionScore(result.promotionScore());
        } catch (TimeoutException e) {
            f.cancel(true);
            String end = awaitEnd(request, began, ended);
            return record(request, started, ExecStatus.TIMEOUT, OcfStatus.ERR_GENERIC,
                    "no answer within " + request.timeout().toMillis() + " ms; " + end);
        } catch (CancellationException e) {
            String end = awaitEnd(request, began, ended);
            return record(request, started, ExecStatus.CANCELLED, OcfStatus.ERR_GENERIC,
                    "interrupted: " + op.interruptedBecause + "; " + end);
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "agent " + request.agent() + " threw on " + call, e.getCause());
            return record(request, started, ExecStatus.ERROR, OcfStatus.ERR_GENERIC,
                    "agent threw " + e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return record(request, started, ExecStatus.CANCELLED, OcfStatus.ERR_GENERIC, "executor shut down");
        }
    }

    /**
     * After a timeout the agent was interrupted (which kills the process group it runs): waits
     * until its thread has really ended, at most {@link #timeoutGrace}, so that the next
     * operation of the resource never overlaps it. Returns what happened, for the record.
     */
    private String awaitEnd(ActionRequest request, AtomicBoolean began, CompletableFuture<Void> ended) {
        if (began.compareAndSet(false, true)) {
            return "the agent never began";
        }
        long t0 = System.nanoTime();
        try {
            ended.get(timeoutGrace.toMillis(), TimeUnit.MILLISECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            return "the agent ended " + ms + " ms after it was interrupted";
        } catch (TimeoutException e) {
            LOG.severe(() -> "agent " + request.agent() + " still runs " + request + " " + timeoutGrace.toMillis()
                    + " ms after it was interrupted; the next operation of " + request.resource() + " runs anyway");
            return "the agent still ran " + timeoutGrace.toMillis() + " ms after it was interrupted";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "executor shut down while the agent was ending";
        } catch (ExecutionException e) {
            return "the agent ended";
        }
    }

    private OperationRecord record(ActionRequest q, Instant started, ExecStatus exec, OcfStatus rc, String reason) {
        OperationRecord r = OperationRecord.of(node, q.resource(), q.action(), q.interval(), started, clock.instant(),
                exec, rc, reason).withRole(q.role());
        // What a start ran with: the engine restarts the resource once the configuration changes it.
        boolean starts = q.action() == AgentAction.START || q.action() == AgentAction.MIGRATE_FROM;
        if (q.action() == AgentAction.MIGRATE_TO || q.action() == AgentAction.MIGRATE_FROM) {
            // Where it migrates, so that a new DC can finish a migration half done.
            r = r.withMigration(q.params().get(AgentRequest.MIGRATE_SOURCE),
                    q.params().get(AgentRequest.MIGRATE_TARGET));
        }
        return starts ? r.withParamsDigest(OperationDigest.ofStart(q.params())) : r;
    }

    /** Records the operation, run with the agent {@code agent} (its spec). */
    private synchronized boolean record(OperationRecord r, String agent) {
        addHistory(r);
        return applyState(r, agent);
    }

    /** The operation's effect on the state table and the activation order. Guarded by this. */
    private boolean applyState(OperationRecord r, String agent) {
        boolean wasActive = states.get(r.resource()).isActive();
        boolean changed = states.apply(r, agent, startFailureIsFatal.getAsBoolean());
        boolean active = states.get(r.resource()).isActive();
        if (active && !wasActive) {
            activeOrder.remove(r.resource());
            activeOrder.add(r.resource());
        } else if (!active) {
            activeOrder.remove(r.resource());
        }
        return changed;
    }

    private synchronized void addHistory(OperationRecord r) {
        history.addLast(r);
        while (history.size() > HISTORY_LIMIT) {
            history.removeFirst();
        }
    }

    synchronized List<OperationRecord> history() {
        return new ArrayList<>(history);
    }

    /** Requested operations running now, by resource (start, stop...). */
    Map<String, String> pending() {
        return Map.copyOf(pending);
    }

    synchronized Map<String, ResourceState> states() {
        return states.snapshot();
    }

    /** A changed setting: agents are expected this long after this executor was created. */
    void setAgentStartupWait(Duration wait) {
        agentsExpectedBy = created.plus(wait);
    }

    /** Nothing is active here, nothing runs and nothing is queued (recurring monitors aside). */
    synchronized boolean idle() {
        return pending.isEmpty() && running.isEmpty() && queued.values().stream().allMatch(Deque::isEmpty)
                && states.snapshot().values().stream().noneMatch(ResourceState::isActive);
    }

    /** Active resources, in the order in which they became active here (first started first). */
    synchronized List<String> activationOrder() {
        return new ArrayList<>(activeOrder);
    }

    /**
     * The lease is back or gone. At loss: queued operations (other than stops) are cancelled,
     * recurring monitors end, notifications and monitors still running are interrupted, and everything active is stopped in reverse start order (see
     * {@link #stopAll}); a start or promote still running is stopped as soon as it completes.
     * Returns the stops, or null when the lease was not lost now.
     */
    CompletableFuture<List<OperationRecord>> setLeaseHeld(boolean held, String why) {
        List<Op> cancelled = new ArrayList<>();
        synchronized (this) {
            boolean lost = leaseHeld && !held;
            leaseHeld = held;
            if (!lost) {
                return null;
            }
            for (Deque<Op> q : queued.values()) {
                for (Iterator<Op> it = q.iterator(); it.hasNext();) {
                    Op op = it.next();
                    if (op.request.action() != AgentAction.STOP) {
                        op.cancelled = true;
                        it.remove();
                        cancelled.add(op);
                    }
                }
            }
            cancelRecurring(k -> true);
            // A notification or monitor still running would hold up its resource's stop, and the
            // stops after it, beyond the stop budget (a hung notify held every stop behind it):
            // they say nothing the stops need, so they end now.
            running.values().stream().filter(op -> op.request.action() == AgentAction.NOTIFY
                    || isRecurringMonitor(op.request)).forEach(op -> op.interrupt(why));
            monitorsRunning.values().forEach(op -> op.interrupt(why));
        }
        for (Op op : cancelled) {
            Instant now = clock.instant();
            OperationRecord r = OperationRecord.of(node, op.request.resource(), op.request.action(),
                    op.request.interval(), now, now, ExecStatus.CANCELLED, OcfStatus.ERR_GENERIC,
                    "cancelled before it ran: " + why);
            LOG.warning(() -> "cancelled " + op.request + ": " + why);
            addHistory(r);
            listener.completed(r, op.request, false);
            op.done.complete(r);
        }
        return stopAll(why);
    }

    synchronized boolean leaseHeld() {
        return leaseHeld;
    }

    /** This node is shutting down: from now on it starts and promotes nothing. */
    synchronized void setLeaving(boolean leaving) {
        this.leaving = leaving;
    }

    /**
     * Stops every resource this node runs, on its own initiative, in the reverse of the order
     * in which they became active here (that order followed the groups, orders and colocations
     * the DC planned by), one after the other, each stop waiting for the previous one. A start
     * or promote still running is the newest activity: its resource is stopped first, after it
     * completes. Agent, parameters and stop timeout come from {@link #setStopTemplates}, else
     * from the last request for the resource.
     */
    CompletableFuture<List<OperationRecord>> stopAll(String why) {
        List<String> order;
        synchronized (this) {
            LinkedHashSet<String> seq = new LinkedHashSet<>();
            running.forEach((rsc, op) -> {
                if (activates(op.request.action())) {
                    seq.add(rsc);
                }
            });
            states.snapshot().forEach((rsc, s) -> {
                if (s.isActive() && !activeOrder.contains(rsc)) {
                    seq.add(rsc); // active in an order not known here (found so by a probe)
                }
            });
            List<String> reverse = new ArrayList<>(activeOrder);
            Collections.reverse(reverse);
            seq.addAll(reverse);
            order = new ArrayList<>(seq);
        }
        if (!order.isEmpty()) {
            LOG.warning(() -> "stopping " + order + " in this order: " + why);
        }
        List<OperationRecord> results = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String rsc : order) {
            chain = chain.thenCompose(x -> stopOne(rsc, why)).thenAccept(r -> {
                if (r != null) {
                    results.add(r);
                }
            });
        }
        return chain.thenApply(x -> List.copyOf(results));
    }

    /**
     * Stops one resource on the executor's own initiative, unless nothing is (or is about to
     * be) active there; a stop already queued or running is waited for instead. Completes with
     * null when there was nothing to do.
     */
    private CompletableFuture<OperationRecord> stopOne(String rsc, String why) {
        ActionRequest template;
        synchronized (this) {
            Op run = running.get(rsc);
            if (run != null && run.request.action() == AgentAction.STOP) {
                return run.done;
            }
            Deque<Op> q = queued.get(rsc);
            if (q != null) {
                for (Op op : q) {
                    if (op.request.action() == AgentAction.STOP) {
                        return op.done;
                    }
                }
            }
            boolean starting = run != null && activates(run.request.action());
            if (!starting && !states.get(rsc).isActive()) {
                return CompletableFuture.completedFuture(null);
            }
            // The agent and parameters it runs with are those of its last request (a changed
            // configuration may name another address); the stop timeout is the configured one.
            ActionRequest configured = stopTemplates.apply(rsc);
            ActionRequest last = lastRequest.get(rsc);
            if (last != null) {
                Duration timeout = configured != null ? configured.timeout()
                        : last.timeout().compareTo(DEFAULT_SELF_STOP_TIMEOUT) > 0 ? last.timeout()
                        : DEFAULT_SELF_STOP_TIMEOUT;
                template = ActionRequest.of("t", rsc, last.agent(), AgentAction.STOP, Duration.ZERO, timeout,
                        last.params());
            } else {
                template = configured;
            }
        }
        if (template == null) {
            LOG.severe(() -> "cannot stop " + rsc + " (" + why + "): neither the configuration nor a request "
                    + "names its agent");
            return CompletableFuture.completedFuture(null);
        }
        LOG.warning(() -> "stopping " + rsc + ": " + why);
        return submit(ActionRequest.of(SELF_PREFIX + "stop-" + rsc + "-" + selfIds.incrementAndGet(), rsc,
                template.agent(), AgentAction.STOP, Duration.ZERO, template.timeout(), template.params()));
    }

    /** A probe on the executor's own initiative (after a start without quorum). */
    CompletableFuture<OperationRecord> probe(String rsc, String agent, Duration timeout, Map<String, String> params) {
        return submit(ActionRequest.of(SELF_PREFIX + "probe-" + rsc + "-" + selfIds.incrementAndGet(), rsc, agent,
                AgentAction.MONITOR, Duration.ZERO, timeout, params));
    }

    /** An agent appeared: resources that lacked it are to be probed again. Returns true if any. */
    boolean agentInstalled(Predicate<String> matchesAgent) {
        synchronized (agentSignal) {
            agentSignal.notifyAll(); // probes waiting for their agent
        }
        synchronized (this) {
            List<String> resources = new ArrayList<>();
            lastRequest.forEach((rsc, request) -> {
                if (matchesAgent.test(request.agent())) {
                    resources.add(rsc);
                }
            });
            return states.agentInstalled(resources);
        }
    }

    synchronized void cleanup(String resource) {
        states.cleanup(resource);
    }

    /** Stops every recurring monitor and lane; operations in flight are interrupted. */
    void shutdown() {
        synchronized (this) {
            cancelRecurring(k -> true);
        }
        lanes.values().forEach(ExecutorService::shutdownNow);
    }

    /** True while a recurring monitor is scheduled for the resource. */
    boolean isMonitoring(String resource) {
        return recurring.keySet().stream().anyMatch(k -> k.resource().equals(resource));
    }

    /** The recurring monitors scheduled now. */
    Set<MonitorKey> recurringMonitors() {
        return Set.copyOf(recurring.keySet());
    }
}
