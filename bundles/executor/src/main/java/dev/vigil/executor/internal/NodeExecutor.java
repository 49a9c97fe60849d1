package dev.vigil.executor.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.agent.AgentContext;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.LrmUpdate;
import dev.vigil.cluster.Membership;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.cluster.Registration;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * The executor of one node without the framework: runs what the DC of its current view asks
 * (the {@link RequestGate}; it refuses, with an answer, what anyone else asks), reports every
 * state change to all members, follows the lease, applies no-quorum-policy=stop to leftovers
 * when it starts without quorum, and hands its resources over on a clean shutdown (see
 * {@link ShutdownHandover}). {@link ExecutorComponent} gives it threads, agents and a journal;
 * a simulation gives it a fake clock and deterministic executors.
 */
public final class NodeExecutor {
    /** Topic of a request to forget a resource's failures; the payload is the resource id. */
    public static final String CLEANUP_TOPIC = "lrm.cleanup";
    private static final Logger LOG = Logger.getLogger(NodeExecutor.class.getName());
    /** How often requests from a view newer than this node's are looked at again. */
    static final Duration HELD_REQUEST_CHECK = Duration.ofMillis(500);

    /** The executor's settings (see {@link ExecutorComponent.Config}). */
    public record Settings(Duration shutdownEscalation, Duration operationTimeoutGrace, Duration agentStartupWait,
            Duration startupQuorumWait) {
    }

    private final String node;
    private final Membership membership;
    private final Clock clock;
    private final Consumer<OperationRecord> journal;
    private final Supplier<ClusterConfig> config;
    private final ResourceExecutor executor;
    private final RequestGate gate = new RequestGate(RequestGate.DEFAULT_HOLD);
    private final ShutdownHandover handover;
    private final List<Registration> registrations;
    private volatile Duration escalation;
    private volatile MembershipView lastView;
    private volatile boolean quorumSeen;

