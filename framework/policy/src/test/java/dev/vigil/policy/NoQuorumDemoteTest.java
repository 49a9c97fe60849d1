package dev.vigil.policy;

import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;
import dev.vigil.model.OperationDigest;
import dev.vigil.model.Resource;

/** no-quorum-policy=demote: without quorum, promoted instances are demoted and everything else stops. */
class NoQuorumDemoteTest {
    private final PolicyEngine engine = new PolicyEngine();

    /** The digest of an agent without parameters, so that the history shows no definition change. */
    private static final String DIGEST = OperationDigest.of(OperationDigest.parameters(
            Resource.of("x", "ocf", "pacemaker", "Dummy", Map.of(), Map.of(), List.of()), "start", Duration.ZERO));

    private static String op(String rsc, String node, String task, int rc) {
        return "<lrm_resource id='" + rsc + "' class='ocf' provider='pacemaker' type='"
                + (rsc.equals("db") ? "Stateful" : "Dummy") + "'>"
                + "<lrm_rsc_op id='" + rsc + "_last_0' operation_key='" + rsc + "_" + task + "_0' operation='" + task
                + "' call-id='2' rc-code='" + rc + "' op-status='0' interval='0' op-digest='" + DIGEST
                + "' transition-magic='0:" + rc
                + ";1:1:0:x' on_node='" + node + "'/></lrm_resource>";
    }

    private static String node(String name, String resources) {
        return "<node_state id='" + name + "' uname='" + name + "' in_ccm='true' crmd='online' join='member' "
                + "expected='member'><lrm id='" + name + "'><lrm_resources>" + resources
                + "</lrm_resources></lrm></node_state>";
    }

    private List<String> plan(String policy) {
        String xml = "<cib epoch='1' have-quorum='0'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/>"
                + "<nvpair id='q' name='no-quorum-policy' value='" + policy + "'/></cluster_property_set></crm_config>"
                + "<nodes><node id='n1' uname='n1'/><node id='n2' uname='n2'/><node id='n3' uname='n3'/></nodes>"
                + "<resources><clone id='db-clone'><meta_attributes id='m'>"
                + "<nvpair id='p' name='promotable' value='true'/></meta_attributes>"
                + "<primitive id='db' class='ocf' provider='pacemaker' type='Stateful'/></clone>"
                + "<primitive id='web' class='ocf' provider='pacemaker' type='Dummy'/></resources><constraints/>"
                + "</configuration><status>"
                + node("n1", op("db", "n1", "promote", 0))
                + node("n2", op("db", "n2", "start", 0) + op("web", "n2", "start", 0))
                + "<node_state id='n3' uname='n3' in_ccm='false' crmd='offline' join='down' expected='down'/>"
                + "</status></cib>";
        Cib c = new CibReader("test").read(xml);
        return summary(engine.compute(c.config(), c.status(), Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void demoteKeepsInstancesRunningUnpromotedAndStopsTheRest() {
        List<String> s = plan("demote");
        assertEquals(2, s.size(), s.toString());
        assertEquals(true, s.get(0).startsWith("Demote") && s.get(0).contains("Promoted -> Unpromoted n1"), s.toString());
        assertEquals(true, s.get(1).startsWith("Stop") && s.get(1).contains("web") && s.get(1).contains("n2"),
                s.toString());
    }

    @Test
    void stopStopsThePromotableCloneToo() {
        List<String> s = plan("stop");
        assertEquals(3, s.size(), s.toString());
        assertEquals(true, s.stream().allMatch(x -> x.startsWith("Stop")), s.toString());
    }
}
