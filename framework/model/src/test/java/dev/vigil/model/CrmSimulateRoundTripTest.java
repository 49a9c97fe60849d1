package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pacemaker's own scheduler takes a written CIB for the one it was written from: for a sample
 * of the regression CIBs (groups, clones, promotable clones, fencing, failures, rules, ordering,
 * utilization), {@code crm_simulate -S} on the written CIB gives the same transition summary
 * as on the original. Needs {@code crm_simulate} (Debian's pacemaker-cli-utils, which
 * {@code ./vigil test} installs); without it this test fails.
 */
class CrmSimulateRoundTripTest {
    private static final List<String> SAMPLE = List.of("group-anticolocation", "group13", "clone-anon-failcount",
            "clone-require-all-4", "promoted-1", "promoted-colocation", "rec-node-2", "bug-5069-op-enabled",
            "on-fail-ignore", "failed-probe-clone", "rule-int-as-number-no-match", "order-required",
            "utilization-groups-balanced", "suicide-needed-inquorate", "monitor-onfail-stop", "params-5",
            "obsolete-lrm-resource", "bug-5014-CLONE-A-stop-B-started");

    @TempDir
    Path dir;

    @Test
    void crmSimulateSchedulesWrittenCibsAsTheOriginals() throws Exception {
        List<String> differences = new ArrayList<>();
        for (String name : SAMPLE) {
            Path original = CibRoundTripTest.CASES.resolve(name).resolve("cib.xml");
            assertTrue(Files.isRegularFile(original), "no regression case " + original);
            Cib cib = new CibReader(original.toString()).read(Files.readString(original));
            Path written = dir.resolve(name + ".xml");
            Files.writeString(written, CibWriter.write(cib));
            String before = transitionSummary(original), after = transitionSummary(written);
            if (!before.equals(after)) {
                differences.add(name + ":\n--- original\n" + before + "--- written\n" + after);
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " of " + SAMPLE.size() + " written CIBs schedule otherwise:\n"
                    + String.join("\n", differences));
        }
    }

    @Test
    void crmSimulatePlacesAConfigurationWrittenFromTheLanguage() throws Exception {
        ClusterConfig config = new ConfigReader("test").read(String.join("\n",
                "property stonith-enabled=false",
                "node n1", "node n2",
                "primitive a ocf:heartbeat:Dummy op monitor interval=10s",
                "primitive b dummy",
                "group g a b",
                "location prefer-n1 g 50: n1"));
        Path written = dir.resolve("config.xml");
        ClusterStatus up = ClusterStatus.of(Map.of("n1", NodeStatus.of("n1", true, Map.of()),
                "n2", NodeStatus.of("n2", true, Map.of())), true, "n1");
        Files.writeString(written, CibWriter.write(config, up));
        String summary = transitionSummary(written);
        assertTrue(summary.matches("(?s).*Start +a +\\( +n1 \\).*"), summary);
        assertTrue(summary.matches("(?s).*Start +b +\\( +n1 \\).*"), summary);
    }

    @Test
    void crmSimulateFinishesAWrittenHalfDoneMigrationAndRecoversAFailedOne() throws Exception {
        Path written = dir.resolve("migrations.xml");
        ClusterConfig config = new ConfigReader("test").read(CibWriterTest.MIGRATING);
        Files.writeString(written, CibWriter.write(config, CibWriterTest.migrations(config)));
        String summary = transitionSummary(written);
        assertTrue(summary.matches("(?s).*Migrate +vm +\\( +n1 -> n2 \\).*"), summary);
        assertTrue(summary.matches("(?s).*Recover +vm3 .*"), summary);
        assertTrue(!summary.contains("vm2"), summary); // it runs on n3; the stop owed on n1 is no move
    }

    /** crm_simulate -S's "Transition Summary" section. */
    static String transitionSummary(Path cib) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("crm_simulate", "-x", cib.toString(), "-S").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("crm_simulate is needed (Debian: apt-get install pacemaker-cli-utils): "
                    + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "crm_simulate did not finish");
        assertEquals(0, p.exitValue(), "crm_simulate refused " + cib + ":\n" + out);
        int from = out.indexOf("Transition Summary:");
        int to = out.indexOf("Executing Cluster Transition:");
        assertTrue(from >= 0, "no transition summary from crm_simulate for " + cib + ":\n" + out);
        return out.substring(from, to < 0 ? out.length() : to);
    }
}
