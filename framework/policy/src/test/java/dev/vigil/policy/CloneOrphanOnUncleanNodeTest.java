package dev.vigil.policy;

import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;
import dev.vigil.model.OperationDigest;
import dev.vigil.model.Resource;

/**
 * An anonymous clone instance that needs no fencing (requires=quorum), found active on a node
 * that is down or unclean, takes no instance number (as Pacemaker): it is stopped as an orphan,
 * and the instance number it would have used starts on a clean node instead.
 */
class CloneOrphanOnUncleanNodeTest {
    /** The digest of an agent without parameters, so that the history shows no definition change. */
    private static final String DIGEST = OperationDigest.of(OperationDigest.parameters(
            Resource.of("x", "ocf", "pacemaker", "Dummy", Map.of(), Map.of(), List.of()), "start", Duration.ZERO));

    private static String history(String rsc) {
        return "<lrm_resource id='" + rsc + "' class='ocf' provider='pacemaker' type='Dummy'>"
                + "<lrm_rsc_op id='" + rsc + "_last_0' operation_key='" + rsc + "_start_0' operation='start' "
                + "call-id='2' rc-code='0' op-status='0' interval='0' op-digest='" + DIGEST + "' transition-magic='0:0;1:1:0:x'/></lrm_resource>";
    }

    private static List<String> plan(String requires) {
        String xml = "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='true'/></cluster_property_set></crm_config>"
                + "<nodes><node id='n1' uname='n1'/><node id='n2' uname='n2'/><node id='n3' uname='n3'/></nodes>"
                + "<resources><primitive id='fence' class='stonith' type='fence_dummy'/>"
                + "<clone id='crowd-clone'><meta_attributes id='m'><nvpair id='cm' name='clone-max' value='2'/>"
                + "</meta_attributes><primitive id='crowd' class='ocf' provider='pacemaker' type='Dummy'>"
                + "<meta_attributes id='r'><nvpair id='rq' name='requires' value='" + requires + "'/>"
                + "</meta_attributes></primitive></clone></resources><constraints>"
                + "<rsc_location id='f' rsc='fence' node='n2' score='100'/></constraints></configuration><status>"
                // n3 reported first, and was lost without a clean shutdown
                + "<node_state id='n3' uname='n3' in_ccm='false' crmd='offline' join='member' expected='member'>"
                + "<lrm id='n3'><lrm_resources>" + history("crowd") + "</lrm_resources></lrm></node_state>"
                + "<node_state id='n1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<lrm id='n1'><lrm_resources>" + history("crowd") + "</lrm_resources></lrm></node_state>"
                + "<node_state id='n2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "</status></cib>";
        Cib c = new CibReader("test").read(xml);
        return summary(new PolicyEngine().compute(c.config(), c.status(), Instant.parse("2026-01-01T00:00:00Z")))
                .stream().filter(s -> s.contains("crowd")).collect(Collectors.toList());
    }

    @Test
    void anInstanceOnAnUncleanNodeIsAnOrphanWhenItNeedsNoFencing() {
        List<String> s = plan("quorum");
        assertEquals(2, s.size(), s.toString());
        assertEquals(true, s.stream().anyMatch(x -> x.startsWith("Start") && x.contains("n2")), s.toString());
        assertEquals(true, s.stream().anyMatch(x -> x.startsWith("Stop") && x.contains("n3")), s.toString());
    }

    @Test
    void anInstanceThatNeedsFencingKeepsItsNumberAndMoves() {
        List<String> s = plan("fencing");
        assertEquals(1, s.size(), s.toString());
        assertEquals(true, s.get(0).startsWith("Move") && s.get(0).contains("n3 -> n2"), s.toString());
    }
}
