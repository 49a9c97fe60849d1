package dev.vigil.itests;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audit of "never two at once" on what really runs: asks who holds a resource (state files,
 * interfaces carrying an address) every few milliseconds, and records every sample with two or
 * more holders and how long such overlaps lasted in all.
 */
final class HolderSampler implements AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<String> overlaps = new ArrayList<>();
    private long overlapNanos;
    private long last = System.nanoTime();

    private HolderSampler(Duration period, Callable<Set<String>> holders) {
        executor.scheduleWithFixedDelay(() -> sample(holders), 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts sampling now. A sample that cannot be taken (a namespace being torn down) counts as none. */
    static HolderSampler every(Duration period, Callable<Set<String>> holders) {
        return new HolderSampler(period, holders);
    }

    private void sample(Callable<Set<String>> holders) {
        long now = System.nanoTime();
        try {
            Set<String> who = holders.call();
            if (who.size() > 1) {
                synchronized (this) {
                    overlaps.add(Instant.now() + " " + who);
                    overlapNanos += now - last;
                }
            }
        } catch (Exception e) {
            // not measurable at this instant
        }
        last = now;
    }

    /** Nodes where a dummy resource runs: its state file exists in the node's home. */
    static Set<String> dummyHolders(dev.vigil.distribution.LocalCluster cluster, String resource) {
        Set<String> out = new java.util.TreeSet<>();
        for (String n : cluster.nodes()) {
            if (java.nio.file.Files.exists(cluster.home(n).resolve("var/state/dummy-" + resource + ".state"))) {
                out.add(n);
            }
        }
        return out;
    }

    /** Every sample with two or more holders: "instant [holders]". */
    synchronized List<String> overlaps() {
        return new ArrayList<>(overlaps);
    }

    /** How long, in all, two or more held it (sum of the intervals ending in such a sample). */
    synchronized long overlapMillis() {
        return TimeUnit.NANOSECONDS.toMillis(overlapNanos);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
