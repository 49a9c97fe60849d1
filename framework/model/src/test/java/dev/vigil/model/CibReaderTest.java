package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class CibReaderTest {
    private static String cib(String resources, String constraints, String status) {
        return "<cib epoch='1' have-quorum='1'>\n<configuration>\n<crm_config/>\n"
                + "<nodes><node id='1' uname='a'><instance_attributes id='i'><nvpair id='x' name='rack' value='2'/>"
                + "</instance_attributes></node><node id='2' uname='b'/></nodes>\n"
                + "<resources>" + resources + "</resources>\n<constraints>" + constraints + "</constraints>\n"
                + "</configuration>\n<status>" + status + "</status>\n</cib>\n";
    }

    private static final String STATE_A = "<node_state id='1' uname='a' in_ccm='true' crmd='online' join='member'>"
            + "<transient_attributes id='t'><instance_attributes id='ti'>"
            + "<nvpair id='f' name='fail-count-r1#monitor_10000' value='2'/></instance_attributes></transient_attributes>"
            + "<lrm id='l'><lrm_resources><lrm_resource id='r1'>"
            + "<lrm_rsc_op id='o1' operation='start' call-id='2' rc-code='0' op-status='0' interval='0'/>"
            + "<lrm_rsc_op id='o2' operation='monitor' call-id='3' rc-code='7' op-status='0' interval='10000'/>"
            + "</lrm_resource></lrm_resources></lrm></node_state>";

    @Test
    void readsGroupsConstraintsRulesAndHistory() {
        Cib c = new CibReader("t").read(cib(
                "<group id='g'><primitive id='r1' class='ocf' provider='heartbeat' type='Dummy'/>"
                        + "<primitive id='r2' class='ocf' provider='heartbeat' type='Dummy'/></group>",
                "<rsc_location id='l' rsc='g'><rule id='ru' score='10'>"
                        + "<expression id='e' attribute='rack' operation='gt' value='1'/></rule></rsc_location>"
                        + "<rsc_order id='o' first='r1' then='r2' kind='Optional'/>",
                STATE_A));
        assertEquals(List.of("r1", "r2"), c.config().group("g").orElseThrow().members());
        Rule rule = c.config().locations().get(0).rules().get(0);
        assertTrue(rule.matches(Map.of("rack", "2")));
        assertFalse(rule.matches(Map.of("rack", "1")));
        assertEquals(Order.Kind.OPTIONAL, c.config().orders().get(0).kind());
        ResourceState r1 = c.status().nodes().get("a").resource("r1");
        assertEquals(ResourceRole.FAILED, r1.role(), "the recurring monitor found it not running");
        assertEquals(2, r1.failCount());
        assertEquals("monitor", r1.failedAction());
        assertFalse(c.status().nodes().get("b").online(), "no node_state: offline");
        assertTrue(c.status().quorate());
    }

    @Test
    void readsClonesOfPrimitivesAndGroupsAndLegacyPromotableNames() {
        String promotedOnB = "<node_state id='2' uname='b' in_ccm='true' crmd='online' join='member'>"
                + "<lrm id='l'><lrm_resources><lrm_resource id='s:1'>"
                + "<lrm_rsc_op id='o1' operation='monitor' call-id='2' rc-code='8' op-status='0' interval='0'/>"
                + "</lrm_resource></lrm_resources></lrm></node_state>";
        Cib c = new CibReader("t").read(cib(
                "<clone id='gc'><meta_attributes id='m'><nvpair id='n1' name='interleave' value='true'/>"
                        + "<nvpair id='n2' name='clone-node-max' value='2'/></meta_attributes>"
                        + "<group id='g'><primitive id='r1' class='ocf' provider='heartbeat' type='Dummy'/>"
                        + "<primitive id='r2' class='ocf' provider='heartbeat' type='Dummy'/></group></clone>"
                        + "<master id='ms'><meta_attributes id='m2'><nvpair id='n3' name='master-max' value='2'/>"
                        + "</meta_attributes><primitive id='s' class='ocf' provider='pacemaker' type='Stateful'/></master>",
                "<rsc_order id='o' first='gc' then='ms' require-all='false'/>", promotedOnB));
        Clone gc = c.config().clone("gc").orElseThrow();
        assertEquals("g", gc.child());
        assertTrue(gc.interleave());
        assertEquals(2, gc.maxPerNode());
        assertEquals(gc, c.config().cloneOf("r2").orElseThrow(), "a member of a cloned group is in the clone");
        Clone ms = c.config().clone("ms").orElseThrow();
        assertTrue(ms.promotable(), "<master> is a promotable clone");
        assertEquals(2, ms.maxPromoted(), "master-max is promoted-max");
        assertFalse(c.config().orders().get(0).requireAll());
        assertEquals(ResourceRole.PROMOTED, c.status().nodes().get("b").resource("s:1").role(),
                "a probe answering 8 finds the instance promoted");
        assertEquals(List.of("b", "a"), c.status().reportOrder(),
                "nodes in the order the status lists them, then those it does not");
    }

    @Test
    void unfoldsResourceSetsAndPatternsIntoPairwiseConstraints() {
        String four = "<primitive id='A' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<primitive id='B' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<primitive id='C' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<primitive id='D' class='ocf' provider='pacemaker' type='Dummy'/>";
        Cib c = new CibReader("t").read(cib(four,
                "<rsc_colocation id='col' score='INFINITY'>"
                        + "<resource_set id='s1' sequential='false'><resource_ref id='C'/><resource_ref id='D'/></resource_set>"
                        + "<resource_set id='s2'><resource_ref id='A'/><resource_ref id='B'/></resource_set></rsc_colocation>"
                        + "<rsc_order id='ord' kind='Optional'>"
                        + "<resource_set id='o1'><resource_ref id='A'/><resource_ref id='B'/></resource_set>"
                        + "<resource_set id='o2' sequential='false' action='promote'><resource_ref id='C'/>"
                        + "<resource_ref id='D'/></resource_set></rsc_order>"
                        + "<rsc_location id='pat' rsc-pattern='^[CD]$' node='a' score='-INFINITY'/>", ""));
        List<String> colocations = c.config().colocations().stream()
                .map(x -> x.resource() + " with " + x.withResource()).collect(Collectors.toList());
        assertEquals(List.of("C with B", "D with B", "B with A"), colocations,
                "within a sequential set each with the one before; an earlier set with the later set's last member");
        List<String> orders = c.config().orders().stream()
                .map(x -> x.first() + ":" + x.firstAction() + " then " + x.then() + ":" + x.thenAction() + " " + x.kind())
                .collect(Collectors.toList());
        assertEquals(List.of("A:start then B:start OPTIONAL", "B:start then C:promote OPTIONAL",
                "B:start then D:promote OPTIONAL"), orders);
        assertEquals(List.of("C", "D"), c.config().locations().stream().map(LocationConstraint::resource)
                .collect(Collectors.toList()), "rsc-pattern matches C and D only");
    }

    @Test
    void serializesEveryMemberOfASetBeforeEveryLaterOne() {
        String three = "<primitive id='A' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<primitive id='B' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<primitive id='C' class='ocf' provider='pacemaker' type='Dummy'/>";
        Cib c = new CibReader("t").read(cib(three, "<rsc_order id='ser' kind='Serialize' symmetrical='true'>"
                + "<resource_set id='s'><resource_ref id='A'/><resource_ref id='B'/><resource_ref id='C'/>"
                + "</resource_set></rsc_order>", ""));
        List<String> orders = c.config().orders().stream()
                .map(x -> x.first() + " then " + x.then() + " " + x.kind() + (x.symmetrical() ? " symmetrical" : ""))
                .collect(Collectors.toList());
        assertEquals(List.of("A then B SERIALIZE", "A then C SERIALIZE", "B then C SERIALIZE"), orders,
                "A and C are kept apart even when B has nothing to do; never symmetrical");
    }

    @Test
    void refusesWhatItCannotReadWithElementAndLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> new CibReader("cib.xml").read(
                cib("<bundle id='b'><rkt image='i'/></bundle>", "", "")));
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("<bundle id=b>") && e.getMessage().contains("not supported"),
                e.getMessage());
        ConfigException xml = assertThrows(ConfigException.class, () -> new CibReader("cib.xml").read("<cib><x></cib>"));
        assertTrue(xml.getMessage().contains("not well-formed"), xml.getMessage());
        assertThrows(ConfigException.class, () -> new CibReader("c").read(cib(
                "<primitive id='r' class='ocf' type='D'/>", "<rsc_location id='l' rsc='r' node='a'/>", "")),
                "a node without a score");
        assertThrows(ConfigException.class, () -> new CibReader("c").read(cib(
                "<primitive id='r' class='ocf' type='D'/>",
                "<rsc_location id='l' rsc='r'><rule id='x' score='1'><date_expression id='d'/></rule></rsc_location>",
                "")));
    }

    @Test
    void refusesAConstraintWhoseIdAnotherConstraintOfAnyKindHas() {
        String resources = "<primitive id='r' class='ocf' type='D'/><primitive id='s' class='ocf' type='D'/>";
        ConfigException e = assertThrows(ConfigException.class, () -> new CibReader("c").read(cib(resources,
                "<rsc_location id='c1' rsc='r' node='a' score='5'/><rsc_colocation id='c2' rsc='r' with-rsc='s' "
                        + "score='10'/><rsc_order id='c1' first='r' then='s'/>", "")));
        assertTrue(e.getMessage().contains("<rsc_order id=c1>: duplicate constraint id 'c1'"), e.getMessage());
        Cib distinct = new CibReader("c").read(cib(resources, "<rsc_location id='c1' rsc='r' node='a' score='5'/>"
                + "<rsc_colocation id='c2' rsc='r' with-rsc='s' score='10'/><rsc_order id='c3' first='r' then='s'/>",
                ""));
        assertEquals(1, distinct.config().orders().size());
    }

    @Test
    void readsRolesOnceLegacyNamesAsCurrentAndRefusesOneThatNamesNoRole() {
        String resources = "<primitive id='r' class='ocf' type='D'/><primitive id='s' class='ocf' type='D'/>";
        Cib c = new CibReader("c").read(cib(resources,
                "<rsc_colocation id='co' rsc='r' rsc-role='Master' with-rsc='s' with-rsc-role='Slave' score='10'/>"
                        + "<rsc_location id='l' rsc='r' role='promoted' node='a' score='5'/>", ""));
        Colocation co = c.config().colocations().get(0);
        assertEquals(Role.PROMOTED, co.dependentRole());
        assertEquals(Role.UNPROMOTED, co.primaryRole());
        assertEquals(Role.PROMOTED, c.config().locations().get(0).forRole());
        ConfigException e = assertThrows(ConfigException.class, () -> new CibReader("c").read(cib(resources,
                "<rsc_colocation id='co' rsc='r' rsc-role='Primary' with-rsc='s' score='10'/>", "")));
        assertTrue(e.getMessage().contains("rsc_colocation") && e.getMessage().contains("'Primary'"), e.getMessage());
    }

    @Test
    void refusesADoctypeRatherThanResolvingEntities() {
        assertThrows(ConfigException.class, () -> new CibReader("c").read(
                "<!DOCTYPE cib [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><cib>&x;</cib>"));
    }

    private static String cibWith(String properties, String status, String quorum) {
        return "<cib epoch='1' have-quorum='" + quorum + "'>\n<configuration>\n<crm_config><cluster_property_set id='p'>"
                + properties + "</cluster_property_set></crm_config>\n"
                + "<nodes><node id='1' uname='a'/><node id='2' uname='b'/><node id='3' uname='c'/></nodes>\n"
                + "<resources/><constraints/></configuration>\n<status>" + status + "</status>\n</cib>\n";
    }

    private static final String MEMBER_A = "<node_state id='1' uname='a' in_ccm='true' crmd='online' join='member'"
            + " expected='member'/>";
    /** b left the membership while expected up, with r1 started; c shut down cleanly. */
    private static final String LOST_B_DOWN_C = MEMBER_A
            + "<node_state id='2' uname='b' in_ccm='false' crmd='offline' join='member' expected='member'>"
            + "<lrm id='l'><lrm_resources><lrm_resource id='r1'>"
            + "<lrm_rsc_op id='o1' operation='start' call-id='2' rc-code='0' op-status='0' interval='0'/>"
            + "</lrm_resource></lrm_resources></lrm></node_state>"
            + "<node_state id='3' uname='c' in_ccm='false' crmd='offline' join='down' expected='down'/>";

    @Test
    void aNodeLostWithoutACleanShutdownIsUncleanAndKeepsWhatItRan() {
        Cib c = new CibReader("t").read(cibWith("", LOST_B_DOWN_C, "1"));
        NodeStatus b = c.status().nodes().get("b");
        assertTrue(b.unclean());
        assertFalse(b.online());
        assertEquals(NodeStatus.LOST, b.uncleanReason());
        assertEquals(ResourceRole.STARTED, b.resource("r1").role(), "its last state: it may still run");
        NodeStatus down = c.status().nodes().get("c");
        assertFalse(down.unclean() || down.online(), "expected down: cleanly offline");
        assertFalse(c.status().nodes().get("a").unclean());
    }

    @Test
    void aNodeNeverSeenIsUncleanUnlessStartupFencingIsOff() {
        Cib fenced = new CibReader("t").read(cibWith("", MEMBER_A, "1"));
        assertEquals("node is unclean", fenced.status().nodes().get("b").uncleanReason());
        Cib blind = new CibReader("t").read(cibWith(
                "<nvpair id='s' name='startup-fencing' value='false'/>", MEMBER_A, "1"));
        assertFalse(blind.status().nodes().get("b").unclean(), "startup-fencing=false: blind faith");
    }

    @Test
    void withoutFencingALostNodeIsJustOffline() {
        Cib c = new CibReader("t").read(cibWith("<nvpair id='s' name='stonith-enabled' value='false'/>",
                LOST_B_DOWN_C, "1"));
        assertFalse(c.status().nodes().get("b").unclean());
        assertFalse(c.status().nodes().get("b").online());
    }

    @Test
    void suicideIsStopWhileTheClusterNeverHadQuorum() {
        String suicide = "<nvpair id='q' name='no-quorum-policy' value='suicide'/>";
        assertEquals("stop", new CibReader("t").read(cibWith(suicide, MEMBER_A, "0")).config()
                .property("no-quorum-policy", ""));
        String panic = cibWith(suicide, MEMBER_A, "0").replace("<cib ", "<cib no-quorum-panic='1' ");
        assertEquals("suicide", new CibReader("t").read(panic).config().property("no-quorum-policy", ""));
        assertEquals("suicide", new CibReader("t").read(cibWith(suicide, MEMBER_A, "1")).config()
                .property("no-quorum-policy", ""));
    }

    private static String op(String task, int call, int rc, int status, String interval, int expectedRc) {
        return "<lrm_rsc_op id='" + task + call + "' operation='" + task + "' call-id='" + call + "' rc-code='" + rc
                + "' op-status='" + status + "' interval='" + interval + "' transition-key='1:1:" + expectedRc
                + ":x'/>";
    }

    @Test
    void aFailureRemembersTheRoleItFoundAndAnExpectedNotRunningIsStopped() {
        String status = "<node_state id='1' uname='a' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<lrm id='l'><lrm_resources>"
                + "<lrm_resource id='r1'>" + op("start", 2, 0, 0, "0", 0) + op("promote", 3, 0, 0, "0", 0)
                + op("monitor", 4, 8, 4, "10000", 0) + "</lrm_resource>"
                + "<lrm_resource id='r2'>" + op("start", 2, 7, 0, "0", 7) + "</lrm_resource>"
                + "<lrm_resource id='r3'>" + op("start", 2, 0, 0, "0", 0) + op("promote", 3, 0, 0, "0", 0)
                + op("demote", 4, 1, 4, "0", 0) + "</lrm_resource>"
                + "<lrm_resource id='r4'>" + op("start", 2, 0, 0, "0", 0) + op("monitor", 3, 7, 4, "10000", 0)
                + "</lrm_resource>"
                + "</lrm_resources></lrm></node_state>";
        NodeStatus a = new CibReader("t").read(cibWith("", status, "1")).status().nodes().get("a");
        assertEquals(ResourceRole.FAILED, a.resource("r1").role());
        assertEquals(ResourceRole.PROMOTED, a.resource("r1").roleBeforeFailure(), "a monitor found it promoted");
        assertEquals(ResourceRole.STOPPED, a.resource("r2").role(), "the start expected 'not running' and got it");
        assertEquals(ResourceRole.STARTED, a.resource("r3").roleBeforeFailure(),
                "a failed demote leaves it unpromoted");
        assertEquals(ResourceRole.STARTED, a.resource("r4").roleBeforeFailure(), "as the failed monitor found it");
    }
}
