package dev.vigil.executor.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.OperationRecord;

/**
 * A clean shutdown, as Pacemaker's: the node announces that it is leaving, the DC stops or
 * moves everything that runs here, and the node waits until nothing is active or pending here,
 * at most {@code shutdown-escalation}. When no DC can do it (no quorum, no lease, no DC), or
 * the escalation expires, the node stops everything itself, in reverse start order, before it
 * goes. Resources live outside the JVM: exiting stops nothing.
 */
public final class ShutdownHandover {
    private static final Logger LOG = Logger.getLogger(ShutdownHandover.class.getName());
    /** How long a view without a DC is tolerated while the DC role moves (a leaving DC hands it over). */
    static final Duration NO_DC_GRACE = Duration.ofSeconds(2);
    /**
     * How long the cluster may take to show this node as leaving; a membership that does not
     * (an older one) would leave this node waiting for a handover that never comes.
     */
    static final Duration ACK_GRACE = Duration.ofSeconds(10);

    /** How the shutdown ended. */
    public enum Outcome {
        /** The DC stopped or moved everything: nothing ran here any more. */
        HANDED_OVER,
        /** This node stopped its resources itself (no quorum, lease or DC, or the escalation expired). */
        STOPPED_ITSELF
    }

    private final ResourceExecutor executor;
    private final Supplier<MembershipView> view;
    private final Consumer<Boolean> announceLeaving;
    private final Supplier<Duration> escalationSetting;
    private final Duration noDcGrace;
    private final Duration ackGrace;
    private final LongSupplier nanoTime;
    private final Object changed = new Object();
    /** Set once the handover has begun; guarded by this, as is the state below. */
    private CompletableFuture<Outcome> result;
    private Duration escalation;
    private long start;
    private Long noDcSince;
    /** The stops this node makes itself, once it has given up waiting for the DC; else null. */
    private CompletableFuture<List<OperationRecord>> stops;

    ShutdownHandover(ResourceExecutor executor, Supplier<MembershipView> view, Consumer<Boolean> announceLeaving,
            Supplier<Duration> escalation, Duration noDcGrace, Duration ackGrace) {
        this(executor, view, announceLeaving, escalation, noDcGrace, ackGrace, System::nanoTime);
    }

    /** @param nanoTime the monotonic time the waits are measured in (a fake clock in simulations) */
    ShutdownHandover(ResourceExecutor executor, Supplier<MembershipView> view, Consumer<Boolean> announceLeaving,
            Supplier<Duration> escalation, Duration noDcGrace, Duration ackGrace, LongSupplier nanoTime) {
        this.ackGrace = ackGrace;
        this.executor = executor;
        this.view = view;
        this.announceLeaving = announceLeaving;
        this.escalationSetting = escalation;
        this.noDcGrace = noDcGrace;
        this.nanoTime = nanoTime;
    }

    /** A view arrived or an operation completed: the wait looks again. */
    void changed() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Hands over and blocks until done; a second caller waits for the first one's outcome. */
    Outcome run() {
        begin();
        synchronized (changed) {
            while (true) {
                Outcome o = poll();
                if (o != null) {
                    return o;
                }
                if (stopping()) {
                    break;
                }
                try {
                    changed.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(nextLookNanos()), 1000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopItself("interrupted while waiting for the DC");
                    break;
                }
            }
        }
        CompletableFuture<List<OperationRecord>> s;
        synchronized (this) {
            s = stops;
        }
        try {
            s.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (this) {
                result.complete(Outcome.STOPPED_ITSELF); // the stops go on; this caller waits no longer
            }
        } catch (ExecutionException e) {
            // poll logs it
        }
        return poll();
    }

    /**
     * Begins the handover without waiting (a second call does nothing): from now on this node
     * starts and promotes nothing, and it tells the cluster that it is leaving. {@link #poll}
     * then says when it is over.
     */
    synchronized void begin() {
        if (result != null) {
            return;
        }
        result = new CompletableFuture<>();
        escalation = escalationSetting.get();
        executor.setLeaving(true);
        announceLeaving.accept(true);
        start = nanoTime.getAsLong();
        Duration e = escalation;
        LOG.info(() -> "shutting down: asked the DC to stop or move everything here (shutdown-escalation "
                + e + ")");
    }

    /**
     * Looks once, without waiting: the outcome when the handover is over (nothing runs here any
     * more, or this node has stopped everything itself), else null. When it finds that no DC
     * can take over (no quorum, lease or DC, or the escalation expired) it begins the stops
     * itself; the outcome comes once they are done.
     */
    synchronized Outcome poll() {
        if (result == null) {
            throw new IllegalStateException("the handover has not begun");
        }
        if (result.isDone()) {
            return result.join();
        }
        if (stops == null) {
            String why = look();
            if (why == null) {
                return null;
            }
            if (why.isEmpty()) {
                LOG.info("shutdown: nothing runs here any more; leaving");
                result.complete(Outcome.HANDED_OVER);
                return Outcome.HANDED_OVER;
            }
            stopItself(why);
        }
        if (!stops.isDone()) {
            return null;
        }
        try {
            stops.join().stream().filter(OperationRecord::isFailure)
                    .forEach(r -> LOG.severe(() -> "shutdown: stop failed, " + r.resource() + " may still run: " + r));
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            LOG.severe(() -> "shutdown: stopping failed: " + e.getCause());
        }
        result.complete(Outcome.STOPPED_ITSELF);
        return Outcome.STOPPED_ITSELF;
    }

    /** True once this node has given up waiting for the DC and stops everything itself. */
    synchronized boolean stopping() {
        return stops != null;
    }

    /** Why this node must stop everything itself now; "" when nothing runs here any more; null to wait on. */
    private String look() {
        if (executor.idle()) {
            return "";
        }
        MembershipView v = view.get();
        long now = nanoTime.getAsLong();
        if (v == null || !v.quorate()) {
            return "shutting down without quorum: no DC can move this node's resources";
        }
        if (!v.leaseHeld()) {
            return "shutting down without a lease: the majority may start this node's resources elsewhere";
        }
        if (v.dc() == null) {
            noDcSince = noDcSince == null ? now : noDcSince;
            if (now - noDcSince >= noDcGrace.toNanos()) {
                return "shutting down with no DC to move this node's resources";
            }
        } else {
            noDcSince = null;
        }
        if (!v.leaving().contains(v.localNode()) && now - start >= ackGrace.toNanos()) {
            return "the cluster did not show this node as leaving within " + ackGrace.toMillis() + " ms";
        }
        if (now - (start + escalation.toNanos()) >= 0) {
            return "shutdown-escalation (" + escalation + ") expired before the DC stopped everything here";
        }
        return null;
    }

    /** How long the next look may wait at most (a view or a completed operation also wakes it). */
    private synchronized long nextLookNanos() {
        long now = nanoTime.getAsLong();
        long wait = start + escalation.toNanos() - now;
        if (noDcSince != null) {
            wait = Math.min(wait, noDcSince + noDcGrace.toNanos() - now);
        }
        MembershipView v = view.get();
        if (v == null || !v.leaving().contains(v.localNode())) {
            wait = Math.min(wait, start + ackGrace.toNanos() - now);
        }
        return wait;
    }

    private synchronized void stopItself(String why) {
        if (stops != null) {
            return;
        }
        LOG.warning(() -> why + ": stopping everything here in reverse start order");
        stops = executor.stopAll(why);
    }

    /** Waits for the outcome of a handover that is under way (for tests). */
    Outcome awaitOutcome(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Outcome> r;
        synchronized (this) {
            r = result;
        }
        return r == null ? null : r.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