    /**
     * @param agents the agent of an agent spec ({@code ocf:heartbeat:IPaddr2}), or null when none is installed
     * @param scheduler runs recurring monitors and this executor's timers
     * @param workers runs agent calls
     * @param lanes makes each resource's lane (one operation at a time, in order)
     * @param nanoTime monotonic time for the shutdown's waits
     * @param journal receives every completed or refused operation
     * @param config the cluster configuration, or null while none is known
     */
    public NodeExecutor(Membership membership, AgentContext context, Function<String, ResourceAgent> agents,
            ScheduledExecutorService scheduler, ExecutorService workers, Function<String, ExecutorService> lanes,
            Clock clock, LongSupplier nanoTime, Consumer<OperationRecord> journal, Supplier<ClusterConfig> config,
            Settings settings) {
        this.membership = membership;
        this.node = membership.localNode();
        this.clock = clock;
        this.journal = journal;
        this.config = config;
        this.escalation = settings.shutdownEscalation();
        this.executor = new ResourceExecutor(node, context, agents, scheduler, workers, lanes, clock,
                new ResourceExecutor.Listener() {
                    @Override
                    public void completed(OperationRecord record, ActionRequest answering, boolean changed) {
                        NodeExecutor.this.completed(record, answering);
                    }

                    @Override
                    public void starting(ActionRequest request) {
                        publish(null, null); // say it is pending: a new DC must not act on it meanwhile
                    }
                }, settings.operationTimeoutGrace(), settings.agentStartupWait());
        executor.setStartFailureIsFatal(() -> {
            ClusterConfig c = config.get();
            return c == null || ClusterConfig.isTrue(c.property("start-failure-is-fatal", "true"));
        });
        executor.setStopTemplates(rsc -> {
            ClusterConfig c = config.get();
            return c == null ? null : StartupCheck.stopTemplate(c, rsc);
        });
        this.handover = new ShutdownHandover(executor, () -> lastView, this::announceLeaving, () -> escalation,
                ShutdownHandover.NO_DC_GRACE, ShutdownHandover.ACK_GRACE, nanoTime);
        if (membership.view() != null && membership.view().leaving().contains(node)) {
            announceLeaving(false); // an earlier executor of this process handed over; this one serves again
        }
        this.registrations = List.of(
                membership.subscribe(ActionRequest.TOPIC, this::onRequest),
                membership.subscribe(CLEANUP_TOPIC, (from, payload) -> cleanup(new String(payload,
                        StandardCharsets.UTF_8))),
                membership.subscribe(LrmUpdate.QUERY_TOPIC, (from, payload) -> publish(payload.length == 0 ? null
                        : LrmUpdate.QUERY_ANSWER_PREFIX + new String(payload, StandardCharsets.UTF_8), null)),
                membership.subscribe(this::onView));
        long check = HELD_REQUEST_CHECK.toMillis();
        scheduler.scheduleWithFixedDelay(this::expireHeldRequests, check, check, TimeUnit.MILLISECONDS);
        scheduler.schedule(this::startupCheck, settings.startupQuorumWait().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onRequest(String from, byte[] payload) {
        ActionRequest request;
        try {
            request = ActionRequest.decode(payload);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "ignoring a malformed action request from " + from + ": " + e.getMessage());
            return;
        }
        RequestGate.Verdict v;
        synchronized (gate) {
            v = gate.offer(from, request, clock.instant());
        }
        if (v == null) {
            MembershipView view = lastView;
            LOG.info(() -> "holding " + request + " from " + from + " until this node's view (now "
                    + (view == null ? "none" : view.number()) + ") catches up");
            return;
        }
        obey(v);
    }

    /** Runs an accepted request, or answers a refused one at once (the DC decides again). */
    private void obey(RequestGate.Verdict v) {
        if (v.accepted()) {
            LOG.info(() -> "executing " + v.request() + " for " + v.from());
            executor.submit(v.request()); // a start without lease or while leaving is refused there
            return;
        }
        LOG.warning(() -> "refusing " + v.request() + " from " + v.from() + ": " + v.refusal());
        OperationRecord r = OperationRecord.refused(node, v.request(), clock.instant(), v.refusal());
        journal.accept(r);
        publish(v.request().id(), r);
    }

    private void expireHeldRequests() {
        List<RequestGate.Verdict> expired;
        synchronized (gate) {
            expired = gate.holding() ? gate.expire(clock.instant()) : List.of();
        }
        expired.forEach(this::obey);
    }

    private void completed(OperationRecord record, ActionRequest answering) {
        journal.accept(record);
        LOG.info(() -> "completed " + record);
        publish(answering == null || ResourceExecutor.isSelfInitiated(answering) ? null : answering.id(), record);
        handover.changed();
    }

    /** Synchronized: the snapshot and its sending are one step, so an older one is never sent last. */
    private synchronized void publish(String answering, OperationRecord record) {
        // The watchdog may be fed without a lease only when nothing runs here, and that is known
        // only once every configured resource has been probed (a restarted node may find leftovers).
        membership.setResourcesActive(!executor.idle() || !everythingProbed());
        membership.broadcast(LrmUpdate.TOPIC,
                LrmUpdate.of(executor.states(), answering, record, executor.pending()).encode());
    }

    /** Every configured primitive has a known state here (probed, started or stopped by us). */
    private boolean everythingProbed() {
        ClusterConfig c = config.get();
        if (c == null) {
            return false;
        }
        Map<String, ResourceState> states = executor.states();
        for (dev.vigil.model.Resource r : c.resources()) {
            ResourceState s = states.get(r.id());
            // AGENT_MISSING is recorded only after agent.startup.wait: it cannot run here, as
            // Pacemaker reads "not installed"; UNKNOWN (or no state) may still be a leftover.
            if (s == null || s.role() == ResourceRole.UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /** A new view may have a new DC that needs this node's state: report it again. */
    private void onView(MembershipView view) {
        MembershipView before = lastView;
        lastView = view;
        List<RequestGate.Verdict> decided;
        synchronized (gate) {
            decided = gate.onView(view);
        }
        if (!view.leaseHeld()) {
            executor.setLeaseHeld(false,
                    "lease lost: no majority heard within the lease; the majority may start it elsewhere");
        } else {
            executor.setLeaseHeld(true, null);
        }
        if (StartupCheck.quorate(view)) {
            quorumSeen = true;
        }
        decided.forEach(this::obey);
        handover.changed();
        if (before == null || !before.members().equals(view.members())
                || !before.incarnations().equals(view.incarnations())) {
            publish(null, null);
        }
    }

    /** No quorum since start: nobody will probe this node; probe and apply no-quorum-policy=stop. */
    private void startupCheck() {
        if (quorumSeen) {
            return;
        }
        ClusterConfig c = config.get();
        if (c == null) {
            LOG.warning("no quorum since start and no cluster configuration here: cannot probe for leftovers");
            return;
        }
        StartupCheck.run(executor, StartupCheck.probesFor(c, executor.states()), () -> lastView,
                c.property("no-quorum-policy", "stop")).whenComplete((stops, e) -> {
                    if (e != null) {
                        LOG.log(Level.WARNING, "startup check failed", e);
                    } else if (!stops.isEmpty()) {
                        LOG.warning(() -> "no quorum at startup: stopped " + stops);
                    }
                });
    }

    private void announceLeaving(boolean leaving) {
        try {
            membership.setLeaving(leaving);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot tell the cluster that this node is " + (leaving ? "" : "no longer ")
                    + "leaving", e);
        }
    }

    /** A changed shutdown-escalation setting. */
    public void setShutdownEscalation(Duration e) {
        if (!e.equals(escalation)) {
            LOG.info(() -> "shutdown-escalation is now " + e);
        }
        escalation = e;
    }

    /** A changed agent startup wait setting. */
    public void setAgentStartupWait(Duration wait) {
        executor.setAgentStartupWait(wait);
    }

    /** An agent appeared; {@code matchesAgent} tells the agent specs it serves. */
    public void agentInstalled(Predicate<String> matchesAgent) {
        if (executor.agentInstalled(matchesAgent)) {
            publish(null, null); // resources that lacked this agent get probed again
        }
    }

    /** A clean shutdown: hands this node's resources over (or stops them itself) and blocks until done. */
    public ShutdownHandover.Outcome shutDown(String why) {
        LOG.info(() -> "clean shutdown (" + why + "): handing over this node's resources");
        ShutdownHandover.Outcome o = handover.run();
        LOG.info(() -> "clean shutdown: " + o);
        return o;
    }

    /** Begins a clean shutdown without waiting; {@link #pollShutdown} says when it is over. */
    public void beginShutdown(String why) {
        LOG.info(() -> "clean shutdown (" + why + "): handing over this node's resources");
        handover.begin();
    }

    /** The outcome of a shutdown begun by {@link #beginShutdown} once it is over, else null. */
    public ShutdownHandover.Outcome pollShutdown() {
        return handover.poll();
    }

    /** Ends its subscriptions and lanes; operations in flight are interrupted. */
    public void close() {
        registrations.forEach(Registration::close);
        executor.shutdown();
    }

    public List<OperationRecord> history() {
        return executor.history();
    }

    public Map<String, ResourceState> states() {
        return executor.states();
    }

    /** Nothing is active here, nothing runs and nothing is queued. */
    public boolean idle() {
        return executor.idle();
    }

    public void cleanup(String resourceId) {
        executor.cleanup(resourceId);
        publish(null, null);
    }
}
