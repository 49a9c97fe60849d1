package dev.vigil.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDeviceState;
import dev.vigil.fence.FenceEvent;
import dev.vigil.fence.Fencer;

/**
 * The fencer of a simulated cluster: one power switch for every machine, shared by all nodes'
 * controllers. A fence that takes power away acts {@link #FENCE_TIME} after it was asked (plus
 * any requested delay): the target machine powers off (its services stop, its process dies)
 * and boots again later; the request then completes, on the asking node's event queue. The
 * history is the cluster's, as the real fencer shares it.
 */
final class SimPowerSwitch implements Fencer {
    /** How long the switch takes to act. */
    static final Duration FENCE_TIME = Duration.ofMillis(300);

    private record Pending(String id, String target, FenceAction action, String origin, String reason,
            Instant requested, Instant due, CompletableFuture<FenceEvent> done) {
    }

    private final SimCluster cluster;
    private final List<Pending> pending = new ArrayList<>();
    private final List<FenceEvent> history = new ArrayList<>();
    private long ids;

    SimPowerSwitch(SimCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public CompletionStage<FenceEvent> fence(String target, FenceAction action, String origin, String reason,
            Duration delay) {
        for (Pending p : pending) {
            if (p.target().equals(target) && p.action() == action) {
                return p.done(); // joins the operation in progress, as the real fencer does
            }
        }
        Instant now = cluster.clock.instant();
        Pending p = new Pending("sim-" + (++ids), target, action, origin, reason, now,
                now.plus(delay).plus(action.removesPower() ? FENCE_TIME : Duration.ZERO), new CompletableFuture<>());
        pending.add(p);
        cluster.trace.event(origin, "FENCE " + action.agentName() + " of " + target + " asked: " + reason);
        return p.done();
    }

    /** Carries out the fences due by now (called by the cluster at every step). */
    void step(Instant now) {
        for (Iterator<Pending> i = pending.iterator(); i.hasNext();) {
            Pending p = i.next();
            if (now.isBefore(p.due())) {
                continue;
            }
            i.remove();
            if (p.action().removesPower()) {
                cluster.powerOff(p.target());
            }
            FenceEvent e = FenceEvent.of(p.id(), p.target(), p.action(), p.origin(), "switch", "sim-switch",
                    FenceEvent.State.SUCCEEDED, p.requested(), now, p.reason());
            history.add(e);
            p.done().complete(e);
        }
    }

    @Override
    public List<FenceEvent> history() {
        return new ArrayList<>(history);
    }

    @Override
    public List<FenceDeviceState> devices() {
        return List.of(FenceDeviceState.of("fence-sim", "fence_sim", cluster.names, true, ""));
    }
}
