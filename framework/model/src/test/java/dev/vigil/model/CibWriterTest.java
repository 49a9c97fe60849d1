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
                "location office-hours web rule 200: date date_spec hours=9-17 weekdays=1-5",
                "location after-move vip rule -INFINITY: date lt 2026-06-01 or date in_range start=2026-07-01 weeks=2",
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
        // as a node records them: with the agent it ran, and the monitor it runs since the start
        String agent = "ocf:vigil:dummy";
        NodeStatus n1 = NodeStatus.of("n1", true, Map.of(
                "web", ResourceState.of(ResourceRole.STARTED).withRecorded(List.of(start, monitor))
                        .withRecurring(List.of(monitor)).withAgent(agent),
                "db", ResourceState.failedBy(ResourceRole.FAILED, 0, failedAt, "monitor failed (rc=7, status=0)",
                        "monitor", Duration.ofSeconds(10)).withRecorded(List.of(start, monitor)).withFailCount(1)
                        .withRecurring(List.of(monitor)).withAgent(agent),
                "pg:0", ResourceState.of(ResourceRole.PROMOTED).withRecorded(List.of(start,
                        RecordedOperation.of("promote", Duration.ZERO, "d3", null, null))).withAgent(agent)),
                Map.of("fail-count-db#monitor_10000", "1"), false);
        NodeStatus n2 = NodeStatus.unclean("n2", Map.of("web", ResourceState.of(ResourceRole.STOPPED).withAgent(agent)),
                Map.of());
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
        ResourceState banned = ResourceState.of(ResourceRole.STOPPED).withFailCount(Score.INFINITY)
                .withAgent("ocf:vigil:dummy");
        ResourceState starting = ResourceState.of(ResourceRole.STARTED).withRecorded(
                List.of(RecordedOperation.of("start", Duration.ZERO, "d", null, null).asPending()))
                .withAgent("ocf:vigil:dummy");
        ClusterStatus status = ClusterStatus.of(Map.of("n1", NodeStatus.of("n1", true, Map.of("a", banned,
                "b", starting), Map.of(), false)), true, "n1");
        Cib read = new CibReader("written").read(CibWriter.write(config, status));
        assertEquals(List.of(), ModelDiff.between(Cib.of(config, status), read));
    }

    @Test
    void aStateWithNoAgentRecordedIsWrittenWithTheConfiguredOne() {
        ClusterConfig config = new ConfigReader("test").read(
                "node n1\nprimitive a dummy\nprimitive b ocf:heartbeat:IPaddr2\nprimitive c ocf:heartbeat:IPaddr2");
        ClusterStatus status = ClusterStatus.of(Map.of("n1", NodeStatus.of("n1", true, Map.of(
                "a", ResourceState.of(ResourceRole.STOPPED), "b", ResourceState.of(ResourceRole.STOPPED),
                "c", ResourceState.of(ResourceRole.STOPPED).withAgent("ocf:heartbeat:IPaddr"),
                "gone", ResourceState.of(ResourceRole.STOPPED).withAgent("lsb:gone")), Map.of(), false)), true, "n1");
        NodeStatus back = new CibReader("written").read(CibWriter.write(config, status)).status().nodes().get("n1");
        assertEquals("ocf:vigil:dummy", back.resource("a").agent());
        assertEquals("ocf:heartbeat:IPaddr2", back.resource("b").agent());
        assertEquals("ocf:heartbeat:IPaddr", back.resource("c").agent()); // recorded before the agent changed
        assertEquals("lsb:gone", back.resource("gone").agent());
    }

    /** Three nodes, resources vm, vm2 and vm3 that may migrate live (see {@link #migrations(ClusterConfig)}). */
    static final String MIGRATING = String.join("\n", "property stonith-enabled=false",
            "node n1", "node n2", "node n3",
            "primitive vm ocf:heartbeat:Dummy op monitor interval=10s meta allow-migrate=true",
            "primitive vm2 ocf:heartbeat:Dummy op monitor interval=10s meta allow-migrate=true",
            "primitive vm3 ocf:heartbeat:Dummy meta allow-migrate=true",
            "location vm-prefers-n2 vm 100: n2");

    /**
     * vm: migrate_to done on n1, migrate_from still to do on n2 (active on both); vm2: migrated
     * from n1 to n3, n1 not yet cleaned up (it owes a stop there); vm3: migrated from n1 to a
     * node that has left, failed on n1 with no failed operation.
     */
    static ClusterStatus migrations(ClusterConfig config) {
        String agent = "ocf:heartbeat:Dummy";
        // the digests of the configured parameters (vm and vm2 have the same), as a node records them
        Resource vm = config.resource("vm").orElseThrow();
        String startDigest = OperationDigest.of(OperationDigest.parameters(vm, "start", Duration.ZERO));
        String monitorDigest = OperationDigest.of(OperationDigest.parameters(vm, "monitor", Duration.ofSeconds(10)));
        RecordedOperation start = RecordedOperation.of("start", Duration.ZERO, startDigest, null, null);
        RecordedOperation monitor = RecordedOperation.of("monitor", Duration.ofSeconds(10), monitorDigest, null, null);
        RecordedOperation probe = RecordedOperation.of("monitor", Duration.ZERO, startDigest, null, null);
        RecordedOperation migrateFrom = RecordedOperation.of("migrate_from", Duration.ZERO, startDigest, null, null);
        ResourceState running = ResourceState.of(ResourceRole.STARTED).withRecorded(List.of(start, monitor))
                .withRecurring(List.of(monitor)).withAgent(agent);
        NodeStatus n1 = NodeStatus.of("n1", true, Map.of("vm", running,
                "vm2", running.withRole(ResourceRole.STOPPED),
                "vm3", ResourceState.of(ResourceRole.FAILED).withRecorded(List.of(start)).withAgent(agent)),
                Map.of(), false);
        NodeStatus n2 = NodeStatus.of("n2", true, Map.of("vm", ResourceState.of(ResourceRole.STARTED)
                .withRecorded(List.of(probe)).withAgent(agent)), Map.of(), false);
        NodeStatus n3 = NodeStatus.of("n3", true, Map.of("vm2", ResourceState.of(ResourceRole.STARTED)
                .withRecorded(List.of(migrateFrom, monitor)).withRecurring(List.of(monitor)).withAgent(agent)),
                Map.of(), false);
        return ClusterStatus.of(Map.of("n1", n1, "n2", n2, "n3", n3), true, "n1", List.of("n1", "n2", "n3"))
                .withMigrations(Map.of("vm", MigrationStatus.none().withPartial("n1", "n2"),
                        "vm2", MigrationStatus.none().withDangling("n1")));
    }

    @Test
    void liveMigrationsHalfDoneOrOwingAStopReadBackTheSame() {
        ClusterConfig config = new ConfigReader("test").read(MIGRATING);
        ClusterStatus status = migrations(config);
        Cib read = new CibReader("written").read(CibWriter.write(config, status));
        assertEquals(List.of(), ModelDiff.between(Cib.of(config, status), read));
        assertEquals(status, read.status());
    }

    @Test
    void ticketsAndDateRulesReadBackTheSame() {
        ClusterConfig config = new ConfigReader("test").read("node n1\nprimitive a dummy\nprimitive b dummy\n"
                + "clone c b meta promotable=true");
        LocationConstraint dated = LocationConstraint.ofRules("office-hours", "a", null, List.of(
                Rule.of("office-hours-rule", Score.of(100), null, null, true, List.of(),
                        List.of(DateExpression.after(Instant.parse("2026-01-01T00:00:00Z")),
                                DateExpression.inRange(Instant.parse("2026-01-01T08:30:00Z"), null),
                                DateExpression.dateSpec(Map.of(DateExpression.Field.HOURS,
                                        DateExpression.Range.of(9L, 17L), DateExpression.Field.WEEKDAYS,
                                        DateExpression.Range.of(1L, 5L), DateExpression.Field.YEARS,
                                        DateExpression.Range.of(2026L, null)))),
                        List.of(Rule.of("office-hours-before", Score.of(5), null, null, false, List.of(),
                                List.of(DateExpression.before(Instant.parse("2030-06-30T12:00:00Z"))), List.of())))));
        ClusterConfig.Builder b = ClusterConfig.builder().version(config.version());
        config.nodeAttributes().keySet().forEach(b::node);
        config.resources().forEach(b::resource);
        config.clones().forEach(b::clone);
        ClusterConfig withTickets = b.location(dated)
                .ticket(TicketConstraint.of("a-needs-t1", "t1", "a", null, null))
                .ticket(TicketConstraint.of("c-needs-t2", "t2", "c", "Promoted", null))
                .ticket(TicketConstraint.of("c-fenced-t1", "t1", "c", null, TicketConstraint.LossPolicy.FENCE))
                .ticketState(TicketState.of("t1", true, false, 1764892800L))
                .ticketState(TicketState.of("t2", true, true, null)).build();
        String cib = CibWriter.write(withTickets);
        assertTrue(cib.contains("<date_spec id=\"office-hours-rule-date-2-spec\" years=\"2026-\" hours=\"9-17\" "
                + "weekdays=\"1-5\"/>"), cib);
        assertTrue(cib.contains("operation=\"gt\" start=\"2026-01-01 00:00:00 +00:00\"/>"), cib);
        Cib read = new CibReader("written").read(cib);
        assertEquals(List.of(), ModelDiff.between(Cib.of(withTickets, read.status()), read));
        assertEquals(withTickets, read.config());
        assertTrue(cib.contains("<rsc_ticket id=\"c-needs-t2\" ticket=\"t2\" rsc=\"c\" rsc-role=\"Promoted\"/>"), cib);
        assertTrue(cib.contains("<ticket_state id=\"t1\" granted=\"true\" last-granted=\"1764892800\"/>"), cib);
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
