package dev.vigil.policy;

import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.revised;
import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * Resource defaults that apply to the resources of one agent only (rsc_defaults with an
 * rsc_expression rule), no-quorum-policy=freeze, failures whose on-fail is ignore, and a failed stop in a container (taken as done).
 */
class DefaultsAndQuorumTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final PolicyEngine engine = new PolicyEngine();

    @Test
    void resourceDefaultsWithAnAgentRuleApplyOnlyToThatAgentsResources() {
        String xml = "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set></crm_config>"
                + "<nodes><node id='n1' uname='n1'/></nodes><resources>"
                + "<primitive id='ip' class='ocf' provider='heartbeat' type='IPaddr2'/>"
                + "<primitive id='dummy' class='ocf' provider='pacemaker' type='Dummy'/></resources><constraints/>"
                + "<rsc_defaults><meta_attributes id='d'><rule id='r' score='INFINITY'>"
                + "<rsc_expression id='e' class='ocf' provider='heartbeat' type='IPaddr2'/></rule>"
                + "<nvpair id='t' name='target-role' value='Stopped'/></meta_attributes></rsc_defaults>"
                + "</configuration><status><node_state id='n1' uname='n1' in_ccm='true' crmd='online' "
                + "join='member' expected='member'/></status></cib>";
        Cib c = new CibReader("test").read(xml);
        Transition t = engine.compute(c.config(), c.status(), NOW);
        assertEquals(List.of("Start dummy ( n1 )"), summary(t), "only the IPaddr2 resource is disabled");
    }

    @Test
    void stopAllResourcesStopsWhatRunsAndStartsNothing() {
        Map<String, ResourceState> on1 = new LinkedHashMap<>();
        on1.put("web", ResourceState.of(ResourceRole.STARTED));
        ClusterStatus status = ClusterStatus.of(Map.of("n1", NodeStatus.of("n1", true, on1)), true, "n1");
        Transition t = engine.compute(config("property stop-all-resources=true\nproperty stonith-enabled=false\n"
                + "primitive web dummy\nprimitive db dummy\n"), status, NOW);
        // (crm_simulate adds "due to node availability" to the line; Vigil words it as for target-role=Stopped)
        assertEquals(1, summary(t).size(), summary(t).toString());
        assertEquals(true, summary(t).get(0).startsWith("Stop web ( n1 )"), summary(t).toString());
        assertEquals(List.of(), revised(t), "nothing runs, nothing starts");
    }

    private static ClusterStatus withoutQuorum(String n1Resources) {
        Map<String, NodeStatus> nodes = new LinkedHashMap<>();
        Map<String, ResourceState> on1 = new LinkedHashMap<>();
        for (String id : n1Resources.split(",")) {
            on1.put(id, ResourceState.of(ResourceRole.STARTED));
        }
        nodes.put("n1", NodeStatus.of("n1", true, on1));
        nodes.put("n2", NodeStatus.of("n2", true, Map.of()));
        return ClusterStatus.of(nodes, false, "n1");
    }

    @Test
    void freezeManagesWhatRunsAndStartsNothingNew() {
        String cfg = "property no-quorum-policy=freeze\nproperty stonith-enabled=false\n"
                + "primitive a dummy\nprimitive b dummy\nprimitive c dummy\nlocation b-on-n2 b 100: n2\n";
        Transition t = engine.compute(config(cfg), withoutQuorum("a,b"), NOW);
        assertEquals(List.of("Move b ( n1 -> n2 )", "Start (blocked) c ( n1 )"), summary(t));
    }

    @Test
    void aStopThatFailedWithOnFailIgnoreStillStopsAndTheFlagFollowsTheResource() {
        String xml = "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set></crm_config>"
                + "<nodes><node id='n1' uname='n1'/><node id='n2' uname='n2'/></nodes><resources>"
                + "<primitive id='r' class='ocf' provider='pacemaker' type='Dummy'><operations>"
                + "<op id='o' name='stop' interval='0' on-fail='ignore'/></operations></primitive>"
                + "</resources><constraints><rsc_location id='l' rsc='r' node='n1' score='10'/></constraints>"
                + "</configuration><status>"
                + "<node_state id='n1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "<node_state id='n2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<lrm id='n2'><lrm_resources><lrm_resource id='r' class='ocf' provider='pacemaker' type='Dummy'>"
                + "<lrm_rsc_op id='a' operation='start' interval='0' call-id='1' rc-code='0' op-status='0' "
                + "transition-key='1:1:0:x'/><lrm_rsc_op id='b' operation='stop' interval='0' call-id='2' "
                + "rc-code='1' op-status='4' transition-key='2:1:0:x'/></lrm_resource></lrm_resources></lrm>"
                + "</node_state></status></cib>";
        Cib c = new CibReader("test").read(xml);
        Transition t = engine.compute(c.config(), c.status(), NOW);
        assertEquals(List.of("Start r ( n1 )"), summary(t), "the failed stop counts as done");
        assertEquals(List.of("r Started (failure ignored) n1"), revised(t));
    }
    @Test
    void aStopThatFailedInAContainerIsTakenAsDoneAndFlaggedFailureIgnored() {
        String xml = "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set></crm_config>"
                + "<nodes><node id='n1' uname='n1'/></nodes><resources>"
                + "<primitive id='box' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<primitive id='r' class='ocf' provider='pacemaker' type='Dummy'><meta_attributes id='m'>"
                + "<nvpair id='m1' name='container' value='box'/></meta_attributes></primitive>"
                + "</resources><constraints/></configuration><status>"
                + "<node_state id='n1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<lrm id='n1'><lrm_resources><lrm_resource id='box' class='ocf' provider='pacemaker' type='Dummy'>"
                + "<lrm_rsc_op id='c' operation='start' interval='0' call-id='1' rc-code='0' op-status='0' "
                + "transition-key='1:1:0:x'/></lrm_resource>"
                + "<lrm_resource id='r' class='ocf' provider='pacemaker' type='Dummy'>"
                + "<lrm_rsc_op id='a' operation='start' interval='0' call-id='2' rc-code='0' op-status='0' "
                + "transition-key='2:1:0:x'/><lrm_rsc_op id='b' operation='stop' interval='0' call-id='3' "
                + "rc-code='1' op-status='0' transition-key='3:1:0:x'/></lrm_resource></lrm_resources></lrm>"
                + "</node_state></status></cib>";
        Cib c = new CibReader("test").read(xml);
        Transition t = engine.compute(c.config(), c.status(), NOW);
        assertEquals(List.of("Restart box ( n1 )", "Start r ( n1 )"), summary(t),
                "the container is recovered for the stop that failed in it");
        assertEquals(List.of("box Started n1", "r Started (failure ignored) n1"), revised(t));
    }
}
