package dev.vigil.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The lifecycle every executor of the simulation shares: no threads to wait for, so shutting
 * down is a flag; {@link #onShutdownNow()} drops what was queued.
 */
abstract class SimExecutorService extends AbstractExecutorService {
    private boolean shutdown;

    /** Called by {@link #shutdownNow()}: forget queued tasks. */
    void onShutdownNow() {
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        onShutdownNow();
        return new ArrayList<>();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
