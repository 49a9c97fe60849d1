package dev.vigil.policy;

import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/**
 * How groups and chains of colocations weigh on other resources: a member that may not run on
 * a node keeps its group's sort score there down (utilization) and keeps a promotion it depends
 * on off that node; the members after an unmanaged member keep the group's mandatory
 * colocations; an anti-colocated set keeps every member apart; an order naming a group does not
 * keep its members from migrating.
 */
class GroupDependencySemanticsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DUMMY_DIGEST = "f2317cad3d54cec5d7d7aa7d0bf35cf8";

    private static String cib(String properties, String nodes, String resources, String constraints,
            String status) {
        return "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/>" + properties
                + "</cluster_property_set></crm_config><nodes>" + nodes + "</nodes><resources>" + resources
                + "</resources><constraints>" + constraints + "</constraints>"
                + "<rsc_defaults><meta_attributes id='d'><nvpair id='d1' name='migration-threshold' value='1'/>"
                + "<nvpair id='d2' name='resource-stickiness' value='INFINITY'/></meta_attributes></rsc_defaults>"
                + "</configuration><status>" + status + "</status></cib>";
    }

    private static String node(String name, String utilization) {
        return "<node id='" + name + "' uname='" + name + "'>" + (utilization.isEmpty() ? ""
                : "<utilization id='" + name + "-u'>" + utilization + "</utilization>") + "</node>";
    }

    private static String online(String name, String attributes, String lrm) {
        return "<node_state id='" + name + "' uname='" + name + "' in_ccm='true' crmd='online' join='member' "
                + "expected='member'>" + (attributes.isEmpty() ? "" : "<transient_attributes id='" + name
                + "'><instance_attributes id='" + name + "-t'>" + attributes + "</instance_attributes>"
                + "</transient_attributes>") + "<lrm id='" + name + "'><lrm_resources>" + lrm
                + "</lrm_resources></lrm></node_state>";
    }

    private static String nvpair(String name, String value) {
        return "<nvpair id='" + name + "-" + value.hashCode() + "' name='" + name + "' value='" + value + "'/>";
    }

    private static String dummy(String id, String meta) {
        return "<primitive id='" + id + "' class='ocf' provider='pacemaker' type='Dummy'>" + (meta.isEmpty() ? ""
                : "<meta_attributes id='" + id + "-m'>" + meta + "</meta_attributes>") + "</primitive>";
    }

    private static String dummy(String id) {
        return dummy(id, "");
    }

    private static String group(String id, String meta, String... members) {
        StringBuilder b = new StringBuilder("<group id='" + id + "'>");
        if (!meta.isEmpty()) {
            b.append("<meta_attributes id='").append(id).append("-m'>").append(meta).append("</meta_attributes>");
        }
        for (String m : members) {
            b.append(m);
        }
        return b.append("</group>").toString();
    }

    /** The resource's history: started (rc 0) or probed not running (rc 7), by its start or probe. */
    private static String ran(String rsc, String type, boolean running) {
        String task = running ? "start" : "monitor";
        return "<lrm_resource id='" + rsc + "' class='ocf' provider='pacemaker' type='" + type + "'>"
                + "<lrm_rsc_op id='" + rsc + "_last_0' operation='" + task + "' interval='0' call-id='1' rc-code='"
                + (running ? 0 : 7) + "' op-status='0' transition-key='1:1:0:x' op-digest='" + DUMMY_DIGEST
                + "'/></lrm_resource>";
    }

    private static String running(String rsc) {
        return ran(rsc, "Dummy", true);
    }

    private static Transition compute(String xml) {
        Cib c = new CibReader("test").read(xml);
        return new PolicyEngine().compute(c.config(), c.status(), NOW);
    }

    private static List<String> revised(Transition t) {
        return t.revised().stream().map(p -> p.resource() + " " + p.role() + " " + p.node()).sorted()
                .collect(Collectors.toList());
    }

    @Test
    void underUtilizationAGroupWhoseLastMemberMayNotStayIsPlacedAfterOneThatStays() {
        // Each node holds one group. g1's last member failed on n1 (migration-threshold 1): g1
        // counts -INFINITY on n1 and sorts after g2, which keeps n2; g1 goes to the free n3.
        String capacity = "<nvpair id='cap' name='capacity' value='1'/>";
        String needs = "<utilization id='u'><nvpair id='need' name='capacity' value='1'/></utilization>";
        String g1 = group("g1", "", "<primitive id='a1' class='ocf' provider='pacemaker' type='Dummy'>" + needs
                + "</primitive>", dummy("b1"));
        String g2 = group("g2", "", "<primitive id='a2' class='ocf' provider='pacemaker' type='Dummy'>"
                + needs.replace("'u'", "'u2'").replace("'need'", "'need2'") + "</primitive>", dummy("b2"));
        Transition t = compute(cib(nvpair("placement-strategy", "utilization"),
                node("n1", capacity.replace("'cap'", "'c1'")) + node("n2", capacity.replace("'cap'", "'c2'"))
                        + node("n3", capacity.replace("'cap'", "'c3'")), g1 + g2, "",
                online("n1", nvpair("fail-count-b1", "1"), running("a1") + running("b1"))
                        + online("n2", "", running("a2") + running("b2")) + online("n3", "", "")));
        assertEquals(List.of("a1 Started n3", "a2 Started n2", "b1 Started n3", "b2 Started n2"), revised(t));
    }

    @Test
    void underUtilizationAGroupWhoseCloneMayNotStayIsPlacedAfterOneThatStays() {
        // The same, with both groups colocated with a clone whose instance failed on n1: the
        // clone may not run there any more, so neither may g1, which sorts after g2.
        String capacity = "<nvpair id='cap' name='capacity' value='1'/>";
        String g1 = group("g1", "", "<primitive id='a1' class='ocf' provider='pacemaker' type='Dummy'>"
                + "<utilization id='u1'><nvpair id='n1' name='capacity' value='1'/></utilization></primitive>");
        String g2 = group("g2", "", "<primitive id='a2' class='ocf' provider='pacemaker' type='Dummy'>"
                + "<utilization id='u2'><nvpair id='n2' name='capacity' value='1'/></utilization></primitive>");
        String clone = "<clone id='ping-clone'>" + dummy("ping") + "</clone>";
        String constraints = "<rsc_colocation id='c1' rsc='g1' with-rsc='ping-clone' score='INFINITY'/>"
                + "<rsc_colocation id='c2' rsc='g2' with-rsc='ping-clone' score='INFINITY'/>";
        Transition t = compute(cib(nvpair("placement-strategy", "utilization"),
                node("n1", capacity.replace("'cap'", "'c1'")) + node("n2", capacity.replace("'cap'", "'c2'"))
                        + node("n3", capacity.replace("'cap'", "'c3'")), clone + g1 + g2, constraints,
                online("n1", nvpair("fail-count-ping", "1"), running("a1") + running("ping"))
                        + online("n2", "", running("a2") + running("ping")) + online("n3", "", running("ping"))));
        List<String> placed = revised(t).stream().filter(x -> x.startsWith("a")).collect(Collectors.toList());
        assertEquals(List.of("a1 Started n3", "a2 Started n2"), placed);
    }

    @Test
    void membersAfterAnUnmanagedMemberKeepTheGroupsMandatoryColocation() {
        // The group must be with 'needed', which is disabled. The unmanaged first member stays
        // where it runs; the members after it may not start there (nor anywhere).
        String g = group("g", "", dummy("first", nvpair("is-managed", "false")), dummy("second"), dummy("third"));
        Transition t = compute(cib("", node("n1", "") + node("n2", ""),
                dummy("needed", nvpair("target-role", "Stopped")) + g,
                "<rsc_colocation id='c' rsc='g' with-rsc='needed' score='INFINITY'/>",
                online("n1", "", running("first")) + online("n2", "", "")));
        assertEquals(List.of(), summary(t));
        assertEquals(List.of("first Started (unmanaged) n1"), revised(t));
    }

    @Test
    void anAntiColocatedSetKeepsEveryMemberAwayFromEveryOther() {
        // Two nodes, three resources that may not share one: the third has nowhere to go (a
        // chain would only keep neighbours apart and put it with the first).
        String set = "<rsc_colocation id='apart' score='-INFINITY'><resource_set id='s'><resource_ref id='a'/>"
                + "<resource_ref id='b'/><resource_ref id='c'/></resource_set></rsc_colocation>";
        Transition t = compute(cib("", node("n1", "") + node("n2", ""), dummy("a") + dummy("b") + dummy("c"), set,
                online("n1", "", running("a")) + online("n2", "", running("b"))));
        assertEquals(List.of(), summary(t));
        assertEquals(List.of("a Started n1", "b Started n2"), revised(t));
    }

    @Test
    void aPromotionStaysOffANodeWhereSomethingDependingOnItThroughAGroupMayNotRun() {
        // fs must be with the promoted db; the group (assigned first, by priority) must be with
        // fs; its second member failed on n1. Both db instances score 5: the promotion moves to
        // n2, and fs and the group with it.
        String clone = "<clone id='db-clone'><meta_attributes id='dbm'>" + nvpair("promotable", "true")
                + "</meta_attributes><primitive id='db' class='ocf' provider='pacemaker' type='Stateful'/></clone>";
        String g = group("g", nvpair("priority", "10"), dummy("app"), dummy("web"));
        String constraints = "<rsc_colocation id='c1' rsc='fs' with-rsc='db-clone' with-rsc-role='Promoted' "
                + "score='INFINITY'/><rsc_colocation id='c2' rsc='g' with-rsc='fs' score='INFINITY'/>";
        String promoted = "<lrm_resource id='db' class='ocf' provider='pacemaker' type='Stateful'>"
                + "<lrm_rsc_op id='db_last_0' operation='promote' interval='0' call-id='2' rc-code='0' op-status='0' "
                + "transition-key='1:1:0:x' op-digest='" + DUMMY_DIGEST + "'/></lrm_resource>";
        Transition t = compute(cib("", node("n1", "") + node("n2", ""), clone + dummy("fs") + g, constraints,
                online("n1", nvpair("master-db", "5") + nvpair("fail-count-web", "1"),
                        promoted + running("fs") + running("app") + running("web"))
                        + online("n2", nvpair("master-db", "5"), ran("db", "Stateful", true))));
        List<String> s = summary(t);
        assertTrue(s.stream().anyMatch(x -> x.startsWith("Demote db") && x.contains("n1")), s.toString());
        assertTrue(s.stream().anyMatch(x -> x.startsWith("Promote db") && x.contains("n2")), s.toString());
        assertTrue(s.containsAll(List.of("Move fs ( n1 -> n2 )", "Move app ( n1 -> n2 )", "Move web ( n1 -> n2 )")),
                s.toString());
    }

    @Test
    void anOrderNamingAGroupDoesNotKeepItsMembersFromMigrating() {
        // fs cannot migrate and moves; the group, ordered after it and with it, migrates member
        // by member (the order is between the group's pseudo actions, not its members).
        String g = group("g", nvpair("allow-migrate", "true"), dummy("ip1"), dummy("ip2"));
        String constraints = "<rsc_location id='l' rsc='fs' node='n1' score='-INFINITY'/>"
                + "<rsc_colocation id='c' rsc='g' with-rsc='fs' score='INFINITY'/>"
                + "<rsc_order id='o' first='fs' then='g'/>";
        Transition t = compute(cib("", node("n1", "") + node("n2", ""), dummy("fs") + g, constraints,
                online("n1", "", running("fs") + running("ip1") + running("ip2")) + online("n2", "", "")));
        assertEquals(List.of("Move fs ( n1 -> n2 )", "Migrate ip1 ( n1 -> n2 )", "Migrate ip2 ( n1 -> n2 )"),
                summary(t));
    }
}
