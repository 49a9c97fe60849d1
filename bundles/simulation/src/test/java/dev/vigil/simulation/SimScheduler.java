package dev.vigil.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A scheduled executor that runs nothing by itself: {@link #runDue()} runs, on the caller's
 * thread, every task whose time on the fake clock has come, in order of due time and then of
 * scheduling. Periodic tasks are scheduled again after each run.
 */
final class SimScheduler extends SimExecutorService implements ScheduledExecutorService {
    private final Clock clock;
    private final Consumer<Throwable> failures;
    private final PriorityQueue<Task<?>> tasks = new PriorityQueue<>();
    private long sequence;

    SimScheduler(Clock clock, Consumer<Throwable> failures) {
        this.clock = clock;
        this.failures = failures;
    }

    /** Runs every task due by now; returns whether any ran. */
    boolean runDue() {
        boolean any = false;
        Instant now = clock.instant();
        while (!isShutdown() && !tasks.isEmpty() && !tasks.peek().due.isAfter(now)) {
            Task<?> t = tasks.poll();
            if (t.cancelled) {
                continue;
            }
            any = true;
            t.runOnce();
            if (t.period != null && !t.cancelled && !isShutdown()) {
                t.due = t.fixedRate ? t.due.plus(t.period) : now.plus(t.period);
                t.seq = sequence++;
                tasks.add(t);
            }
        }
        return any;
    }

    private <V> Task<V> add(Callable<V> body, long delay, TimeUnit unit, Duration period, boolean fixedRate) {
        Task<V> t = new Task<>(body, clock.instant().plus(Duration.ofNanos(unit.toNanos(delay))), period, fixedRate,
                sequence++);
        if (!isShutdown()) {
            tasks.add(t);
        }
        return t;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(Executors.callable(command), delay, unit, null, false);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(callable, delay, unit, null, false);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(Executors.callable(command), initialDelay, unit, Duration.ofNanos(unit.toNanos(period)), true);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return add(Executors.callable(command), initialDelay, unit, Duration.ofNanos(unit.toNanos(delay)), false);
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    void onShutdownNow() {
        tasks.clear();
    }

    private final class Task<V> implements ScheduledFuture<V> {
        final Callable<V> body;
        final Duration period;
        final boolean fixedRate;
        Instant due;
        long seq;
        boolean cancelled;
        boolean done;
        V result;

        Task(Callable<V> body, Instant due, Duration period, boolean fixedRate, long seq) {
            this.body = body;
            this.due = due;
            this.period = period;
            this.fixedRate = fixedRate;
            this.seq = seq;
        }

        void runOnce() {
            try {
                result = body.call();
            } catch (Exception | Error e) {
                failures.accept(e);
                cancelled = period != null; // as a ScheduledThreadPoolExecutor: a failed periodic task ends
            }
            done = period == null;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed o) {
            Task<?> t = (Task<?>) o;
            int c = due.compareTo(t.due);
            return c != 0 ? c : Long.compare(seq, t.seq);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            tasks.remove(this);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public V get() {
            if (!done) {
                throw new IllegalStateException("a simulated task cannot be waited for");
            }
            return result;
        }

        @Override
        public V get(long timeout, TimeUnit unit) {
            return get();
        }
    }
}
