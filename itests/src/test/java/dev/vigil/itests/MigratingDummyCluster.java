package dev.vigil.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.vigil.distribution.LocalCluster;

/**
 * The stage of the mid-migration fault tests: three node processes, n3 started first (so it is
 * the DC: the longest running coordinates), and {@code vm}, a dummy that may migrate and whose
 * every operation takes 3 s, running on n1 (preferred over n2, n2 over n3). Putting n1 in
 * standby migrates vm to n2: migrate_to on n1, then migrate_from on n2, then the stop on n1; a
 * fault is injected while the migrate_to runs. A sampler reads the dummy's state files every
 * 10 ms from then on, so "never two at once" is checked on what runs.
 */
final class MigratingDummyCluster implements AutoCloseable {
    static final String SOURCE = "n1";
    static final String TARGET = "n2";
    static final String DC = "n3";
    static final Duration SETTLE = Duration.ofSeconds(90);

    private static final String CONF = "rsc_defaults resource-stickiness=100\n"
            + "primitive vm dummy params op_sleep=3 op monitor interval=30s timeout=20s meta allow-migrate=true\n"
            + "location vm-prefers-n1 vm 200: n1\n"
            + "location vm-then-n2 vm 100: n2\n";

    final LocalCluster cluster;
    private final boolean fencing;
    private HolderSampler sampler;

    private MigratingDummyCluster(LocalCluster cluster, boolean fencing) {
        this.cluster = cluster;
        this.fencing = fencing;
    }

    /** Starts the three nodes (n3 first), no fencing, and waits until vm runs on n1 and is monitored there. */
    static MigratingDummyCluster start(String workPrefix) throws Exception {
        return start(workPrefix, false);
    }

    /**
     * As {@link #start(String)}; with {@code fencing}, stonith-enabled and the native local fence
     * device ({@code fence_vigil_local}, which powers a node off by killing its processes) able to
     * fence every node.
     */
    static MigratingDummyCluster start(String workPrefix, boolean fencing) throws Exception {
        LocalCluster cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory(workPrefix), 3, ItTiming.timing(), "");
        String conf = fencing ? "property stonith-enabled=true\n" + localFenceDevice(cluster) + CONF : CONF;
        for (String n : cluster.nodes()) {
            Files.writeString(cluster.home(n).resolve("etc/cluster.conf"), conf);
        }
        MigratingDummyCluster c = new MigratingDummyCluster(cluster, fencing);
        try {
            c.cluster.start(DC);
            assertTrue(c.cluster.awaitShell(DC, SETTLE), DC + " answers");
            c.cluster.start(SOURCE);
            c.cluster.start(TARGET);
            await().atMost(SETTLE).ignoreExceptions().until(() -> c.status(DC).contains("3 of 3 nodes, quorate, DC: "
                    + DC) && c.running().equals(Set.of(SOURCE)) && c.cluster.isMonitored(SOURCE, "vm"));
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Puts n1 in standby and returns once the DC reports its migrate_to in progress; the sampler runs from here. */
    void beginMigration() throws IOException {
        sampler = HolderSampler.every(Duration.ofMillis(10), this::running);
        assertEquals(0, cluster.shell(DC, "vigil:standby " + SOURCE).exitCode);
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> status(DC).contains("migrate_to on " + SOURCE + " in progress"));
        assertEquals(0, count(TARGET, "migrate_from"), "the fault comes before the migrate_from");
    }

