package dev.vigil.policy;

import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/**
 * A resource assigned first places what it is colocated with before itself, mandatory
 * colocations first and then by the primaries' priority (as Pacemaker), not in the order the
 * colocations are written: here the higher-priority primary takes the only room left.
 */
class ColocationPrimaryOrderTest {

    private static String primitive(String id, int priority, int cpu) {
        return "<primitive id='" + id + "' class='ocf' provider='pacemaker' type='Dummy'><meta_attributes id='"
                + id + "-m'><nvpair id='" + id + "-p' name='priority' value='" + priority + "'/></meta_attributes>"
                + (cpu > 0 ? "<utilization id='" + id + "-u'><nvpair id='" + id + "-c' name='cpu' value='" + cpu
                        + "'/></utilization>" : "")
                + "</primitive>";
    }

    @Test
    void theHigherPriorityPrimaryIsPlacedFirst() {
        String xml = "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/>"
                + "<nvpair id='ps' name='placement-strategy' value='utilization'/></cluster_property_set></crm_config>"
                + "<nodes><node id='n1' uname='n1'><utilization id='n1-u'><nvpair id='n1-c' name='cpu' value='2'/>"
                + "</utilization></node></nodes><resources>"
                + "<group id='g'><meta_attributes id='g-m'><nvpair id='g-p' name='priority' value='30'/>"
                + "</meta_attributes>" + primitive("m1", 0, 0) + "</group>"
                + primitive("low", 10, 2) + primitive("high", 20, 2) + "</resources><constraints>"
                + "<rsc_colocation id='c1' rsc='m1' with-rsc='low' score='100'/>"
                + "<rsc_colocation id='c2' rsc='g' with-rsc='high' score='100'/>"
                + "</constraints></configuration><status>"
                + "<node_state id='n1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "</status></cib>";
        Cib c = new CibReader("test").read(xml);
        Transition t = new PolicyEngine().compute(c.config(), c.status(), Instant.parse("2026-01-01T00:00:00Z"));
        assertEquals(List.of("Start high ( n1 )", "Start m1 ( n1 )"), summary(t).stream().sorted().toList());
    }
}
