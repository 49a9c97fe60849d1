package dev.vigil.controller.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDeviceState;
import dev.vigil.fence.FenceEvent;
import dev.vigil.fence.Fencer;

/** A fencer that records what it is asked and ends each fence when the test says so. */
final class FakeFencer implements Fencer {
    /** One request: what was asked and the stage the test completes. */
    record Request(String target, FenceAction action, String origin, String reason,
            CompletableFuture<FenceEvent> done) {
        @Override
        public String toString() {
            return action.agentName() + " " + target + " by " + origin + ": " + reason;
        }
    }

    private final Clock clock;
    final List<Request> requests = new ArrayList<>();
    /** What {@link #history()} answers: the test adds fences done by others. */
    final List<FenceEvent> history = new ArrayList<>();

    /** @param clock stamps the events (the fixture's clock) */
    FakeFencer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<FenceEvent> fence(String target, FenceAction action, String origin, String reason,
            java.time.Duration delay) {
        Request r = new Request(target, action, origin, reason, new CompletableFuture<>());
        requests.add(r);
        return r.done;
    }

    /** Ends the latest request: the device fenced (true) or every way to fence failed (false). */
    void finish(boolean succeeded, String why) {
        Request r = requests.get(requests.size() - 1);
        r.done.complete(FenceEvent.of("op" + requests.size(), r.target, r.action, r.origin, "n2", "f1",
                succeeded ? FenceEvent.State.SUCCEEDED : FenceEvent.State.FAILED, clock.instant(), clock.instant(),
                why));
    }

    @Override
    public List<FenceEvent> history() {
        return List.copyOf(history);
    }

    @Override
    public List<FenceDeviceState> devices() {
        return List.of();
    }
}
