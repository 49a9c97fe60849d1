package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;

/**
 * Debian's heartbeat/Stateful, unchanged, as a promotable clone of three node processes: it sets
 * its promotion score with crm_master (the OCF bridge's stand-in), one instance is promoted,
 * and when that node dies another is promoted; when the promoted instance is demoted behind the
 * cluster's back, its Promoted-role monitor finds it out (a failure) and one instance is promoted
 * again.
 */
class PromotableOcfIT {
    private static final Pattern PROMOTED = Pattern.compile("st  \\(ocf:heartbeat:Stateful\\)\\s+Promoted (n\\d)");

    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private String promoted(String node) throws Exception {
        Matcher m = PROMOTED.matcher(cluster.shell(node, "vigil:status").output);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void debiansStatefulIsPromotedOnOneNodeAndAgainWhenThatNodeDies() throws Exception {
        String first = startOnePromotedTwoUnpromoted("vigil-stateful-it");
        cluster.kill(first);
        String survivor = first.equals("n1") ? "n2" : "n1";
        assertTrue(cluster.awaitStatus(survivor, s -> {
            Matcher m = PROMOTED.matcher(s);
            return m.find() && !m.group(1).equals(first);
        }, Duration.ofSeconds(30)), "another instance promoted:\n" + cluster.shell(survivor, "vigil:status").output);
    }

    @Test
    void aPromotedInstanceDemotedBehindTheClustersBackIsAFailureAndOneInstanceIsPromotedAgain() throws Exception {
        String first = startOnePromotedTwoUnpromoted("vigil-stateful-demoted-it");
        Path state = stateFile(first);
        assertEquals("master", Files.readString(state).trim(), "the promoted instance's state file");
        Files.writeString(state, "slave\n"); // what a primary that fell back to replica looks like

        // Its Promoted-role monitor answers 0 where 8 is expected: a failure, shown by the node.
        assertTrue(cluster.awaitStatus(first, s -> s.matches("(?s).*Failed actions:\n.*_monitor_1000 \\(role Promoted\\) on "
                + first + ": OK.*"), Duration.ofSeconds(30)),
                "the demotion found by the Promoted monitor:\n" + cluster.shell(first, "vigil:status").output);
        // Recovered: one instance promoted again (on whichever node), two unpromoted, and the
        // agents' own state agrees: exactly one "master" among the nodes.
        assertTrue(cluster.awaitStatus("n2", s -> PROMOTED.matcher(s).find() && s.matches("(?s).*Unpromoted n\\d n\\d.*")
                && mastersOnDisk() == 1, Duration.ofSeconds(60)),
                "one promoted again:\n" + cluster.shell("n2", "vigil:status").output);
    }

    /** Starts three nodes with st as a promotable clone; returns the node of the promoted instance. */
    private String startOnePromotedTwoUnpromoted(String workPrefix) throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Stateful")),
                "resource-agents is not installed (./vigil test installs it)");
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory(workPrefix), 3,
                new LocalCluster.Timing("100ms", "400ms", "1s", "10s"),
                "primitive st ocf:heartbeat:Stateful op monitor interval=1s timeout=10s role=Promoted"
                        + " op monitor interval=2s timeout=10s role=Unpromoted\n"
                        + "clone st-clone st meta promotable=true\n");
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        assertTrue(cluster.awaitStatus("n2", s -> PROMOTED.matcher(s).find() && s.matches("(?s).*Unpromoted n\\d n\\d.*"),
                Duration.ofSeconds(60)), "one promoted, two unpromoted:\n" + cluster.shell("n2", "vigil:status").output);
        String promoted = promoted("n2");
        assertNotNull(promoted);
        return promoted;
    }

    /** Stateful's state file on the node (HA_RSCTMP is the node's var/state/rsctmp). */
    private Path stateFile(String node) throws IOException {
        try (Stream<Path> files = Files.list(cluster.home(node).resolve("var/state/rsctmp"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith("Stateful-")).toList();
            assertEquals(1, found.size(), "one Stateful state file on " + node + ": " + found);
            return found.get(0);
        }
    }

    /** How many nodes' Stateful state files say "master" (a file a stop removes meanwhile says nothing). */
    private long mastersOnDisk() {
        long n = 0;
        for (String node : cluster.nodes()) {
            Path dir = cluster.home(node).resolve("var/state/rsctmp");
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("Stateful-")).toList()) {
                    n += readOrEmpty(f).trim().equals("master") ? 1 : 0;
                }
            } catch (IOException e) {
                // no state directory yet: nothing runs there
            }
        }
        return n;
    }

    private static String readOrEmpty(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }
}
