package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Work on the items of a list that are independent of each other, on two cores when there is
 * enough of it: the later half (by weight) on a thread of its own while the calling thread does
 * the first, each with a worker of its own (a worker may keep state from one item to the next,
 * such as values to share). The results come back in the list's order, so the caller sees what
 * one thread would have given; and so does a failure: the first half's before the second's.
 */
public final class TwoThreads {
    private TwoThreads() {
    }

    /**
     * The results of {@code workers}' functions on {@code items}, in order; on one thread when the
     * total weight is below {@code minWeight} or there is one processor.
     */
    public static <T, R> List<R> map(List<T> items, ToIntFunction<T> weight, long minWeight,
            Supplier<Function<T, R>> workers) {
        long total = 0;
        for (T item : items) {
            total += weight.applyAsInt(item);
        }
        if (items.size() < 2 || total < minWeight || Runtime.getRuntime().availableProcessors() < 2) {
            return apply(workers.get(), items);
        }
        int split = 0;
        long first = 0;
        while (split < items.size() - 1 && first * 2 < total) {
            first += weight.applyAsInt(items.get(split++));
        }
        split = Math.max(split, 1);
        List<T> later = items.subList(split, items.size());
        Object[] laterResults = new Object[1];
        Throwable[] laterFailure = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                laterResults[0] = apply(workers.get(), later);
            } catch (RuntimeException | Error e) {
                laterFailure[0] = e;
            }
        }, "two-threads");
        other.setDaemon(true);
        other.start();
        List<R> out;
        try {
            out = apply(workers.get(), items.subList(0, split));
        } finally {
            joinUninterruptibly(other);
        }
        if (laterFailure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (laterFailure[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        List<R> rest = (List<R>) laterResults[0];
        out.addAll(rest);
        return out;
    }

    private static <T, R> List<R> apply(Function<T, R> f, List<T> items) {
        List<R> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(f.apply(item));
        }
        return out;
    }

    /** Waits for the thread to end; an interrupt meanwhile is kept for the caller to see. */
    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
