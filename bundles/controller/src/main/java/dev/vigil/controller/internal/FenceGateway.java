package dev.vigil.controller.internal;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.vigil.fence.FenceEvent;
import dev.vigil.fence.Fencer;

/**
 * How the controller reaches the fencer: the live one through the optional {@link Fencer}
 * service, tests through a fake.
 *
 * @param fencer the fencer running now, or null when none runs
 * @param events runs a fence's completion on the controller's event thread; must not run it
 *        inline (the fencer completes on its own threads, the controller is confined to one)
 * @param journal receives every fence the controller asked for, once it ended
 */
public record FenceGateway(Supplier<Fencer> fencer, Executor events, Consumer<FenceEvent> journal) {
    /** No fencer at all: every fence fails at once (a cluster that does not configure fencing never asks). */
    public static FenceGateway none() {
        return new FenceGateway(() -> null, Runnable::run, e -> { });
    }
}