    /** Returns once the DC reports the migrate_from on n2 in progress (the migrate_to done). */
    void awaitMigrateFromRunning() {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> status(DC).contains("migrate_from on " + TARGET + " in progress"));
    }

    /** The native device, able to power off any of the nodes. */
    private static String localFenceDevice(LocalCluster c) {
        return "primitive fence-local stonith:fence_vigil_local params homes=\""
                + c.nodes().stream().map(n -> n + ":" + c.home(n)).collect(Collectors.joining(";"))
                + "\" pcmk_host_list=\"" + String.join(" ", c.nodes()) + "\" op monitor interval=10s timeout=20s\n";
    }

    /**
     * Nodes where vm runs: its state file exists (with fencing: on a node that is powered, for a
     * fenced node's machine is off, and what ran on it with it).
     */
    Set<String> running() {
        Set<String> out = HolderSampler.dummyHolders(cluster, "vm");
        if (fencing) {
            out.removeIf(n -> !powered(n));
        }
        return out;
    }

    /** The node's JVM has not exited (a zombie not yet reaped by this test has: it runs nothing). */
    boolean powered(String node) {
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

    /**
     * Takes {@code node}'s only link down and waits until the others, a quorate view of two, have
     * fenced it (its processes gone) and report it offline.
     */
    void cutOffUntilFenced(String node) throws Exception {
        assertEquals(0, cluster.shell(node, "vigil:link link0 down").exitCode);
        await().atMost(SETTLE).ignoreExceptions().until(() -> {
            if (powered(node)) {
                return false;
            }
            for (String o : others(node)) {
                String s = status(o);
                if (!s.contains(" 2 of 3 nodes, quorate, DC: ") || !offline(s, node)) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * When the fence of {@code target} completed, from the journal of the fencer that ran it
     * ({@code var/fencing.log}).
     */
    Instant fencedAt(String target) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String n : cluster.nodes()) {
            Path log = cluster.home(n).resolve("var/fencing.log");
            if (Files.exists(log)) {
                lines.addAll(Files.readAllLines(log));
            }
        }
        return FencingJournal.succeeded(lines, target).orElseThrow(
                () -> new AssertionError("no fence of " + target + " in the fencers' journals: " + lines));
    }

    /**
     * Powers a fenced node on again: its machine starts without what ran on it (the dummy's
     * state file, standing in for a VM's memory, went with the power), and its node process starts.
     */
    void powerOnAgain(String node) throws IOException {
        assertTrue(!powered(node), node + " was off");
        Files.deleteIfExists(cluster.home(node).resolve("var/state/dummy-vm.state"));
        cluster.start(node);
    }

    String status(String node) throws IOException {
        return cluster.shell(node, "vigil:status").output;
    }

    long count(String node, String action) throws IOException {
        return cluster.journal(node).stream().filter(e -> e.resource.equals("vm") && e.action.equals(action)).count();
    }

    /** vm's operations on each node, in the order run: what the report shows of how it ended. */
    String operations() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String n : cluster.nodes()) {
            out.append(n).append(": ").append(cluster.journal(n).stream()
                    .filter(e -> e.resource.equals("vm") && e.intervalMillis == 0)
                    .map(e -> e.action + (e.succeeded() ? "" : "(" + e.execStatus + " rc " + e.rc + ")"))
                    .collect(Collectors.joining(","))).append("; ");
        }
        return out.toString();
    }

    /**
     * What an operator checks once the fault is over: the nodes given all show the same view
     * (agreed, quorate, of exactly them, one DC), all report vm started on the same one node,
     * with no operation of vm in progress, and vm runs there and there only, its recurring
     * monitor running. Returns that node.
     */
    String awaitConverged(Collection<String> nodes) {
        String members = nodes.size() + " of 3 nodes, quorate, DC: ";
        Pattern started = Pattern.compile("(?m)^\\s+vm\\s+\\(dummy\\)\\s+Started (n\\d)$");
        String[] holder = new String[1];
        await().atMost(SETTLE).ignoreExceptions().until(() -> {
            Set<String> lines = new TreeSet<>();
            Set<String> holders = new TreeSet<>();
            for (String n : nodes) {
                String s = status(n);
                Matcher m = started.matcher(s);
                if (!m.find()) {
                    return false;
                }
                holders.add(m.group(1));
                lines.add(s.lines().findFirst().orElseThrow());
            }
            holder[0] = holders.iterator().next();
            return lines.size() == 1 && lines.iterator().next().contains(members) && holders.size() == 1
                    && running().equals(holders) && cluster.isMonitored(holder[0], "vm");
        });
        return holder[0];
    }

    /** As {@link #awaitConverged(Collection)}, where vm must end on {@code holder}. */
    void awaitConverged(Collection<String> nodes, String holder) {
        assertEquals(holder, awaitConverged(nodes), "where vm ended: " + running());
    }

    /** Takes {@code node}'s only link down (both ways) and waits until it and the others see each other lost. */
    void cutOffUntilBothSidesSeeItLost(String node) throws Exception {
        assertEquals(0, cluster.shell(node, "vigil:link link0 down").exitCode);
        List<String> others = others(node);
        await().atMost(SETTLE).ignoreExceptions().until(() -> {
            String alone = status(node);
            if (!alone.startsWith("Cluster: view ") || !alone.contains(" 1 of 3 nodes, NO QUORUM")
                    || others.stream().anyMatch(o -> !offline(alone, o))) {
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

    private static boolean offline(String status, String node) {
        return Pattern.compile("(?m)^\\s+" + node + "\\s+OFFLINE").matcher(status).find();
    }

    private List<String> others(String node) {
        List<String> out = new ArrayList<>(cluster.nodes());
        out.remove(node);
        return out;
    }

    /** Every sample with vm's state file on two nodes: none is allowed. */
    List<String> overlaps() {
        return sampler == null ? List.of() : sampler.overlaps();
    }

    @Override
    public void close() throws Exception {
        if (sampler != null) {
            sampler.close();
        }
        cluster.close();
    }
}
