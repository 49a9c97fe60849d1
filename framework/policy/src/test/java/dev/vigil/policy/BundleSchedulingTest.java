package dev.vigil.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/**
 * Bundles scheduled as Pacemaker schedules them: one container per host (replicas-per-host=1),
 * its address with it and started before it, its guest node's connection after it, the bundled
 * primitive's instance on that guest node after the connection; nothing else runs on a bundle's
 * guest node, and constraints naming the bundle act on its containers.
 */
class BundleSchedulingTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static String cib(int replicas, String constraints) {
        return "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set></crm_config>"
                + "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes><resources>"
                + "<primitive id='db' class='ocf' provider='heartbeat' type='Dummy'/>"
                + "<bundle id='web'><docker image='web:1' replicas='" + replicas + "'/>"
                + "<network ip-range-start='192.0.2.10'/>"
                + "<primitive id='httpd' class='ocf' provider='heartbeat' type='apache'/></bundle>"
                + "</resources><constraints>" + constraints + "</constraints></configuration><status>"
                + "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "</status></cib>";
    }

    private static Transition compute(String xml) {
        Cib c = new CibReader("test").read(xml);
        return new PolicyEngine().compute(c.config(), c.status(), NOW);
    }

    private static List<String> revised(Transition t) {
        return t.revised().stream().map(p -> p.resource() + " " + p.role() + " " + p.node()).sorted().toList();
    }

    @Test
    void eachReplicaStartsItsAddressContainerConnectionAndInstanceInOrderOnItsOwnHost() {
        Transition t = compute(cib(2, "<rsc_location id='l' rsc='db' node='n1' score='10'/>"));
        List<String> placed = revised(t);
        // As crm_simulate 2.1.5 places it: db first (configuration order), then the replicas
        // spread over the nodes with the fewest resources.
        assertEquals(List.of("db Started n1", "httpd:0 Started web-0", "httpd:1 Started web-1", "web-0 Started n2",
                "web-1 Started n1", "web-docker-0 Started n2", "web-docker-1 Started n1",
                "web-ip-192.0.2.10 Started n2", "web-ip-192.0.2.11 Started n1"), placed);
        List<String> order = t.precedence();
        for (String expected : List.of("web-ip-192.0.2.10:start@n2 < web-docker-0:start@n2",
                "web-docker-0:start@n2 < web-0:start@n2", "web-0:start@n2 < httpd:start@web-0",
                "web-docker-1:start@n1 < web-1:start@n1", "web-1:start@n1 < httpd:start@web-1")) {
            assertTrue(order.contains(expected), expected + " in " + order);
        }
    }

    @Test
    void moreReplicasThanHostsLeaveTheRestStopped() {
        Transition t = compute(cib(3, ""));
        assertTrue(revised(t).stream().noneMatch(p -> p.startsWith("web-docker-2") || p.startsWith("web-2 ")),
                revised(t).toString());
        assertEquals(2, revised(t).stream().filter(p -> p.startsWith("httpd:")).count());
    }

    @Test
    void aReplicaWhoseContainerCannotRunShowsItsConnectionAndInstanceStartsBlocked() {
        // As crm_simulate 2.1.5: the connection is still placed by its own scores (the container's
        // host is preferred by 10000 only), and its start and the instance's wait for the container's.
        List<String> lines = compute(cib(3, "")).summary().stream().map(l -> l.replaceAll("\\s+", " ").trim())
                .filter(l -> l.contains("web-2")).sorted().toList();
        assertEquals(List.of("Start httpd:2 ( web-2 ) due to unrunnable web-docker-2 start (blocked)",
                "Start web-2 ( n2 ) due to unrunnable web-docker-2 start (blocked)"), lines);
    }

    @Test
    void nothingElseRunsOnABundlesGuestNodes() {
        Transition t = compute(cib(2, "<rsc_location id='l' rsc='db' node='web-0' score='INFINITY'/>"));
        assertTrue(revised(t).stream().noneMatch(p -> p.startsWith("db Started web-")), revised(t).toString());
    }

    @Test
    void constraintsNamingTheBundleActOnItsContainers() {
        Transition t = compute(cib(2, "<rsc_location id='ban' rsc='web' node='n2' score='-INFINITY'/>"
                + "<rsc_colocation id='c' rsc='db' with-rsc='web' score='INFINITY'/>"
                + "<rsc_order id='o' first='web' then='db'/>"));
        List<String> placed = revised(t);
        assertTrue(placed.contains("web-docker-0 Started n1") && placed.contains("db Started n1"), placed.toString());
        assertTrue(placed.stream().noneMatch(p -> p.startsWith("web-docker-1")), "one host left: " + placed);
        assertTrue(t.precedence().contains("web-docker-0:start@n1 < db:start@n1"), t.precedence().toString());
    }

    @Test
    void aContainerOnARemoteNodeHasItsConnectionBesideTheRemoteNodesOwn() {
        String xml = "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set></crm_config>"
                + "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes><resources>"
                + "<primitive id='rem1' class='ocf' provider='pacemaker' type='remote'/>"
                + "<bundle id='app'><docker image='app:1' replicas='3'/><network control-port='3121'/>"
                + "<primitive id='srv' class='ocf' provider='heartbeat' type='Dummy'/></bundle></resources>"
                + "<constraints><rsc_location id='l' rsc='rem1' node='n1' score='100'/></constraints></configuration>"
                + "<status><node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "</status></cib>";
        List<String> placed = revised(compute(xml));
        String nested = placed.stream().filter(p -> p.startsWith("app-docker-") && p.endsWith(" rem1")).findFirst()
                .orElseThrow(() -> new AssertionError("a container nests on the remote node: " + placed));
        String replica = nested.substring("app-docker-".length(), nested.indexOf(' '));
        assertTrue(placed.contains("app-" + replica + " Started n1"), "its connection runs where rem1's does: " + placed);
        assertEquals(3, placed.stream().filter(p -> p.startsWith("srv:")).count(), placed.toString());
    }
}
