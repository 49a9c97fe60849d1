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
 * and boots again later. Like a real switch it is not perfect: one fence in five fails (nothing
 * happens), and the answer comes up to 3 s after the power went off, so often after the target
 * has booted and rejoined as a new process. The request then completes, on the asking node's
 * event queue. The history is the cluster's, as the real fencer shares it.
 */
final class SimPowerSwitch implements Fencer {
    /** How long the switch takes to act. */
    static final Duration FENCE_TIME = Duration.ofMillis(300);

    private record Pending(String id, String target, FenceAction action, String origin, String reason,
            Instant requested, Instant due, boolean fails, Duration answerAfter, CompletableFuture<FenceEvent> done) {
    }

    /** A fence that acted, waiting to be answered. */
    private record Answer(Instant due, FenceEvent event, CompletableFuture<FenceEvent> done) {
    }

    private final SimCluster cluster;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Answer> answers = new ArrayList<>();
    private final List<FenceEvent> history = new ArrayList<>();
    private final java.util.Random random;
    private long ids;

    SimPowerSwitch(SimCluster cluster, long seed) {
        this.cluster = cluster;
        this.random = new java.util.Random(seed * 31 + 7);
    }

    @Override
    public CompletionStage<FenceEvent> fence(String target, FenceAction action, String origin, String reason,
            Duration delay) {
        for (Pending p : pending) {
            if (p.target().equals(target) && p.action() == action) {
                return p.done(); // joins the operation in progress, as the real fencer does
            }
        }
        for (Answer a : answers) {
            if (a.event().target().equals(target) && a.event().action() == action) {
                return a.done(); // acted already, the answer is on its way
            }
        }
        Instant now = cluster.clock.instant();
        Pending p = new Pending("sim-" + (++ids), target, action, origin, reason, now,
                now.plus(delay).plus(action.removesPower() ? FENCE_TIME : Duration.ZERO), random.nextInt(5) == 0,
                Duration.ofMillis(random.nextInt(3000)), new CompletableFuture<>());
        pending.add(p);
        cluster.trace.event(origin, "FENCE " + action.agentName() + " of " + target + " asked: " + reason);
        return p.done();
    }

    /** Carries out the fences due by now, and answers those whose answer is due (called at every step). */
    void step(Instant now) {
        for (Iterator<Pending> i = pending.iterator(); i.hasNext();) {
            Pending p = i.next();
            if (now.isBefore(p.due())) {
                continue;
            }
            i.remove();
            if (p.action().removesPower() && !p.fails()) {
                cluster.powerOff(p.target());
            }
            FenceEvent e = FenceEvent.of(p.id(), p.target(), p.action(), p.origin(), "switch", "sim-switch",
                    p.fails() ? FenceEvent.State.FAILED : FenceEvent.State.SUCCEEDED, p.requested(), now,
                    p.fails() ? "the switch did not answer" : p.reason());
            answers.add(new Answer(now.plus(p.answerAfter()), e, p.done()));
        }
        for (Iterator<Answer> i = answers.iterator(); i.hasNext();) {
            Answer a = i.next();
            if (!now.isBefore(a.due())) {
                i.remove();
                history.add(a.event());
                cluster.trace.event("-", "FENCE answered: " + a.event());
                a.done().complete(a.event());
            }
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
