package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Rules of the CIB beyond node attributes: dates, values taken from the resource, and the time of the input. */
class CibRulesTest {
    private static String cib(String rootAttributes, String resources, String constraints, String status) {
        return "<cib epoch='1' have-quorum='1' " + rootAttributes + ">\n<configuration>\n<crm_config/>\n"
                + "<nodes><node id='1' uname='a'/><node id='2' uname='b'/></nodes>\n"
                + "<resources>" + resources + "</resources>\n<constraints>" + constraints + "</constraints>\n"
                + "</configuration>\n<status>" + status + "</status>\n</cib>\n";
    }

    private static final String R1 = "<primitive id='r1' class='ocf' provider='heartbeat' type='Dummy'>"
            + "<instance_attributes id='i'><nvpair id='f' name='fake' value='300'/></instance_attributes>"
            + "<meta_attributes id='m'><nvpair id='k' name='rack' value='2'/></meta_attributes></primitive>";

    @Test
    void aDateExpressionInALocationRuleHoldsOnlyAtTheTimesItNames() {
        Cib c = new CibReader("t").read(cib("", R1, "<rsc_location id='l' rsc='r1'><rule id='ru' score='100'>"
                + "<date_expression id='d' operation='in_range' start='2019-09-23 11:00:00 -05:00'"
                + " end='2019-09-23 13:00:00 -05:00'/></rule></rsc_location>", ""));
        Rule rule = c.config().locations().get(0).rules().get(0);
        assertTrue(rule.dependsOnTime());
        assertTrue(rule.matches(Map.of(), Instant.parse("2019-09-23T17:00:00Z")));
        assertFalse(rule.matches(Map.of(), Instant.parse("2019-09-23T19:00:00Z")));
        assertFalse(rule.matches(Map.of()), "without a time, a date expression does not hold");
    }

    @Test
    void aBadDateIsRefusedNamingTheExpressionAndLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> new CibReader("t").read(cib("", R1,
                "<rsc_location id='l' rsc='r1'><rule id='ru' score='1'>\n"
                        + "<date_expression id='d' operation='lt' end='tomorrow'/></rule></rsc_location>", "")));
        assertTrue(e.getMessage().contains("t:7") && e.getMessage().contains("<date_expression id=d>")
                && e.getMessage().contains("tomorrow"), e.getMessage());
    }

    @Test
    void valueSourceComparesANodeAttributeWithTheResourcesParameterOrMetaAttribute() {
        Cib c = new CibReader("t").read(cib("", R1, "<rsc_location id='p' rsc='r1'><rule id='ru' score='1'>"
                + "<expression id='e' attribute='fake' operation='gt' value='fake' value-source='param'/></rule>"
                + "</rsc_location><rsc_location id='m' rsc='r1'><rule id='ru2' score='1'>"
                + "<expression id='e2' attribute='rack' operation='eq' value='rack' value-source='meta'/></rule>"
                + "</rsc_location><rsc_location id='x' rsc='r1'><rule id='ru3' score='1'>"
                + "<expression id='e3' attribute='fake' operation='gt' value='nothing' value-source='param'/></rule>"
                + "</rsc_location>", ""));
        Rule param = c.config().locations().get(0).rules().get(0);
        assertTrue(param.matches(Map.of("fake", "400")));
        assertFalse(param.matches(Map.of("fake", "200")));
        Rule meta = c.config().locations().get(1).rules().get(0);
        assertTrue(meta.matches(Map.of("rack", "2")));
        assertFalse(meta.matches(Map.of("rack", "1")));
        Rule missing = c.config().locations().get(2).rules().get(0);
        assertTrue(missing.matches(Map.of("fake", "1")), "a set attribute is greater than a missing value");
        assertFalse(missing.matches(Map.of()));
    }

    @Test
    void anInvertedResourcePatternPicksTheResourcesThatDoNotMatch() {
        Cib c = new CibReader("t").read(cib("", R1 + "<primitive id='x1' class='ocf' provider='heartbeat' type='Dummy'/>",
                "<rsc_location id='l' rsc-pattern='!^r' node='a' score='5'/>", ""));
        assertEquals(List.of("x1"), c.config().locations().stream().map(LocationConstraint::resource)
                .collect(Collectors.toList()));
    }

    @Test
    void theExecutionDateOfASavedInputIsKept() {
        assertEquals(Instant.ofEpochSecond(1568992252), new CibReader("t")
                .read(cib("execution-date='1568992252'", R1, "", "")).executionDate().orElseThrow());
        assertTrue(new CibReader("t").read(cib("", R1, "", "")).executionDate().isEmpty());
        assertThrows(ConfigException.class, () -> new CibReader("t").read(cib("execution-date='soon'", R1, "", "")));
    }

    @Test
    void aNodeStateWithoutNameForAnUnknownNodeIsNotPartOfTheCluster() {
        Cib c = new CibReader("t").read(cib("", R1, "",
                "<node_state id='1' uname='a' in_ccm='true' crmd='online' join='member'/>"
                        + "<node_state id='99' in_ccm='true' crmd='offline' join='down'/>"));
        assertEquals(Set.of("a", "b"), c.status().nodes().keySet());
    }

    @Test
    void anOperationTimeoutThatIsNotADurationFallsBackToTheDefault() {
        Cib c = new CibReader("t").read(cib("", "<primitive id='r' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<operations><op id='o' name='monitor' interval='P28S' timeout='bad'/></operations></primitive>",
                "", ""));
        Operation op = c.config().resource("r").orElseThrow().operations().get(0);
        assertEquals(Duration.ofSeconds(28), op.interval());
        assertTrue(op.defaultTimeout());
    }
}
