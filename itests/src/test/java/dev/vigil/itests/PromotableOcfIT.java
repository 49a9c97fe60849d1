package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;

/**
 * Debian's heartbeat/Stateful, unchanged, as a promotable clone of three node processes: it sets
 * its promotion score with crm_master (the OCF bridge's stand-in), one instance is promoted,
 * and when that node dies another is promoted.
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
        assertTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Stateful")),
                "resource-agents is not installed (./vigil test installs it)");
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory("vigil-stateful-it"), 3,
                new LocalCluster.Timing("100ms", "400ms", "1s", "10s"),
                "primitive st ocf:heartbeat:Stateful op monitor interval=1s timeout=10s role=Promoted"
                        + " op monitor interval=2s timeout=10s role=Unpromoted\n"
                        + "clone st-clone st meta promotable=true\n");
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        assertTrue(cluster.awaitStatus("n2", s -> PROMOTED.matcher(s).find() && s.matches("(?s).*Unpromoted n\\d n\\d.*"),
                Duration.ofSeconds(60)), "one promoted, two unpromoted:\n" + cluster.shell("n2", "vigil:status").output);
        String first = promoted("n2");
        assertNotNull(first);
        cluster.kill(first);
        String survivor = first.equals("n1") ? "n2" : "n1";
        assertTrue(cluster.awaitStatus(survivor, s -> {
            Matcher m = PROMOTED.matcher(s);
            return m.find() && !m.group(1).equals(first);
        }, Duration.ofSeconds(30)), "another instance promoted:\n" + cluster.shell(survivor, "vigil:status").output);
    }
}
