package dev.vigil.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;

/**
 * Fencing on three real node processes over UDP on 127.0.0.1, with the native local fence
 * device ({@code fence_vigil_local}: kills every process of the target node, its agents'
 * included) as the power switch. The resource is a real OCF script whose stop fails or hangs
 * on request; it "runs" on a node while its state file exists and that node is powered (its
 * JVM alive). A sampler checks every 10 ms that it never runs on two powered nodes.
 */
class FencingIT {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** The node that will hold the resource. */
    private static final String HOLDER = "n3";

    private LocalCluster cluster;
    private HolderSampler sampler;

    @AfterEach
    void stop() throws Exception {
        if (sampler != null) {
            sampler.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The native device, able to power off any of the nodes. */
    private static String localFenceDevice(LocalCluster c) {
        return "primitive fence-local stonith:fence_vigil_local params homes=\""
                + c.nodes().stream().map(n -> n + ":" + c.home(n)).collect(Collectors.joining(";"))
                + "\" pcmk_host_list=\"" + String.join(" ", c.nodes()) + "\" op monitor interval=10s timeout=20s"
                + " meta provides=unfencing\n";
    }

    private static String stubborn(String stopMode) {
        return "primitive s ocf:vigil-test:Stubborn params stop_mode=" + stopMode
                + " op monitor interval=1s timeout=5s op stop interval=0 timeout=3s\n"
                + "location s-on-" + HOLDER + " s 200: " + HOLDER + "\n"; // above stickiness: it moves there when that node joins
    }

    /** Lays out three nodes with the test OCF root, starts them, and waits until the resource runs on its preferred node. */
    private void startCluster(String devices, String resources) throws Exception {
        Path work = Files.createTempDirectory("vigil-fencing-it");
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")), work.resolve("nodes"), 3,
                ItTiming.timing(), "");
        Path ocfRoot = testOcfRoot(work.resolve("ocf"));
        String conf = "property stonith-enabled=true\nrsc_defaults resource-stickiness=100\n"
                + devices.replace("%LOCAL%", localFenceDevice(cluster)) + resources;
        for (String n : cluster.nodes()) {
            Files.writeString(cluster.home(n).resolve("etc/cluster.conf"), conf);
            Files.writeString(cluster.home(n).resolve("etc/dev.vigil.agent.ocf.cfg"), "ocf.root=" + ocfRoot + "\n");
        }
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        await().atMost(SETTLE).until(() -> running().equals(Set.of(HOLDER)));
        sampler = HolderSampler.every(Duration.ofMillis(10), this::running);
    }

    /** An OCF root holding only resource.d/vigil-test/Stubborn, copied from the test resources. */
    private static Path testOcfRoot(Path root) throws IOException {
        Path script = root.resolve("resource.d/vigil-test/Stubborn");
        Files.createDirectories(script.getParent());
        try (InputStream in = FencingIT.class.getResourceAsStream("/ocf/resource.d/vigil-test/Stubborn")) {
            Files.copy(in, script);
        }
        assertTrue(script.toFile().setExecutable(true, false));
        return root;
    }

    private Path rscTmp(String node) {
        return cluster.home(node).resolve("var/state/rsctmp");
    }

    /** The node's JVM has not exited (a zombie not yet reaped by this test has: it runs nothing). */
    private boolean powered(String node) {
        Process p = cluster.process(node);
        if (p == null || !p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** Powered nodes where the resource runs: its state file exists. */
    private Set<String> running() {
        Set<String> out = new TreeSet<>();
        for (String n : cluster.nodes()) {
            if (powered(n) && Files.exists(rscTmp(n).resolve("stubborn-s.state"))) {
                out.add(n);
            }
        }
        return out;
    }

    private void assertNeverTwoAtOnce() {
        assertEquals(List.of(), sampler.overlaps(), "the resource ran on two powered nodes at once");
    }

    /** Makes the holder's stop misbehave, then asks for the holder to be emptied. */
    private long refuseStopAndEvacuate() throws IOException {
        Files.writeString(rscTmp(HOLDER).resolve("stubborn-s.refuse-stop"), "");
        long asked = System.currentTimeMillis();
        assertEquals(0, cluster.shell("n1", "vigil:standby " + HOLDER).exitCode);
        return asked;
    }

    /**
     * Waits until the resource runs on one powered node other than the holder, started there
     * after {@code asked}; returns when that start began.
     */
    private Instant awaitRecovered(long asked) throws Exception {
        Instant[] started = new Instant[1];
        await().atMost(SETTLE).until(() -> {
            Set<String> now = running();
            if (now.size() != 1 || now.contains(HOLDER)) {
                return false;
            }
            started[0] = cluster.journal(now.iterator().next()).stream().filter(e -> e.resource.equals("s")
                    && e.action.equals("start") && e.succeeded() && e.started.toEpochMilli() >= asked)
                    .map(e -> e.started).reduce((a, b) -> b).orElse(null);
            return started[0] != null;
        });
        return started[0];
    }

    /** Every line of every node's journal file {@code var/NAME}. */
    private List<String> allLines(String name) throws IOException {
        List<String> out = new ArrayList<>();
        for (String n : cluster.nodes()) {
            Path log = cluster.home(n).resolve("var/" + name);
            if (Files.exists(log)) {
                out.addAll(Files.readAllLines(log));
            }
        }
        return out;
    }

    private String history() throws IOException {
        return cluster.shell(cluster.nodes().stream().filter(this::powered).findFirst().orElseThrow(),
                "vigil:fence-history").output;
    }

    /**
     * When the fence of the holder completed, from the journal of the fencer that ran it
     * ({@code var/fencing.log}: "epochMillis fence: reboot of n3 by DEVICE succeeded in ..."; the
     * requester's own journal may be gone with it when the DC itself was fenced).
     */
    private Instant fencedAt() throws IOException {
        java.util.Optional<Instant> at = FencingJournal.succeeded(allLines("fencing.log"), HOLDER);
        if (at.isEmpty()) {
            throw new AssertionError("no fence of " + HOLDER + " in the fencers' journals; history:\n" + history());
        }
        return at.get();
    }

    private void assertFencedThenRecovered(String what, long asked) throws Exception {
        Instant started = awaitRecovered(asked);
        assertFalse(powered(HOLDER), HOLDER + " was powered off by the fence");
        String h = history();
        assertTrue(h.contains(HOLDER) && h.contains("succeeded") && h.contains("fence-local"), h);
        Instant fenced = fencedAt();
        System.out.println(what + ": fenced " + (fenced.toEpochMilli() - asked) + " ms after the stop was asked, "
                + "resource started elsewhere " + (started.toEpochMilli() - asked) + " ms after; overlap 0 ms");
        assertTrue(!started.isBefore(fenced), "started elsewhere (" + started + ") only after the fence (" + fenced + ")");
        assertNeverTwoAtOnce();
    }

    @Test
    void aStopThatFailsFencesTheNodeThenTheResourceIsRecovered() throws Exception {
        startCluster("%LOCAL%", stubborn("fail"));
        long asked = refuseStopAndEvacuate();
        assertFencedThenRecovered("failed stop", asked);
    }

    @Test
    void aStopThatHangsPastItsTimeoutFencesTheNodeThenTheResourceIsRecovered() throws Exception {
        startCluster("%LOCAL%", stubborn("hang"));
        long asked = refuseStopAndEvacuate();
        assertFencedThenRecovered("hung stop", asked);
    }

    @Test
    void whenTheFirstTopologyLevelFailsTheSecondFences() throws Exception {
        startCluster("primitive fence-broken stonith:fence_dummy params type=fail power_timeout=1"
                + " pcmk_host_list=\"n1 n2 n3\"\n"
                + "%LOCAL%"
                + "fencing_topology n1: fence-broken fence-local n2: fence-broken fence-local"
                + " n3: fence-broken fence-local\n", stubborn("fail"));
        long asked = refuseStopAndEvacuate();
        assertFencedThenRecovered("first level failing", asked);
        List<String> tried = allLines("fencing.log");
        assertTrue(tried.stream().anyMatch(l -> l.contains("by fence-broken") && l.contains("failed")),
                "the first level was tried and failed: " + tried);
    }

    @Test
    void aResourceThatRequiresUnfencingStartsOnlyOnANodeUnfencedBeforeAndUnfencesItOnce() throws Exception {
        startCluster("%LOCAL%", stubborn("fail")
                + "primitive u dummy meta requires=unfencing op monitor interval=1s timeout=5s\n");
        await().atMost(SETTLE).until(() -> cluster.nodes().stream().anyMatch(n -> uStarted(n) != null));
        String node = cluster.nodes().stream().filter(n -> uStarted(n) != null).findFirst().orElseThrow();
        Pattern unfencedLine = Pattern.compile("^(\\d+) fence: on of " + node + " by fence-local succeeded");
        List<Long> unfencings = allLines("fencing.log").stream().map(unfencedLine::matcher).filter(Matcher::find)
                .map(m -> Long.parseLong(m.group(1))).collect(Collectors.toList());
        System.out.println("unfencing: " + node + " unfenced at " + unfencings + ", u started there at "
                + uStarted(node).toEpochMilli());
        assertEquals(1, unfencings.size(), "unfenced once: " + unfencings);
        assertTrue(unfencings.get(0) <= uStarted(node).toEpochMilli(), "unfenced before u started there");
    }

    private Instant uStarted(String node) {
        try {
            return cluster.journal(node).stream().filter(e -> e.resource.equals("u") && e.action.equals("start")
                    && e.succeeded()).map(e -> e.started).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
