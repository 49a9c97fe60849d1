package dev.vigil.executor.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
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
import java.util.function.Function;
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
import dev.vigil.model.ResourceState;

/**
 * Runs agent operations: one at a time per resource (each resource has its own lane), each
 * with a deadline after which it is recorded as timed out and its thread interrupted;
 * recurring monitors are scheduled per resource and queue in the resource's lane like any
 * other operation. Every completed operation goes to the history, the state table and the
 * listener.
 */
final class ResourceExecutor {
    private static final Logger LOG = Logger.getLogger(ResourceExecutor.class.getName());
    private static final int HISTORY_LIMIT = 1000;

    /** A completed operation, and the request it answers (null for a recurring monitor's run). */
    interface Listener {
        void completed(OperationRecord record, ActionRequest answering, boolean stateChanged);

        /** A requested operation is about to run: its outcome is unknown until it completes. */
        default void starting(ActionRequest request) {
        }
    }

    private final String node;
    private final AgentContext context;
    private final Function<String, ResourceAgent> agents;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final Clock clock;
    private final Listener listener;
    private final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> recurring = new ConcurrentHashMap<>();
    private final StateTable states = new StateTable();
    private final Deque<OperationRecord> history = new ArrayDeque<>();
    /** The last request for each resource: what a stop on our own initiative needs (agent, parameters). */
    private final Map<String, ActionRequest> lastRequest = new ConcurrentHashMap<>();
    /** Requested operations running now, by resource. */
    private final Map<String, String> pending = new ConcurrentHashMap<>();

    ResourceExecutor(String node, AgentContext context, Function<String, ResourceAgent> agents,
            ScheduledExecutorService scheduler, ExecutorService workers, Clock clock, Listener listener) {
        this.node = node;
        this.context = context;
        this.agents = agents;
        this.scheduler = scheduler;
        this.workers = workers;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Queues a requested operation in its resource's lane. A monitor with an interval sets up
     * the recurring monitor (replacing any other) and completes with its first run; a stop
     * first cancels the resource's recurring monitor.
     */
    CompletableFuture<OperationRecord> submit(ActionRequest request) {
        if (request.action() == AgentAction.STOP || request.action() == AgentAction.MONITOR
                && !request.interval().isZero()) {
            cancelRecurring(request.resource());
        }
        lastRequest.put(request.resource(), request);
        CompletableFuture<OperationRecord> done = new CompletableFuture<>();
        lane(request.resource()).execute(() -> {
            boolean reportsPending = request.action() != AgentAction.MONITOR;
            if (reportsPending) {
                pending.put(request.resource(), request.action().ocfName());
                listener.starting(request);
            }
            OperationRecord r = run(request);
            boolean changed = record(r);
            if (reportsPending) {
                pending.remove(request.resource());
            }
            if (request.action() == AgentAction.MONITOR && !request.interval().isZero()) {
                scheduleRecurring(request);
            }
            listener.completed(r, request, changed);
            done.complete(r);
        });
        return done;
    }

    private void scheduleRecurring(ActionRequest request) {
        long ms = request.interval().toMillis();
        ScheduledFuture<?> f = scheduler.scheduleWithFixedDelay(
                () -> lane(request.resource()).execute(() -> runRecurring(request)), ms, ms, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> old = recurring.put(request.resource(), f);
        if (old != null) {
            old.cancel(false);
        }
    }

    private void runRecurring(ActionRequest request) {
        ScheduledFuture<?> current = recurring.get(request.resource());
        if (current == null || current.isCancelled()) {
            return; // cancelled (by a stop) while queued
        }
        OperationRecord r = run(request);
        boolean changed = record(r);
        if (changed || r.isFailure()) {
            listener.completed(r, null, changed);
        }
    }

    private void cancelRecurring(String resource) {
        ScheduledFuture<?> f = recurring.remove(resource);
        if (f != null) {
            f.cancel(false);
        }
    }

    private ExecutorService lane(String resource) {
        return lanes.computeIfAbsent(resource, r -> {
            ThreadPoolExecutor lane = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    t -> {
                        Thread th = new Thread(t, "vigil-lane-" + r);
                        th.setDaemon(true);
                        return th;
                    });
            return lane;
        });
    }

    private OperationRecord run(ActionRequest request) {
        Instant started = clock.instant();
        ResourceAgent agent = agents.apply(request.agent());
        if (agent == null) {
            return record(request, started, ExecStatus.NOT_INSTALLED, OcfStatus.ERR_INSTALLED,
                    "agent " + request.agent() + " is not installed on " + node);
        }
        AgentRequest call = AgentRequest.builder(request.resource(), request.action(), context)
                .parameters(request.params()).interval(request.interval()).timeout(request.timeout()).build();
        Future<AgentResult> f = workers.submit(() -> ResourceAgent.perform(agent, call));
        try {
            AgentResult result = f.get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (result == null) {
                return record(request, started, ExecStatus.ERROR, OcfStatus.ERR_GENERIC, "agent returned no result");
            }
            return record(request, started, ExecStatus.DONE, result.status(), result.reason())
                    .withPromotionScore(result.promotionScore());
        } catch (TimeoutException e) {
            f.cancel(true);
            return record(request, started, ExecStatus.TIMEOUT, OcfStatus.ERR_GENERIC,
                    "no answer within " + request.timeout().toMillis() + " ms");
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

    private OperationRecord record(ActionRequest q, Instant started, ExecStatus exec, OcfStatus rc, String reason) {
        return OperationRecord.of(node, q.resource(), q.action(), q.interval(), started, clock.instant(), exec, rc,
                reason);
    }

    private synchronized boolean record(OperationRecord r) {
        history.addLast(r);
        while (history.size() > HISTORY_LIMIT) {
            history.removeFirst();
        }
        return states.apply(r);
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

    /**
     * Stops every resource this node runs, on its own initiative (the lease was lost): the same
     * agent and parameters as its last request, the stop queued behind whatever it is doing.
     */
    List<CompletableFuture<OperationRecord>> stopAll(String why) {
        List<CompletableFuture<OperationRecord>> stops = new ArrayList<>();
        Map<String, ResourceState> now = states();
        for (Map.Entry<String, ResourceState> e : now.entrySet()) {
            ActionRequest last = lastRequest.get(e.getKey());
            if (e.getValue().isActive() && last != null) {
                LOG.warning(() -> "stopping " + e.getKey() + ": " + why);
                stops.add(submit(ActionRequest.of("self-" + System.nanoTime(), last.resource(), last.agent(),
                        AgentAction.STOP, java.time.Duration.ZERO, last.timeout(), last.params())));
            }
        }
        return stops;
    }

    /** An agent appeared: resources that lacked it are to be probed again. Returns true if any. */
    synchronized boolean agentInstalled(java.util.function.Predicate<String> matchesAgent) {
        java.util.List<String> resources = new ArrayList<>();
        lastRequest.forEach((rsc, request) -> {
            if (matchesAgent.test(request.agent())) {
                resources.add(rsc);
            }
        });
        return states.agentInstalled(resources);
    }

    synchronized void cleanup(String resource) {
        states.cleanup(resource);
    }

    /** Stops every recurring monitor and lane; operations in flight are interrupted. */
    void shutdown() {
        recurring.values().forEach(f -> f.cancel(false));
        recurring.clear();
        lanes.values().forEach(ExecutorService::shutdownNow);
    }

    /** True while a recurring monitor is scheduled for the resource. */
    boolean isMonitoring(String resource) {
        return recurring.containsKey(resource);
    }
}
