package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Node capacities, resource needs and placement-strategy, in the configuration language and in CIB XML. */
class UtilizationConfigTest {
    private static final String TEXT = String.join("\n",
            "property placement-strategy=balanced",
            "node n1 attributes rack=1 utilization cpu=8 memory=16384",
            "node n2 utilization cpu=4",
            "primitive db dummy params size=1 utilization cpu=2 memory=2048 meta priority=5",
            "primitive web dummy",
            "");

    @Test
    void theLanguageReadsCapacitiesAndNeeds() {
        ClusterConfig c = new ConfigReader("t").read(TEXT);
        assertEquals("balanced", c.placementStrategy());
        assertEquals(Map.of("cpu", 8, "memory", 16384), c.nodeUtilization("n1"));
        assertEquals("1", c.nodeAttributes().get("n1").get("rack"));
        assertEquals(Map.of("cpu", 4), c.nodeUtilization("n2"));
        assertEquals(Map.of("cpu", 2, "memory", 2048), c.resourceUtilization("db"));
        assertEquals("5", c.resource("db").orElseThrow().meta().get("priority"));
        assertEquals(Map.of(), c.resourceUtilization("web"));
        assertEquals("default", ClusterConfig.empty().placementStrategy());
    }

    @Test
    void theWriterRoundTrips() {
        ClusterConfig c = new ConfigReader("t").read(TEXT);
        String written = ConfigWriter.write(c);
        assertTrue(written.contains("node n1 attributes rack=1 utilization cpu=8 memory=16384"), written);
        assertEquals(c, new ConfigReader("written").read(written));
    }

    @Test
    void aValueThatIsNotAnIntegerIsRefusedWithItsOwner() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigReader("t").read("node n1 utilization cpu=lots\n"));
        assertTrue(e.getMessage().contains("cpu=lots") && e.getMessage().contains("node n1"), e.getMessage());
        ConfigException p = assertThrows(ConfigException.class,
                () -> new ConfigReader("t").read("primitive a dummy utilization memory=2G\n"));
        assertTrue(p.getMessage().contains("primitive a"), p.getMessage());
    }

    @Test
    void theCibReaderTakesUtilizationSetsOfNodesPrimitivesAndGroupMembers() {
        String xml = "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='o'>"
                + "<nvpair id='ps' name='placement-strategy' value='utilization'/></cluster_property_set></crm_config>"
                + "<nodes><node id='1' uname='a'><utilization id='au'><nvpair id='a1' name='cpu' value='4'/>"
                + "</utilization></node><node id='2' uname='b'/></nodes><resources>"
                + "<primitive id='p' class='ocf' provider='pacemaker' type='Dummy'><utilization id='pu'>"
                + "<nvpair id='p1' name='cpu' value='1'/></utilization></primitive>"
                + "<group id='g'><utilization id='gu'><nvpair id='g1' name='cpu' value='9'/></utilization>"
                + "<primitive id='m' class='ocf' provider='pacemaker' type='Dummy'><utilization id='mu'>"
                + "<nvpair id='m1' name='cpu' value='2'/></utilization></primitive></group>"
                + "</resources><constraints/></configuration><status/></cib>";
        ClusterConfig c = new CibReader("cib.xml").read(xml).config();
        assertEquals("utilization", c.placementStrategy());
        assertEquals(Map.of("cpu", 4), c.nodeUtilization("a"));
        assertEquals(Map.of(), c.nodeUtilization("b"));
        assertEquals(Map.of("cpu", 1), c.resourceUtilization("p"));
        assertEquals(Map.of("cpu", 2), c.resourceUtilization("m"));
        ConfigException bad = assertThrows(ConfigException.class,
                () -> new CibReader("cib.xml").read(xml.replace("value='4'", "value='four'")));
        assertTrue(bad.getMessage().contains("cpu=four"), bad.getMessage());
    }
}
