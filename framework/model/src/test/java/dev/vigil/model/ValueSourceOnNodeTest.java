package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A location rule comparing a node attribute with a resource parameter (value-source="param")
 * whose attribute sets have node rules: the parameter takes its value on each node tested.
 */
class ValueSourceOnNodeTest {
    private static final String CIB = "<cib epoch='1' have-quorum='1'><configuration><crm_config/>"
            + "<nodes><node id='1' uname='a'/><node id='2' uname='b'/><node id='3' uname='c'/></nodes><resources>"
            + "<primitive id='r' class='ocf' provider='pacemaker' type='Dummy'>"
            + "<instance_attributes id='i1' score='10'><nvpair id='f1' name='fake' value='100'/></instance_attributes>"
            + "<instance_attributes id='i2' score='20'><rule id='ru2' score='INFINITY'>"
            + "<expression id='e2' attribute='#uname' operation='eq' value='b'/></rule>"
            + "<nvpair id='f2' name='fake' value='400'/></instance_attributes></primitive></resources><constraints>"
            + "<rsc_location id='l' rsc='r'><rule id='lr' score='INFINITY'><expression id='le' attribute='fake' "
            + "operation='eq' value='fake' value-source='param'/></rule></rsc_location></constraints>"
            + "</configuration><status/></cib>";

    @Test
    void theParameterIsTakenOnTheNodeTheRuleTests() {
        Rule rule = new CibReader("t").read(CIB).config().locations().get(0).rules().get(0);
        assertTrue(rule.matches(Map.of("#uname", "b", "fake", "400")), "on b the parameter is 400");
        assertFalse(rule.matches(Map.of("#uname", "b", "fake", "100")));
        assertTrue(rule.matches(Map.of("#uname", "a", "fake", "100")), "elsewhere it is 100");
        assertFalse(rule.matches(Map.of("#uname", "c", "fake", "400")));
    }
}
