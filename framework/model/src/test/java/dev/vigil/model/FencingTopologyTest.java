package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class FencingTopologyTest {
    private static final String DEVICES = "primitive f-ipmi stonith:fence_ipmilan\n"
            + "primitive f-pdu1 stonith:fence_apc\nprimitive f-pdu2 stonith:fence_apc\nprimitive f-x stonith:fence_dummy\n";

    private static List<String> levels(ClusterConfig c, String node) {
        return c.fencingLevelsFor(node).stream().map(l -> l.index() + "=" + String.join(",", l.devices()))
                .collect(Collectors.toList());
    }

    @Test
    void crmshLineGivesLevelsPerTargetInOrderWithCommaSeparatedDevices() {
        ClusterConfig c = new ConfigReader("t").read(DEVICES
                + "fencing_topology n1: f-ipmi f-pdu1,f-pdu2 n2: f-x\n");
        assertEquals(List.of("1=f-ipmi", "2=f-pdu1,f-pdu2"), levels(c, "n1"));
        assertEquals(List.of("1=f-x"), levels(c, "n2"));
        assertEquals(List.of(), levels(c, "n3"), "no topology for a node no level names");
    }

    @Test
    void patternAndAttributeTargetsApplyWhenNoLevelNamesTheNode() {
        ClusterConfig c = new ConfigReader("t").read(DEVICES
                + "node db-1 attributes rack=1\nnode web-1 attributes rack=1\nnode db-2\n"
                + "fencing_topology db-2: f-x pattern:db-[0-9] f-ipmi f-pdu1 attr:rack=1 f-pdu2\n");
        assertEquals(List.of("1=f-x"), levels(c, "db-2"), "a level naming the node wins");
        assertEquals(List.of("1=f-ipmi", "2=f-pdu1"), levels(c, "db-1"), "the pattern before the attribute");
        assertEquals(List.of("1=f-pdu2"), levels(c, "web-1"));
        assertEquals(List.of(), levels(c, "web-2"));
    }

    @Test
    void levelsWithoutTargetApplyToEveryNode() {
        ClusterConfig c = new ConfigReader("t").read(DEVICES + "fencing_topology f-ipmi f-x\n");
        assertEquals(List.of("1=f-ipmi", "2=f-x"), levels(c, "anything"));
    }

    @Test
    void writerRoundTrips() {
        ClusterConfig c = new ConfigReader("t").read(DEVICES + "node n1 attributes rack=2\n"
                + "fencing_topology n1: f-ipmi f-pdu1,f-pdu2 pattern:db-.* f-x attr:rack=2 f-pdu1\n");
        String text = ConfigWriter.write(c);
        assertTrue(text.contains("fencing_topology n1: f-ipmi f-pdu1,f-pdu2 pattern:db-.* f-x attr:rack=2 f-pdu1\n"),
                text);
        assertEquals(c, new ConfigReader("again").read(text));
    }

    @Test
    void badTopologyIsRefusedWithItsLine() {
        ConfigException undefined = assertThrows(ConfigException.class, () -> new ConfigReader("t").read(DEVICES
                + "fencing_topology n1: f-ipmi f-nope\n"));
        assertTrue(undefined.getMessage().contains("undefined fence device 'f-nope'"), undefined.getMessage());
        assertTrue(undefined.getMessage().contains(":5"), undefined.getMessage());
        ConfigException empty = assertThrows(ConfigException.class, () -> new ConfigReader("t").read(DEVICES
                + "fencing_topology n1: n2: f-x\n"));
        assertTrue(empty.getMessage().contains("'n1' has no devices"), empty.getMessage());
        ConfigException regex = assertThrows(ConfigException.class, () -> new ConfigReader("t").read(DEVICES
                + "fencing_topology pattern:db-[ f-x\n"));
        assertTrue(regex.getMessage().contains("not a regular expression"), regex.getMessage());
    }

    @Test
    void cibFencingLevelsAreRead() {
        String xml = "<cib epoch='3'><configuration><crm_config/><nodes>"
                + "<node id='1' uname='rhel7-1'/><node id='2' uname='rhel7-2'><instance_attributes id='a'>"
                + "<nvpair id='n' name='cts-fencing' value='levels-and'/></instance_attributes></node></nodes>"
                + "<resources><primitive id='Fencing' class='stonith' type='fence_xvm'/>"
                + "<primitive id='FencingPass' class='stonith' type='fence_dummy'/></resources><constraints/>"
                + "<fencing-topology>"
                + "<fencing-level id='l1' index='2' target='rhel7-1' devices='Fencing'/>"
                + "<fencing-level id='l2' index='1' target='rhel7-1' devices='FencingPass'/>"
                + "<fencing-level id='l3' index='1' target-attribute='cts-fencing' target-value='levels-and' "
                + "devices='FencingPass,Fencing'/>"
                + "<fencing-level id='l4' index='1' target-pattern='^node' devices='Fencing'/>"
                + "</fencing-topology></configuration><status/></cib>";
        ClusterConfig c = new CibReader("t").read(xml).config();
        assertEquals(List.of("1=FencingPass", "2=Fencing"), levels(c, "rhel7-1"));
        assertEquals(List.of("1=FencingPass,Fencing"), levels(c, "rhel7-2"));
        assertEquals(List.of("1=Fencing"), levels(c, "node9"));
        ConfigException twoTargets = assertThrows(ConfigException.class, () -> new CibReader("t").read(
                xml.replace("target-pattern='^node'", "target-pattern='^node' target='x'")));
        assertTrue(twoTargets.getMessage().contains("exactly one of target"), twoTargets.getMessage());
    }
}
