package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Resource templates and tags in the CIB, and constraints that name them. */
class CibTemplatesAndTagsTest {
    private static final String TEMPLATE = "<template id='web' class='ocf' provider='heartbeat' type='apache'>"
            + "<instance_attributes id='wi'><nvpair id='w1' name='port' value='80'/>"
            + "<nvpair id='w2' name='conf' value='/etc/a.conf'/></instance_attributes>"
            + "<meta_attributes id='wm'><nvpair id='w3' name='target-role' value='Stopped'/></meta_attributes>"
            + "<utilization id='wu'><nvpair id='w4' name='cpu' value='2'/></utilization>"
            + "<operations><op id='w5' name='monitor' interval='10s'/><op id='w6' name='start' interval='0' timeout='60s'/>"
            + "</operations></template>";

    private static String cib(String tags, String resources, String constraints) {
        return "<cib epoch='1' have-quorum='1'>\n<configuration>\n<crm_config/>\n"
                + "<nodes><node id='1' uname='a'/><node id='2' uname='b'/></nodes>\n"
                + "<resources>" + resources + "</resources>\n<constraints>" + constraints + "</constraints>\n"
                + tags + "</configuration>\n<status/>\n</cib>\n";
    }

    private static ClusterConfig read(String tags, String resources, String constraints) {
        return new CibReader("t").read(cib(tags, resources, constraints)).config();
    }

    @Test
    void aPrimitiveTakesItsTemplatesAgentAttributesAndOperationsAndOverridesThem() {
        ClusterConfig c = read("", "<primitive id='w1' template='web'>"
                + "<instance_attributes id='i'><nvpair id='p' name='port' value='8080'/></instance_attributes>"
                + "<meta_attributes id='m'><nvpair id='r' name='target-role' value='Started'/></meta_attributes>"
                + "<operations><op id='o' name='monitor' interval='P30S' role='Started'/></operations></primitive>"
                + TEMPLATE + "<primitive id='w2' template='web'/>", "");
        Resource w1 = c.resource("w1").orElseThrow();
        assertEquals("ocf:heartbeat:apache", w1.agentSpec());
        assertEquals(Map.of("port", "8080", "conf", "/etc/a.conf"), w1.params());
        assertEquals("Started", w1.meta().get("target-role"));
        assertEquals(List.of("monitor 30s", "start 0s"), w1.operations().stream()
                .map(o -> o.name() + " " + Durations.format(o.interval())).collect(Collectors.toList()),
                "its own monitor replaces the template's (Started and no role are one role)");
        assertEquals(Map.of("cpu", 2), c.resourceUtilization("w1"));
        Resource w2 = c.resource("w2").orElseThrow();
        assertEquals("Stopped", w2.meta().get("target-role"));
        assertEquals(Duration.ofSeconds(60), w2.timeoutOf("start", Duration.ZERO));
        assertFalse(c.resource("web").isPresent(), "a template is not a resource");
    }

    @Test
    void aMissingTemplateIsRefusedWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> read("", "<primitive id='w1' template='nope'/>", ""));
        assertTrue(e.getMessage().contains("t:5") && e.getMessage().contains("<primitive id=w1>")
                && e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void aTemplateInAConstraintStandsForEveryPrimitiveDerivedFromIt() {
        ClusterConfig c = read("", TEMPLATE + "<primitive id='w1' template='web'/><primitive id='w2' template='web'/>"
                + "<primitive id='ip' class='ocf' provider='heartbeat' type='IPaddr2'/>",
                "<rsc_colocation id='c' rsc='ip' with-rsc='web' score='INFINITY'/>"
                        + "<rsc_order id='o' first='web' then='ip'/>"
                        + "<rsc_location id='l' rsc='web' node='a' score='50'/>");
        assertEquals(List.of("ip-w1", "ip-w2"), c.colocations().stream()
                .map(x -> x.resource() + "-" + x.withResource()).collect(Collectors.toList()));
        assertEquals(List.of("w1-ip", "w2-ip"), c.orders().stream()
                .map(x -> x.first() + "-" + x.then()).collect(Collectors.toList()),
                "the template's set is not sequential: each of its primitives before ip");
        assertEquals(List.of("w1", "w2"), c.locations().stream().map(LocationConstraint::resource)
                .collect(Collectors.toList()));
    }

    @Test
    void aTemplateNoPrimitiveUsesConstrainsNothing() {
        ClusterConfig c = read("", TEMPLATE + "<primitive id='ip' class='ocf' provider='heartbeat' type='IPaddr2'/>",
                "<rsc_colocation id='c' rsc='ip' with-rsc='web' score='INFINITY'/>"
                        + "<rsc_order id='o'><resource_set id='s1'><resource_ref id='web'/></resource_set>"
                        + "<resource_set id='s2'><resource_ref id='ip'/></resource_set></rsc_order>");
        assertTrue(c.colocations().isEmpty());
        assertTrue(c.orders().isEmpty());
    }

    @Test
    void tagsStandForWhatTheyListInConstraintsAndResourceSets() {
        String rscs = "<primitive id='r1' class='ocf' provider='heartbeat' type='Dummy'/>"
                + "<primitive id='r2' class='ocf' provider='heartbeat' type='Dummy'/>"
                + "<primitive id='r3' class='ocf' provider='heartbeat' type='Dummy'/>";
        String tags = "<tags><tag id='both'><obj_ref id='r1'/><obj_ref id='r2'/></tag></tags>";
        ClusterConfig c = read(tags, rscs, "<rsc_location id='l' rsc='both' node='b' score='-INFINITY'/>"
                + "<rsc_order id='o'><resource_set id='s1'><resource_ref id='both'/><resource_ref id='r3'/>"
                + "</resource_set></rsc_order>");
        assertEquals(List.of("r1", "r2"), c.locations().stream().map(LocationConstraint::resource)
                .collect(Collectors.toList()));
        assertEquals(List.of("r1-r2", "r2-r3"), c.orders().stream().map(x -> x.first() + "-" + x.then())
                .collect(Collectors.toList()), "the tag's members take its place in a sequential set");
    }

    @Test
    void aColocationWithoutScoreIsIgnoredAndAnUnknownOrderKindIsMandatory() {
        ClusterConfig c = read("", "<primitive id='r1' class='ocf' provider='heartbeat' type='Dummy'/>"
                + "<primitive id='r2' class='ocf' provider='heartbeat' type='Dummy'/>",
                "<rsc_colocation id='c' rsc='r1' with-rsc='r2'/><rsc_order id='o' first='r1' then='r2' kind='foo'/>");
        assertTrue(c.colocations().isEmpty());
        assertEquals(Order.Kind.MANDATORY, c.orders().get(0).kind());
    }
}
