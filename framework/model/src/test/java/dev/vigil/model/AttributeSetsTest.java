package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Attribute sets with scores and rules, and where the CIB uses them. */
class AttributeSetsTest {
    private static final Instant IN_WINDOW = Instant.parse("2019-09-23T19:00:00Z");
    private static final Instant AFTER_WINDOW = Instant.parse("2019-09-24T03:00:00Z");

    private static String cib(String executionDate, String crmConfig, String resources, String rscDefaults) {
        return "<cib epoch='1' have-quorum='1'" + (executionDate == null ? "" : " execution-date='" + executionDate + "'")
                + ">\n<configuration>\n<crm_config>" + crmConfig + "</crm_config>\n"
                + "<nodes><node id='1' uname='a'>"
                + "<utilization id='u1' score='10'><nvpair id='c1' name='capacity' value='10'/></utilization>"
                + "<utilization id='u2' score='100'><nvpair id='c2' name='capacity' value='5'/>"
                + "<rule id='ur' score='INFINITY'><date_expression id='ud' operation='lt' end='2019-09-23 17:00:00 -05:00'/>"
                + "</rule></utilization></node></nodes>\n"
                + "<resources>" + resources + "</resources>\n<constraints/>\n"
                + (rscDefaults.isEmpty() ? "" : "<rsc_defaults>" + rscDefaults + "</rsc_defaults>")
                + "</configuration>\n<status/>\n</cib>\n";
    }

    private static final String WINDOW = "<cluster_property_set id='cib-bootstrap-options'>"
            + "<nvpair id='m0' name='maintenance-mode' value='false'/></cluster_property_set>"
            + "<cluster_property_set id='window' score='100'><nvpair id='m1' name='maintenance-mode' value='true'/>"
            + "<nvpair id='m2' name='batch-limit' value='3'/>"
            + "<rule id='r' score='INFINITY'><date_expression id='d' operation='in_range'"
            + " start='2019-09-23 13:00:00 -05:00' end='2019-09-23 15:00:00 -05:00'/></rule></cluster_property_set>"
            + "<cluster_property_set id='later' score='200'><nvpair id='m3' name='batch-limit' value='7'/>"
            + "</cluster_property_set>";

    @Test
    void clusterPropertiesComeFromTheBootstrapSetFirstThenByScoreAndOnlyFromSetsWhoseRuleHolds() {
        ClusterConfig in = new CibReader("t").at(IN_WINDOW).read(cib(null, WINDOW, "", "")).config();
        assertEquals("false", in.property("maintenance-mode", null), "cib-bootstrap-options goes first");
        assertEquals("7", in.property("batch-limit", null), "the higher score wins");
        ClusterConfig out = new CibReader("t").at(AFTER_WINDOW).read(cib(null,
                WINDOW.replace("name='maintenance-mode' value='false'", "name='stonith-enabled' value='false'"), "", ""))
                .config();
        assertEquals(null, out.property("maintenance-mode", null), "the window's set does not apply after it");
        ClusterConfig inByExecutionDate = new CibReader("t").read(cib(Long.toString(IN_WINDOW.getEpochSecond()),
                WINDOW.replace("name='maintenance-mode' value='false'", "name='stonith-enabled' value='false'"), "", ""))
                .config();
        assertEquals("true", inByExecutionDate.property("maintenance-mode", null),
                "a saved input is evaluated at its execution-date");
    }

    @Test
    void aNodesUtilizationFollowsTheSetsRule() {
        assertEquals(Map.of("capacity", 5), new CibReader("t").at(Instant.parse("2019-09-23T20:00:00Z"))
                .read(cib(null, "", "", "")).config().nodeUtilization("a"));
        assertEquals(Map.of("capacity", 10), new CibReader("t").at(Instant.parse("2019-09-23T23:00:00Z"))
                .read(cib(null, "", "", "")).config().nodeUtilization("a"));
    }

    @Test
    void resourceDefaultsWithAnRscExpressionApplyOnlyToThatAgent() {
        String rscs = "<primitive id='d' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<primitive id='ip' class='ocf' provider='heartbeat' type='IPaddr2'/>"
                + "<group id='g'><meta_attributes id='gm'><nvpair id='gm1' name='is-managed' value='true'/>"
                + "</meta_attributes><primitive id='d2' class='ocf' provider='pacemaker' type='Dummy'/></group>";
        String defaults = "<meta_attributes id='all'><nvpair id='s' name='resource-stickiness' value='5'/></meta_attributes>"
                + "<meta_attributes id='dummies'><rule id='r' score='INFINITY'>"
                + "<rsc_expression id='e' class='ocf' provider='pacemaker' type='Dummy'/></rule>"
                + "<nvpair id='n' name='is-managed' value='false'/></meta_attributes>";
        ClusterConfig c = new CibReader("t").read(cib(null, "", rscs, defaults)).config();
        assertEquals("false", c.meta(c.resource("d").orElseThrow(), "is-managed", "true"));
        assertEquals("true", c.meta(c.resource("ip").orElseThrow(), "is-managed", "true"));
        assertEquals("true", c.meta(c.resource("d2").orElseThrow(), "is-managed", "true"),
                "the group's own meta attribute is above any default");
        assertEquals("5", c.meta(c.resource("ip").orElseThrow(), "resource-stickiness", "0"));
    }

    @Test
    void aRuleThatCannotBeReadIsRefusedNamingItsOwner() {
        ConfigException e = assertThrows(ConfigException.class, () -> new CibReader("t").read(cib(null,
                "<cluster_property_set id='p'><nvpair id='x' name='a' value='b'/><rule id='r'>"
                        + "<date_expression id='d' operation='gt' start='soon'/></rule></cluster_property_set>",
                "", "")));
        assertTrue(e.getMessage().contains("t:3") && e.getMessage().contains("soon"), e.getMessage());
    }
}
