package dev.vigil.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;

/**
 * A stale DC's start that lands after a new DC placed the resource elsewhere, on three real
 * node processes over UDP on 127.0.0.1. Every node sends through {@link DelayedLinks}. The DC
 * (A) is made to place the dummy on B (A and C in standby); the moment A's outgoing datagrams
 * start arriving {@link #LATE} late (longer than deadtime) it is told to start the dummy, so
 * its start request to B is on the wire, late. B and C lose contact with A, elect a new DC, and
 * the operator has the dummy run on C (B in standby, C online). Then A's start reaches B: B's
 * executor must refuse it, naming A and its view, and the dummy must never run on two nodes
 * (the agents' state files, sampled every 10 ms throughout).
 */
class StaleDcRequestIT {
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** How late the old DC's frames arrive: well past deadtime, so a new DC acts meanwhile. */
    private static final Duration LATE = ItTiming.deadtime().multipliedBy(8);
    private static final String CONF = "primitive d dummy op monitor interval=500ms timeout=5s"
            + " meta target-role=Stopped\n";
    private static final Pattern DC = Pattern.compile("DC: (\\S+?),");

    private LocalCluster cluster;
    private DelayedLinks links;
    private HolderSampler sampler;

    @AfterEach
    void stop() throws Exception {
        if (sampler != null) {
            sampler.close();
        }
        if (links != null) {
            for (String n : cluster.nodes()) {
                links.delay(n, Duration.ZERO); // so that the nodes hand over and stop in time
            }
        }
        if (cluster != null) {
            cluster.close();
        }
        if (links != null) {
            links.close();
        }
    }

    @Test
    void aStartFromTheDcOfAnEarlierViewIsRefusedAfterANewDcPlacedTheResourceElsewhere() throws Exception {
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory("vigil-stale-dc-it"), 3, ItTiming.timing(), CONF);
        links = DelayedLinks.install(cluster);
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        await().atMost(SETTLE).ignoreExceptions().until(() -> cluster.nodes().stream()
                .allMatch(n -> status(n).contains("3 of 3 nodes, quorate") && !status(n).contains("settling")
                        && dc(n).equals(dc("n1"))));
        String a = dc("n1");
        List<String> others = cluster.nodes().stream().filter(n -> !n.equals(a)).collect(Collectors.toList());
        String b = others.get(0), c = others.get(1);
        shell(a, "vigil:standby " + a);
        shell(a, "vigil:standby " + c);
        await().atMost(SETTLE).ignoreExceptions().until(() -> cluster.nodes().stream()
                .allMatch(n -> configVersion(n) == configVersion(a) && standby(n, a) && standby(n, c)));
        startSampler();

        long t0 = System.nanoTime();
        links.delay(a, LATE);
        shell(a, "vigil:start d"); // A, still DC with its lease for a moment, sends "start d" to B: late
        await().atMost(SETTLE).ignoreExceptions().until(() -> status(b).contains("2 of 3 nodes, quorate")
                && !status(b).contains("settling") && !dc(b).equals(a) && !dc(b).equals("none"));
        String newDc = dc(b);
        long newView = millisSince(t0);
        shell(b, "vigil:standby " + b);
        shell(b, "vigil:online " + c);
        shell(b, "vigil:start d");
        await().atMost(SETTLE).until(() -> running().equals(Set.of(c)));
        long placed = millisSince(t0);

        await().alias(b + " refuses the late start of " + a + " (or " + a + " lost its lease before it sent one: "
                + "its vigil.log has no transition starting d on " + b + ")").atMost(LATE.plus(SETTLE))
                .until(() -> !refusedStarts(b).isEmpty());
        long refusedAt = millisSince(t0);
        String refusal = refusedStarts(b).get(0);
        assertTrue(refusal.contains(a + " is not the DC of view") && refusal.contains("issued in view"),
                "B names the stale DC and its view: " + refusal);
        assertTrue(startTime(c).isBefore(refusalTime(refusal)),
                "the stale start landed after the new DC had the dummy started on " + c + ": " + refusal);
        assertTrue(cluster.journal(b).stream().noneMatch(e -> e.resource.equals("d") && e.action.equals("start")
                && e.execStatus.equals("DONE")), "B never ran a start of d: " + cluster.journal(b).size());
        links.delay(a, Duration.ZERO);
        await().atMost(SETTLE).ignoreExceptions().until(() -> cluster.nodes().stream()
                .allMatch(n -> status(n).contains("3 of 3 nodes, quorate") && !status(n).contains("settling")));
        await().atMost(SETTLE).until(() -> running().size() == 1);
        System.out.println("stale DC " + a + " (frames " + LATE.toMillis() + " ms late): new DC " + newDc + " after "
                + newView + " ms, d started on " + c + " after " + placed + " ms, A's start refused by " + b
                + " after " + refusedAt + " ms: " + refusal + "; healed, d on " + running());
        if (sampler != null) {
            assertEquals(List.of(), sampler.overlaps(), "the dummy ran on two nodes at once");
        }
    }

    private void startSampler() {
        sampler = HolderSampler.every(Duration.ofMillis(10), this::running);
    }

    /** Nodes where the dummy runs: its state file exists. */
    private Set<String> running() {
        return HolderSampler.dummyHolders(cluster, "d");
    }

    private String status(String node) {
        try {
            return cluster.shell(node, "vigil:status").output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String dc(String node) {
        Matcher m = DC.matcher(status(node));
        return m.find() ? m.group(1) : "none";
    }

    private long configVersion(String node) {
        Matcher m = Pattern.compile("configuration version (\\d+)").matcher(status(node));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private boolean standby(String on, String node) {
        return status(on).lines().anyMatch(l -> l.trim().startsWith(node + " ") && l.contains("standby"));
    }

    private void shell(String node, String command) throws IOException {
        var answer = cluster.shell(node, command);
        assertEquals(0, answer.exitCode, command + " on " + node + ": " + answer.output);
    }

    /** The node's journal lines of refused starts of d ({@code ... d start 0 REFUSED rc reason}). */
    private List<String> refusedStarts(String node) throws IOException {
        Path f = cluster.home(node).resolve("var/operations.log");
        if (!Files.exists(f)) {
            return List.of();
        }
        return Files.readAllLines(f).stream().filter(l -> {
            String[] p = l.split(" ", 9);
            return p.length == 9 && p[3].equals("d") && p[4].equals("start") && p[6].equals("REFUSED");
        }).collect(Collectors.toList());
    }

    private static Instant refusalTime(String journalLine) {
        return Instant.ofEpochMilli(Long.parseLong(journalLine.split(" ", 2)[0]));
    }

    private Instant startTime(String node) throws IOException {
        return cluster.journal(node).stream().filter(e -> e.resource.equals("d") && e.action.equals("start")
                && e.succeeded()).map(e -> e.finished).findFirst().orElseThrow();
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }
}
