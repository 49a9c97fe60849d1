package dev.vigil.policy;

import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/**
 * Colocations with several primaries, by node attribute and between templates; resource sets
 * with require-all=false and the deprecated ordering attribute; starts blocked by quorum
 * along a colocation chain; the restart-type meta attribute on optional orders; a blocked
 * stop down a group; an agent that is not installed; a start still in flight.
 */
class ColocationAndOrderSemanticsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final PolicyEngine engine = new PolicyEngine();

    private static String cib(String nodes, String resources, String constraints, String status) {
        return cib(nodes, resources, constraints, status, true);
    }

    private static String cib(String nodes, String resources, String constraints, String status, boolean quorum) {
        return "<cib epoch='1' have-quorum='" + (quorum ? 1 : 0) + "'><configuration><crm_config>"
                + "<cluster_property_set id='c'><nvpair id='s' name='stonith-enabled' value='false'/>"
                + "</cluster_property_set></crm_config><nodes>" + nodes + "</nodes><resources>" + resources
                + "</resources><constraints>" + constraints + "</constraints></configuration><status>" + status
                + "</status></cib>";
    }

    private static String node(String name) {
        return "<node id='" + name + "' uname='" + name + "'/>";
    }

    private static String online(String name, String lrm) {
        return "<node_state id='" + name + "' uname='" + name + "' in_ccm='true' crmd='online' join='member' "
                + "expected='member'><lrm id='" + name + "'><lrm_resources>" + lrm + "</lrm_resources></lrm>"
                + "</node_state>";
    }

    private static String dummy(String id) {
        return "<primitive id='" + id + "' class='ocf' provider='pacemaker' type='Dummy'/>";
    }

    private static String op(String rsc, String task, int interval, int callId, int rc, int status) {
        return "<lrm_rsc_op id='" + rsc + "_" + task + "_" + interval + "' operation='" + task + "' interval='"
                + interval + "' call-id='" + callId + "' rc-code='" + rc + "' op-status='" + status
                + "' transition-key='1:1:0:x' op-digest='" + (interval == 0 ? "f2317cad3d54cec5d7d7aa7d0bf35cf8"
                : "4811cef7f7f94e3a35a70be7916cb2fd") + "'/>"; // the digests of no parameters
    }

    private static String history(String rsc, String ops) {
        return "<lrm_resource id='" + rsc + "' class='ocf' provider='pacemaker' type='Dummy'>" + ops
                + "</lrm_resource>";
    }

    private Transition compute(String xml) {
        Cib c = new CibReader("test").read(xml);
        return engine.compute(c.config(), c.status(), NOW);
    }

    private static List<String> revised(Transition t) {
        return t.revised().stream().map(p -> p.resource() + " " + p.role() + " " + p.node()).sorted()
                .collect(Collectors.toList());
    }

    @Test
    void aResourceWithSeveralMandatoryPrimariesKeepsThemTogether() {
        // rsc1 with every resource derived from the template: each primary, as it is assigned,
        // sees where rsc1 can still go, so they all land on one node
        String resources = "<template id='t' class='ocf' provider='pacemaker' type='Dummy'/>" + dummy("rsc1")
                + "<primitive id='rsc2' template='t'/><primitive id='rsc3' template='t'/>"
                + "<primitive id='rsc4' template='t'/>";
        Transition t = compute(cib(node("n1") + node("n2"), resources,
                "<rsc_colocation id='c' rsc='rsc1' with-rsc='t' score='INFINITY'/>",
                online("n1", "") + online("n2", "")));
        assertEquals(List.of("Start rsc1 ( n1 )", "Start rsc2 ( n1 )", "Start rsc3 ( n1 )", "Start rsc4 ( n1 )"),
                summary(t));
    }

    @Test
    void aColocationBetweenTwoTemplatesIsIgnored() {
        String resources = "<template id='t1' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<template id='t2' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<primitive id='a' template='t1'/><primitive id='b' template='t2'/>";
        Transition t = compute(cib(node("n1") + node("n2"), resources,
                "<rsc_colocation id='c' rsc='t1' with-rsc='t2' score='INFINITY'/>",
                online("n1", "") + online("n2", "")));
        assertEquals(List.of("Start a ( n1 )", "Start b ( n2 )"), summary(t), "spread as if unconstrained");
    }

    @Test
    void aColocationByNodeAttributeMeansNodesWithTheSameValue() {
        String nodes = "<node id='n1' uname='n1'><instance_attributes id='a1'><nvpair id='v1' name='site' "
                + "value='east'/></instance_attributes></node><node id='n2' uname='n2'><instance_attributes id='a2'>"
                + "<nvpair id='v2' name='site' value='east'/></instance_attributes></node>"
                + "<node id='n3' uname='n3'><instance_attributes id='a3'><nvpair id='v3' name='site' value='west'/>"
                + "</instance_attributes></node><node id='n4' uname='n4'><instance_attributes id='a4'>"
                + "<nvpair id='v4' name='site' value='west'/></instance_attributes></node>";
        // app may run on n4 only; db avoids n2 and n4: db goes where app's site is (west, n3)
        String constraints = "<rsc_location id='l1' rsc='app' node='n1' score='-INFINITY'/>"
                + "<rsc_location id='l2' rsc='app' node='n2' score='-INFINITY'/>"
                + "<rsc_location id='l3' rsc='app' node='n3' score='-INFINITY'/>"
                + "<rsc_location id='l4' rsc='db' node='n2' score='-INFINITY'/>"
                + "<rsc_location id='l5' rsc='db' node='n4' score='-INFINITY'/>"
                + "<rsc_colocation id='c' rsc='app' with-rsc='db' node-attribute='site' score='INFINITY'/>";
        Transition t = compute(cib(nodes, dummy("db") + dummy("app"), constraints,
                online("n1", "") + online("n2", "") + online("n3", "") + online("n4", "")));
        assertEquals(List.of("Start db ( n3 )", "Start app ( n4 )"), summary(t));
    }

    @Test
    void requireAllFalseLetsWhatFollowsStartOnceAnyMemberCan() {
        String resources = dummy("a") + "<primitive id='b' class='ocf' provider='pacemaker' type='Dummy'>"
                + "<meta_attributes id='bm'><nvpair id='bt' name='target-role' value='Stopped'/></meta_attributes>"
                + "</primitive>" + dummy("c") + dummy("d");
        String order = "<rsc_order id='o'><resource_set id='s1'><resource_ref id='a'/></resource_set>"
                + "<resource_set id='s2' sequential='false' require-all='false'><resource_ref id='b'/>"
                + "<resource_ref id='c'/></resource_set><resource_set id='s3'><resource_ref id='d'/>"
                + "</resource_set></rsc_order>";
        Transition t = compute(cib(node("n1"), resources, order, online("n1", "")));
        assertEquals(List.of("Start a ( n1 )", "Start c ( n1 )", "Start d ( n1 )"), summary(t),
                "b is disabled, c is enough for d");
    }

    @Test
    void theDeprecatedOrderingAttributeColocatesEachMemberWithTheNext() {
        // ordering other than "group": a with b, b with c (disabled): a and b cannot run, d can
        String resources = dummy("a") + dummy("b") + "<primitive id='c' class='ocf' provider='pacemaker' "
                + "type='Dummy'><meta_attributes id='cm'><nvpair id='ct' name='target-role' value='Stopped'/>"
                + "</meta_attributes></primitive>" + dummy("d");
        String coloc = "<rsc_colocation id='co' score='INFINITY'><resource_set id='s' ordering='listed'>"
                + "<resource_ref id='a'/><resource_ref id='b'/><resource_ref id='c'/><resource_ref id='d'/>"
                + "</resource_set></rsc_colocation>";
        Transition t = compute(cib(node("n1"), resources, coloc, online("n1", "")));
        assertEquals(List.of("Start d ( n1 )"), summary(t));
    }

    @Test
    void withoutQuorumTheDependentsOfABlockedStartAreBlockedWhereItWouldGo() {
        String coloc = "<rsc_colocation id='co' rsc='b' with-rsc='a' score='INFINITY'/>";
        String xml = cib(node("n1") + node("n2"), dummy("a") + dummy("b"), coloc,
                online("n1", "") + online("n2", ""), false);
        Transition t = compute(xml);
        assertEquals(List.of("Start (blocked) a ( n1 )", "Start (blocked) b ( n1 )"), summary(t));
    }

    @Test
    void restartTypeRestartMakesAnOptionalOrderRestartWhatFollows() {
        String web = "<primitive id='web' class='ocf' provider='pacemaker' type='Dummy'><meta_attributes id='wm'>"
                + "<nvpair id='rt' name='restart-type' value='restart'/></meta_attributes></primitive>";
        String order = "<rsc_order id='o' first='db' then='web' kind='Optional'/>";
        String lrm = history("web", op("web", "start", 0, 1, 0, 0)) + history("db", op("db", "monitor", 0, 1, 7, 0));
        assertEquals(List.of("Start db ( n1 )", "Restart web ( n1 )"),
                summary(compute(cib(node("n1"), dummy("db") + web, order, online("n1", lrm)))));
        String plain = dummy("web");
        assertEquals(List.of("Start db ( n1 )"),
                summary(compute(cib(node("n1"), dummy("db") + plain, order, online("n1", lrm)))),
                "an optional order alone restarts nothing");
    }

    @Test
    void aFailedStopInAGroupBlocksTheStopsOfTheMembersBeforeIt() {
        // rsc1 starts, so the members after it restart; rsc4's stop failed: rsc3 and rsc2 cannot stop
        String group = "<group id='g'>" + dummy("rsc1") + dummy("rsc2") + dummy("rsc3") + dummy("rsc4") + "</group>";
        String lrm = history("rsc1", op("rsc1", "monitor", 0, 1, 7, 0))
                + history("rsc2", op("rsc2", "start", 0, 2, 0, 0)) + history("rsc3", op("rsc3", "start", 0, 2, 0, 0))
                + history("rsc4", op("rsc4", "start", 0, 2, 0, 0) + op("rsc4", "stop", 0, 4, 1, 0));
        Transition t = compute(cib(node("n1"), group, "", online("n1", lrm)));
        assertEquals(List.of("Start rsc1 ( n1 )", "Stop (blocked) rsc2 ( n1 )", "Stop (blocked) rsc3 ( n1 )"),
                summary(t).stream().map(s -> s.replaceAll(" due to .*\\)", " )")).collect(Collectors.toList()));
    }

    @Test
    void aMissingAgentCannotBeIgnored() {
        String rsc = "<primitive id='r' class='ocf' provider='pacemaker' type='Dummy'><operations>"
                + "<op id='m' name='monitor' interval='10' on-fail='ignore'/></operations></primitive>";
        String lrm = history("r", op("r", "start", 0, 1, 0, 0) + op("r", "monitor", 10000, 2, 5, 7));
        Transition t = compute(cib(node("n1") + node("n2"), rsc, "",
                online("n1", lrm) + online("n2", history("r", op("r", "monitor", 0, 1, 7, 0)))));
        assertEquals(List.of("Recover r ( n1 -> n2 )"), summary(t));
        // the same failure with the agent present is ignored
        String present = history("r", op("r", "start", 0, 1, 0, 0) + op("r", "monitor", 10000, 2, 1, 0));
        assertEquals(List.of(), summary(compute(cib(node("n1") + node("n2"), rsc, "",
                online("n1", present) + online("n2", history("r", op("r", "monitor", 0, 1, 7, 0)))))));
    }

    @Test
    void aStartStillInFlightKeepsTheResourceStartedThereAfterTheTransition() {
        // n1 is in standby: the resource moves, but its pending start on n1 stays the newest entry
        String nodes = "<node id='n1' uname='n1'><instance_attributes id='a'><nvpair id='sb' name='standby' "
                + "value='on'/></instance_attributes></node>" + node("n2");
        String lrm = history("r", op("r", "start", 0, -1, -1, -1));
        Transition t = compute(cib(nodes, dummy("r"), "", online("n1", lrm)
                + online("n2", history("r", op("r", "monitor", 0, 1, 7, 0)))));
        assertEquals(List.of("Move r ( n1 -> n2 )"), summary(t));
        assertEquals(List.of("r Started n1", "r Started n2"), revised(t));
    }
}
