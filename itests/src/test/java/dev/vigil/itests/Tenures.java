package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.vigil.distribution.LocalCluster;

/** When each node held a resource, from the nodes' operation journals; and the check that no two overlap. */
final class Tenures {
    /** [from, to) during which a node held the resource started. */
    static final class Tenure {
        final String node;
        final Instant from;
        final Instant to;

        Tenure(String node, Instant from, Instant to) {
            this.node = node;
            this.from = from;
            this.to = to;
        }

        @Override
        public String toString() {
            return node + " [" + from + ", " + to + ")";
        }
    }

    private Tenures() {
    }

    /**
     * Every tenure of the resource on every node. A tenure begins when its start began
     * (conservatively) and ends when a stop succeeded, or at {@code endIfRunning(node)}.
     */
    static List<Tenure> of(LocalCluster cluster, String resource, Function<String, Instant> endIfRunning)
            throws IOException {
        List<Tenure> out = new ArrayList<>();
        for (String node : cluster.nodes()) {
            Instant since = null;
            for (LocalCluster.JournalEntry e : cluster.journal(node)) {
                if (!e.resource.equals(resource)) {
                    continue;
                }
                if (e.action.equals("start") && since == null) {
                    since = e.started;
                } else if (e.action.equals("stop") && since != null && e.succeeded()) {
                    out.add(new Tenure(node, since, e.finished));
                    since = null;
                }
            }
            if (since != null) {
                out.add(new Tenure(node, since, endIfRunning.apply(node)));
            }
        }
        return out;
    }

    /** The nodes whose journals say they hold the resource now (an open tenure). */
    static java.util.Set<String> holders(LocalCluster cluster, String resource) throws IOException {
        Instant open = Instant.MAX;
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Tenure t : of(cluster, resource, n -> open)) {
            if (t.to == open) {
                out.add(t.node);
            }
        }
        return out;
    }

    /** The tenures still open at {@code instant} or begun after it: what happened from then on. */
    static List<Tenure> since(List<Tenure> all, Instant instant) {
        List<Tenure> out = new ArrayList<>();
        for (Tenure t : all) {
            if (t.to.isAfter(instant)) {
                out.add(t);
            }
        }
        return out;
    }

    static void assertNeverTwoAtOnce(String resource, List<Tenure> all) {
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Tenure a = all.get(i), b = all.get(j);
                boolean overlap = a.from.isBefore(b.to) && b.from.isBefore(a.to);
                assertFalse(overlap, "two nodes ran " + resource + " at once: " + a + " and " + b);
            }
        }
    }
}
