package dev.vigil.simulation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
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
        return new SimExecutorService() {
            @Override
            public void execute(Runnable command) {
                if (isShutdown()) {
                    throw new RejectedExecutionException("the lane of " + resource + " is shut down");
                }
                TaskQueue.this.execute(command);
            }
        };
    }

    /** Runs every task at once on the caller's thread: agent calls complete before submit returns. */
    static ExecutorService direct() {
        return new SimExecutorService() {
            @Override
            public void execute(Runnable command) {
                command.run();
            }
        };
    }
}
