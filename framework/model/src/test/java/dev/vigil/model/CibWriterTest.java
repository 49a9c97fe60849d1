package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CibWriterTest {
    private static final String CONFIG = String.join("\n",
            "version 7",
            "property stonith-enabled=true no-quorum-policy=stop cluster-name=\"a & <b> 'c'\"",
            "rsc_defaults resource-stickiness=100",
            "op_defaults timeout=30s",
            "node n1 attributes rack=1 utilization cpu=8",
            "node n2 attributes rack=2 \"#id\"=2",
            "primitive fence-n1 stonith:fence_ipmilan params ip=10.0.1.1 pcmk_host_list=n1 op monitor interval=60s",
            "primitive fence-pdu stonith:fence_apc_snmp params \"pcmk_host_map=n1:1;n2:2\"",
            "primitive db ocf:heartbeat:pgsql params pgdata=/var/lib/pg op monitor interval=10s role=Promoted "
                    + "op monitor interval=11s role=Unpromoted op start interval=0s timeout=120s on-fail=restart "
                    + "op monitor interval=30s enabled=false op_params OCF_CHECK_LEVEL=10",
            "clone db-clone db meta promotable=true promoted-max=1",
            "primitive ip ipaddr params ip=10.0.0.100 meta target-role=Started utilization cpu=1",
            "primitive web webserver op monitor interval=5s",
            "group front ip web meta resource-stickiness=200",
            "clone front-clone front meta interleave=true",
            "primitive a dummy", "primitive b dummy", "primitive c dummy",
            "location prefer-n1 db-clone:Promoted 100: n1",
            "location by-rack front-clone rule $role=Started 50: rack eq 1 and \"#uname\" string:ne n3 "
                    + "rule -INFINITY: not_defined rack or rack number:lt 1",
            "location by-score a rule score-attribute=pingd: defined pingd",
            "colocation front-with-db inf: front-clone db-clone:Promoted",
            "colocation abc inf: a b c",
            "order db-then-front Mandatory: db-clone:promote front-clone:start",
            "order parallel Optional: a ( b c ) symmetrical=false",
            "order any-of Mandatory: [ a b ] c",
            "fencing_topology n1: fence-n1 fence-pdu n2: fence-pdu");

    @Test
    void configurationTextThroughCibXmlIsWrittenAsTheSameText() {
        ClusterConfig config = new ConfigReader("test").read(CONFIG);
        String cib = CibWriter.write(config);
        ClusterConfig back = new CibReader("written").read(cib).config();
        assertEquals(List.of(), ModelDiff.between(Cib.of(config, emptyStatus()), Cib.of(back, emptyStatus())));
        assertEquals(config, back);
        String text = ConfigWriter.write(config);
        assertEquals(text, ConfigWriter.write(back));
        assertEquals(config, new ConfigReader("rewritten").read(text));
    }

    @Test
    void theReadmeExamplesReadAndRoundTrip() {
        ClusterConfig config = new ConfigReader("README").read(String.join("\n",
                "primitive web dummy", "primitive vip dummy", "primitive fs dummy", "primitive disk1 dummy",
                "primitive disk2 dummy", "primitive pg dummy", "clone db-clone pg meta promotable=true",
                "primitive w1 dummy", "group web-group w1",
                "location on-fast-racks web rule 100: rack eq 1 or rack eq 2 rule -INFINITY: not_defined rack",
                "location by-ping vip rule score-attribute=pingd: defined pingd",
                "location not-n3 db-clone:Promoted rule $role=Promoted -INFINITY: \"#uname\" string:eq n3",
                "colocation stack inf: fs db vip",
                "order boot Mandatory: fs ( db web ) vip",
                "order any-disk Mandatory: [ disk1 disk2 ] db",
                "primitive db ocf:heartbeat:pgsql op monitor interval=30s enabled=false op_params OCF_CHECK_LEVEL=10",
                "clone web-clone web-group meta interleave=true"));
        assertEquals(2, config.locations().get(0).rules().size());
        assertEquals(List.of("stack-0", "stack-1"), config.colocations().stream().map(Colocation::id).toList());
        assertEquals(6, config.orders().size()); // fs before db and web, both before vip; each disk before db
        ClusterConfig back = new CibReader("written").read(CibWriter.write(config)).config();
        assertEquals(config, back);
        assertEquals(ConfigWriter.write(config), ConfigWriter.write(back));
    }

    @Test
    void writesPacemakerElementsForEachPart() {
        String cib = CibWriter.write(new ConfigReader("test").read(CONFIG));
        assertTrue(cib.contains("<primitive id=\"fence-n1\" class=\"stonith\" type=\"fence_ipmilan\">"), cib);
        assertTrue(cib.contains("<primitive id=\"ip\" class=\"ocf\" provider=\"vigil\" type=\"ipaddr\">"), cib);
        assertTrue(cib.contains("<clone id=\"front-clone\">"), cib);
        assertTrue(cib.contains("<fencing-level id=\"fl-n1-2\" index=\"2\" devices=\"fence-pdu\" target=\"n1\"/>"),
                cib);
        assertTrue(cib.contains("<node id=\"2\" uname=\"n2\">"), cib);
        assertTrue(cib.contains("value=\"a &amp; &lt;b&gt; 'c'\""), cib);
        assertTrue(cib.contains("<rule id=\"by-rack-rule\" score=\"50\" role=\"Started\" boolean-op=\"and\">"), cib);
        assertTrue(cib.contains("<expression id=\"by-rack-rule-expr-1\" attribute=\"#uname\" operation=\"ne\" "
                + "value=\"n3\" type=\"string\"/>"), cib);
        assertTrue(cib.contains("<rsc_order id=\"any-of-0\" first=\"a\" first-action=\"start\" then=\"c\" "
                + "then-action=\"start\" kind=\"Mandatory\" symmetrical=\"true\" require-all=\"false\"/>"), cib);
    }

    @Test
    void theSameInputAlwaysGivesTheSameDocument() {
        ClusterConfig config = new ConfigReader("test").read(CONFIG);
        assertEquals(CibWriter.write(config), CibWriter.write(new ConfigReader("again").read(CONFIG)));
    }

    @Test
    void liveStatusIsWrittenSoThatItReadsBackAsTheSameStates() {
        ClusterConfig config = new ConfigReader("test").read(String.join("\n", "property stonith-enabled=true",
                "node n1", "node n2", "node n3", "node n4",
                "primitive web dummy op monitor interval=10s", "primitive db dummy",
                "primitive pg dummy", "clone pg-clone pg meta promotable=true"));
        RecordedOperation start = RecordedOperation.of("start", Duration.ZERO, "d1", null, null);
        RecordedOperation monitor = RecordedOperation.of("monitor", Duration.ofSeconds(10), "d2", null, null);
        Instant failedAt = Instant.parse("2026-12-04T10:00:00Z");
        NodeStatus n1 = NodeStatus.of("n1", true, Map.of(
                "web", ResourceState.of(ResourceRole.STARTED).withRecorded(List.of(start, monitor)),
                "db", ResourceState.failedBy(ResourceRole.FAILED, 0, failedAt, "monitor failed (rc=7, status=0)",
                        "monitor", Duration.ofSeconds(10)).withRecorded(List.of(start, monitor)).withFailCount(1),
                "pg:0", ResourceState.of(ResourceRole.PROMOTED).withRecorded(List.of(start,
                        RecordedOperation.of("promote", Duration.ZERO, "d3", null, null)))),
                Map.of("fail-count-db#monitor_10000", "1"), false);
        NodeStatus n2 = NodeStatus.unclean("n2", Map.of("web", ResourceState.of(ResourceRole.STOPPED)), Map.of());
        NodeStatus n3 = NodeStatus.of("n3", false, Map.of(), Map.of(), false);
        NodeStatus n4 = NodeStatus.unclean("n4", false, Map.of(), Map.of(), "node is unclean");
        ClusterStatus status = ClusterStatus.of(Map.of("n1", n1, "n2", n2, "n3", n3, "n4", n4), true, "n1",
                List.of("n1", "n2", "n3"));
        Cib read = new CibReader("written").read(CibWriter.write(config, status));
        assertEquals(List.of(), ModelDiff.between(Cib.of(config, status), read));
        assertEquals(status, read.status());
    }

    @Test
    void aSettledHardErrorAndAnOperationInFlightReadBackTheSame() {
        ClusterConfig config = new ConfigReader("test").read("node n1\nprimitive a dummy\nprimitive b dummy");
        ResourceState banned = ResourceState.of(ResourceRole.STOPPED).withFailCount(Score.INFINITY);
        ResourceState starting = ResourceState.of(ResourceRole.STARTED).withRecorded(
                List.of(RecordedOperation.of("start", Duration.ZERO, "d", null, null).asPending()));
        ClusterStatus status = ClusterStatus.of(Map.of("n1", NodeStatus.of("n1", true, Map.of("a", banned,
                "b", starting), Map.of(), false)), true, "n1");
        Cib read = new CibReader("written").read(CibWriter.write(config, status));
        assertEquals(List.of(), ModelDiff.between(Cib.of(config, status), read));
    }

    @Test
    void whatTheStatusDoesNotKeepIsAddedAsPacemakerRecordsIt() {
        ClusterConfig config = new ConfigReader("test").read("node n1\nprimitive pg dummy\nclone c pg meta promotable=true");
        NodeStatus n1 = NodeStatus.of("n1", true, Map.of("pg:0", ResourceState.of(ResourceRole.STARTED)
                .withRecorded(List.of(RecordedOperation.of("start", Duration.ZERO, null, null, null)))
                .withPromotionScore(5).withFailCount(2)), Map.of(), false);
        Cib read = new CibReader("written").read(CibWriter.write(config, ClusterStatus.of(Map.of("n1", n1), true,
                "n1")));
        NodeStatus back = read.status().nodes().get("n1");
        assertEquals("5", back.attributes().get("master-pg:0"));
        assertEquals(2, back.resource("pg:0").failCount());
        assertEquals(ResourceRole.STARTED, back.resource("pg:0").role());
    }

    @Test
    void xmlValuesAreEscapedAndUnwritableCharactersRefused() {
        assertEquals("a&amp;b&lt;c&gt;&quot;&#10;&#9;'", XmlWriter.escape("a&b<c>\"\n\t'"));
        assertThrows(IllegalArgumentException.class, () -> XmlWriter.escape("bell\u0007"));
    }

    @Test
    void derivedIdsAreValidXmlNamesAndUnique() {
        CibIds ids = new CibIds();
        ids.reserve("web");
        assertEquals("web-1", ids.derive("web"));
        assertEquals("_1-x_y", ids.derive("1", "x y"));
        assertEquals("_1-x_y-1", ids.derive("1", "x y"));
    }

    private static ClusterStatus emptyStatus() {
        return ClusterStatus.of(Map.of(), false, null);
    }
}
