package dev.vigil.simulation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One node process's event queue: what would run on its membership event thread, its controller
 * thread and its resources' lanes runs here, in order, when the simulation says so. One queue
 * for all of them is one legal interleaving of those threads.
 */
final class TaskQueue implements Executor {
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private final Consumer<Throwable> failures;

    TaskQueue(Consumer<Throwable> failures) {
        this.failures = failures;
    }

    @Override
    public void execute(Runnable task) {
        tasks.addLast(task);
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** Runs the first queued task; false when there was none. */
    boolean runOne() {
        Runnable r = tasks.pollFirst();
        if (r == null) {
            return false;
        }
        try {
            r.run();
        } catch (RuntimeException | Error e) {
            failures.accept(e);
        }
        return true;
    }

    void clear() {
        tasks.clear();
    }

    /** A resource's lane: its tasks go to this queue (one at a time, in order, by construction). */
    ExecutorService lane(String resource) {
        return new AbstractExecutorService() {
            private boolean shutdown;

            @Override
            public void execute(Runnable command) {
                if (shutdown) {
                    throw new RejectedExecutionException("the lane of " + resource + " is shut down");
                }
                TaskQueue.this.execute(command);
            }

            @Override
            public void shutdown() {
                shutdown = true;
            }

            @Override
            public List<Runnable> shutdownNow() {
                shutdown = true;
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
                return shutdown;
            }
        };
    }

    /** Runs every task at once on the caller's thread: agent calls complete before submit returns. */
    static ExecutorService direct() {
        return new AbstractExecutorService() {
            @Override
            public void execute(Runnable command) {
                command.run();
            }

            @Override
            public void shutdown() {
            }

            @Override
            public List<Runnable> shutdownNow() {
                return new ArrayList<>();
            }

            @Override
            public boolean isShutdown() {
                return false;
            }

            @Override
            public boolean isTerminated() {
                return false;
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) {
                return true;
            }
        };
    }
}
