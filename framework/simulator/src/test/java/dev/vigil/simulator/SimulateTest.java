package dev.vigil.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateTest {
    private static final String CIB = String.join("\n",
            "<cib epoch='3' have-quorum='1' dc-uuid='1'>",
            "  <configuration>",
            "    <crm_config><cluster_property_set id='o'>",
            "      <nvpair id='s' name='stonith-enabled' value='false'/>",
            "    </cluster_property_set></crm_config>",
            "    <nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes>",
            "    <resources>",
            "      <primitive id='web' class='ocf' provider='heartbeat' type='Dummy'>",
            "        <meta_attributes id='m'><nvpair id='st' name='resource-stickiness' value='100'/></meta_attributes>",
            "      </primitive>",
            "    </resources>",
            "    <constraints><rsc_location id='prefer-n2' rsc='web' node='n2' score='50'/></constraints>",
            "  </configuration>",
            "  <status>",
            "    <node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member'>",
            "      <lrm id='1'><lrm_resources><lrm_resource id='web' class='ocf' provider='heartbeat' type='Dummy'>",
            "        <lrm_rsc_op id='web_start_0' operation='start' call-id='2' rc-code='0' op-status='0' interval='0'"
                    + " transition-key='1:1:0:x' transition-magic='0:0;1:1:0:x'"
                    + " op-digest='f2317cad3d54cec5d7d7aa7d0bf35cf8'/>",
            "      </lrm_resource></lrm_resources></lrm>",
            "    </node_state>",
            "    <node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member'/>",
            "  </status>",
            "</cib>", "");

    @TempDir
    Path dir;

    private String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = Simulate.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(rc), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    private Path cib() throws Exception {
        return Files.writeString(dir.resolve("cib.xml"), CIB);
    }

    @Test
    void simulatePrintsCrmSimulatesLayout() throws Exception {
        String[] r = run("-x", cib().toString(), "-S", "-D", dir.resolve("g.dot").toString());
        assertEquals("0", r[0], r[2]);
        String out = r[1];
        assertTrue(out.contains("Current cluster status:"), out);
        assertTrue(out.contains("* web\t(ocf:heartbeat:Dummy):\t Started n1"), out);
        assertTrue(out.contains("Transition Summary:"), out);
        assertTrue(out.contains("Revised Cluster Status:"), out);
        assertTrue(out.contains("web_monitor_0") || out.contains("monitor on n2"), "probe on n2: " + out);
        String dot = Files.readString(dir.resolve("g.dot"));
        assertTrue(dot.startsWith(" digraph \"g\" {"), dot);
    }

    @Test
    void stickinessOutweighsTheSmallerPreference() throws Exception {
        String json = run("-x", cib().toString(), "--json")[1];
        assertTrue(json.contains("\"placement\": [[\"web\", \"Started\", \"n1\", 1]]"), json);
        assertTrue(json.contains("\"transitions\": []"), json);
    }

    @Test
    void showScoresListsEveryNode() throws Exception {
        String out = run("-x", cib().toString(), "-s", "-R")[1];
        assertTrue(out.contains("pcmk__primitive_assign: web allocation score on n1: 100"), out);
        assertTrue(out.contains("pcmk__primitive_assign: web allocation score on n2: 50"), out);
    }

    @Test
    void explainNamesEachContribution() throws Exception {
        String out = run("-x", cib().toString(), "--explain", "web")[1];
        assertTrue(out.startsWith("web: placed on n1 (score 100)"), out);
        assertTrue(out.contains("resource-stickiness, running here: +100"), out);
        assertTrue(out.contains("location prefer-n2: +50"), out);
        assertEquals("1", run("-x", cib().toString(), "--explain", "nope")[0]);
    }

    @Test
    void aBrokenCibIsRefusedWithItsLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.xml"), CIB.replace("<primitive id='web'", "<bundle id='c'><primitive id='web'")
                .replace("</primitive>\n    </resources>", "</primitive></bundle>\n    </resources>"));
        String[] r = run("-x", bad.toString(), "-S");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("bad.xml:8") && r[2].contains("bundle"), r[2]);
        assertEquals("2", run("-S")[0], "no -x: usage");
    }

    @Test
    void aBundleIsListedReplicaByReplicaAndNotExported() throws Exception {
        Path bundled = Files.writeString(dir.resolve("bundle.xml"), CIB.replace("    </resources>",
                "      <bundle id='app'><docker image='app:1' replicas='2'/><network ip-range-start='192.0.2.5'/>"
                        + "<primitive id='srv' class='ocf' provider='heartbeat' type='Dummy'/></bundle>\n    </resources>"));
        String[] r = run("-x", bundled.toString(), "-S");
        assertEquals("0", r[0], r[2]);
        String revised = r[1].substring(r[1].indexOf("Revised Cluster Status"));
        assertTrue(revised.contains("* Container bundle set: app [app:1]:\n"), revised);
        assertTrue(revised.contains("* app-0 (192.0.2.5)\t(ocf:heartbeat:Dummy):\t Started n"), revised);
        assertTrue(revised.contains("* app-1 (192.0.2.6)\t(ocf:heartbeat:Dummy):\t Started n"), revised);
        assertTrue(!revised.contains("app-docker-0\t") && !revised.contains("Clone Set: app-clone"),
                "its implicit resources are not listed apart: " + revised);
        String[] export = run("-x", bundled.toString(), "--export-cib", "-");
        assertEquals("1", export[0]);
        assertTrue(export[2].contains("bundles cannot be written back"), export[2]);
    }

    /** Fencing enabled, a device, and n1 gone from the membership while running web. */
    private Path lostNode() throws Exception {
        String cib = CIB.replace("value='false'", "value='true'")
                .replace("    </resources>", "      <primitive id='fence1' class='stonith' type='fence_dummy'/>\n    </resources>")
                .replace("<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member'>",
                        "<node_state id='1' uname='n1' in_ccm='false' crmd='offline' join='member' expected='member'>")
                .replace("<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member'/>",
                        "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>");
        return Files.writeString(dir.resolve("lost.xml"), cib);
    }

    @Test
    void aLostNodeIsFencedAsCrmSimulatePrintsIt() throws Exception {
        String[] r = run("-x", lostNode().toString(), "-S", "-D", dir.resolve("f.dot").toString());
        assertEquals("0", r[0], r[2]);
        String out = r[1];
        assertTrue(out.contains("* Node n1: UNCLEAN (offline)"), out);
        assertTrue(out.contains("* web\t(ocf:heartbeat:Dummy):\t Started n1 (UNCLEAN)"), out);
        assertTrue(out.contains("* Fence (reboot) n1 'peer is no longer part of the cluster'"), out);
        assertTrue(out.contains("* Fencing n1 (reboot)"), out);
        assertTrue(out.contains("* Pseudo action:   web_stop_0"), out);
        String revised = out.substring(out.indexOf("Revised Cluster Status:"));
        assertTrue(revised.contains("* OFFLINE: [ n1 ]") && revised.contains("Started n2"), revised);
        String dot = Files.readString(dir.resolve("f.dot"));
        assertTrue(dot.contains("\"stonith 'reboot' n1\" -> \"web_start_0 n2\" [ style = bold]"), dot);
        assertTrue(dot.contains("\"web_stop_0 n1\" [ style=bold color=\"green\" fontcolor=\"orange\"]"), dot);
    }
}
