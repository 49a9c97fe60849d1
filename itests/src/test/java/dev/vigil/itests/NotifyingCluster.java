package dev.vigil.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.vigil.distribution.LocalCluster;

/**
 * The stage of the mid-notification partition tests: three node processes; n1 and n2 run the
 * clone nt-clone of vigil-test/Notifier (notify=true, its notifications logged) and n1 the
 * primitive d; then n3 joins with the hold file in place, so that the pre-notifications of its
 * instance's start wait on n1 and n2 until the file goes. A sampler reads d's state files every
 * 10 ms from the start.
 */
final class NotifyingCluster implements AutoCloseable {
    static final Duration SETTLE = Duration.ofSeconds(90);

    final LocalCluster cluster;
    final Path log;
    final Path hold;
    private final HolderSampler sampler;

    private NotifyingCluster(LocalCluster cluster, Path log, Path hold) {
        this.cluster = cluster;
        this.log = log;
        this.hold = hold;
        this.sampler = HolderSampler.every(Duration.ofMillis(10), this::dRunsOn);
    }

    /** Returns once n1 and n2 both hold the pre-notification of n3's instance's start. */
    static NotifyingCluster startWithN3AnnouncedAndHeld(String workPrefix) throws Exception {
        return startWithN3AnnouncedAndHeld(workPrefix, "");
    }

    /** As {@link #startWithN3AnnouncedAndHeld(String)}, with more operations of d ({@code " op stop timeout=..."}). */
    static NotifyingCluster startWithN3AnnouncedAndHeld(String workPrefix, String dOps) throws Exception {
        Path work = Files.createTempDirectory(workPrefix);
        Path log = work.resolve("notifications.log");
        Path hold = work.resolve("hold-pre-notifications");
        Files.createFile(log);
        LocalCluster cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                work.resolve("nodes"), 3, ItTiming.timing(), "");
        Path ocfRoot = testOcfRoot(work.resolve("ocf"));
        String conf = "rsc_defaults resource-stickiness=100\n"
                + "primitive d dummy op monitor interval=500ms timeout=5s" + dOps + "\n"
                + "location d-prefers-n1 d 50: n1\n"
                + "primitive nt ocf:vigil-test:Notifier params log=" + log + " hold=" + hold
                + " op monitor interval=1s timeout=5s\n"
                + "clone nt-clone nt meta notify=true\n";
        for (String n : cluster.nodes()) {
            Files.writeString(cluster.home(n).resolve("etc/cluster.conf"), conf);
            Files.writeString(cluster.home(n).resolve("etc/dev.vigil.agent.ocf.cfg"), "ocf.root=" + ocfRoot + "\n");
        }
        NotifyingCluster c = new NotifyingCluster(cluster, log, hold);
        try {
            cluster.start("n1");
            cluster.start("n2");
            await().atMost(SETTLE).until(() -> c.cloneRunsOn().equals(Set.of("n1", "n2"))
                    && c.dRunsOn().equals(Set.of("n1")));
            Files.createFile(hold);
            cluster.start("n3");
            await().atMost(SETTLE).until(() -> Files.readAllLines(log).stream()
                    .filter(l -> l.matches("n[12] pre start start=n3 .*")).map(l -> l.substring(0, 2))
                    .distinct().count() == 2);
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Lets the held pre-notifications end. */
    void releaseHold() throws IOException {
        Files.delete(hold);
    }

    /** How many lines the notification log has now. */
    int logged() throws IOException {
        return Files.readAllLines(log).size();
    }

    /** Takes {@code node}'s only link down (both ways) and waits until it and the others see each other lost. */
    void cutOffUntilBothSidesSeeItLost(String node) throws Exception {
        assertEquals(0, cluster.shell(node, "vigil:link link0 down").exitCode);
        List<String> others = new ArrayList<>(cluster.nodes());
        others.remove(node);
        await().atMost(SETTLE).ignoreExceptions().until(() -> {
            String alone = status(node);
            if (!alone.contains(" 1 of 3 nodes, NO QUORUM") || others.stream().anyMatch(o -> !offline(alone, o))) {
                return false;
            }
            for (String o : others) {
                String s = status(o);
                if (!s.contains(" 2 of 3 nodes, quorate, DC: ") || !offline(s, node)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Brings the link back and waits until all three agree, the clone runs everywhere and d on one node. */
    void heal(String node) throws Exception {
        assertEquals(0, cluster.shell(node, "vigil:link link0 up").exitCode);
        awaitOneView(cluster.nodes());
        await().atMost(SETTLE).until(() -> cloneRunsOn().equals(Set.of("n1", "n2", "n3")) && dRunsOn().size() == 1);
        awaitOneView(cluster.nodes());
    }

    /** Waits until the nodes given all show the same view line: agreed, quorate, of exactly them, with a DC. */
    void awaitOneView(Collection<String> nodes) {
        await().atMost(SETTLE).ignoreExceptions().until(() -> {
            Set<String> lines = new TreeSet<>();
            for (String n : nodes) {
                lines.add(status(n).lines().findFirst().orElseThrow());
            }
            return lines.size() == 1 && lines.iterator().next().contains(nodes.size() + " of 3 nodes, quorate, DC: ");
        });
    }

    private String status(String node) throws IOException {
        return cluster.shell(node, "vigil:status").output;
    }

    private static boolean offline(String status, String node) {
        return Pattern.compile("(?m)^\\s+" + node + "\\s+OFFLINE").matcher(status).find();
    }

    /**
     * Who heard, after line {@code from} of the notification log, a post-notification of a
     * start listing {@code started}.
     */
    Set<String> toldAfter(int from, String started) throws IOException {
        List<String> lines = Files.readAllLines(log);
        Set<String> told = new TreeSet<>();
        for (String l : lines.subList(Math.min(from, lines.size()), lines.size())) {
            String[] f = l.split(" ");
            List<String> starts = List.of(f[3].substring("start=".length()).split(","));
            if (f[1].equals("post") && f[2].equals("start") && starts.contains(started)) {
                told.add(f[0]);
            }
        }
        return told;
    }

    Set<String> dRunsOn() {
        return HolderSampler.dummyHolders(cluster, "d");
    }

    /** The nodes whose Notifier instance runs (its state file exists). */
    Set<String> cloneRunsOn() {
        Set<String> out = new TreeSet<>();
        for (String n : cluster.nodes()) {
            if (Files.exists(cluster.home(n).resolve("var/state/rsctmp/notifier-nt.state"))) {
                out.add(n);
            }
        }
        return out;
    }

    /** An OCF root holding resource.d/vigil-test/Notifier, copied from the test resources. */
    private static Path testOcfRoot(Path root) throws IOException {
        Path script = root.resolve("resource.d/vigil-test/Notifier");
        Files.createDirectories(script.getParent());
        try (InputStream in = NotifyingCluster.class
                .getResourceAsStream("/ocf/resource.d/vigil-test/Notifier")) {
            Files.copy(in, script);
        }
        assertTrue(script.toFile().setExecutable(true, false));
        return root;
    }

    /** Every sample with d's state file on two nodes. */
    List<String> overlaps() {
        return sampler.overlaps();
    }

    @Override
    public void close() throws Exception {
        sampler.close();
        cluster.close();
    }
}
