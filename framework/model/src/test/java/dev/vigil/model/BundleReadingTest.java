package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A {@code <bundle>} is read as the resources Pacemaker makes of it, one set per replica: the
 * container, the address, the guest node and its connection, and the clone of the primitive inside.
 */
class BundleReadingTest {
    private static String cib(String bundle, String constraints) {
        return "<cib epoch='1' have-quorum='1'>\n<configuration>\n<crm_config/>\n"
                + "<nodes><node id='1' uname='a'/><node id='2' uname='b'/></nodes>\n"
                + "<resources><primitive id='vip' class='ocf' provider='heartbeat' type='IPaddr2'/>\n"
                + bundle + "</resources>\n<constraints>" + constraints + "</constraints>\n"
                + "</configuration>\n<status/>\n</cib>\n";
    }

    private static final String WEB = "<bundle id='web'>"
            + "<podman image='registry/web:1' replicas='2' options='--log-driver=journald' network='bridge'/>"
            + "<network ip-range-start='10.0.0.254' control-port='3200'>"
            + "<port-mapping id='p' port='80'/></network>"
            + "<storage><storage-mapping id='s' source-dir='/srv/www' target-dir='/var/www' options='ro'/></storage>"
            + "<primitive id='httpd' class='ocf' provider='heartbeat' type='apache'>"
            + "<utilization id='u'><nvpair id='u1' name='cpu' value='2'/></utilization></primitive>"
            + "</bundle>";

    @Test
    void eachReplicaHasAContainerAnAddressAndAGuestNodeRunningTheClonedPrimitive() {
        ClusterConfig c = new CibReader("cib.xml").read(cib(WEB, "")).config();
        Bundle b = c.bundle("web").orElseThrow();
        assertEquals(2, b.replicas());
        assertEquals(List.of("vip", "web-podman-0", "web-ip-10.0.0.254", "web-podman-1", "web-ip-10.0.1.1", "httpd"),
                c.resources().stream().map(Resource::id).toList(), "addresses count on past .254 to the next /24");
        Clone clone = c.clone("web-clone").orElseThrow();
        assertEquals("httpd", clone.child());
        assertEquals(2, clone.maxInstances());
        assertFalse(clone.promotable());
        RemoteNodes guests = RemoteNodes.of(c);
        assertEquals(Map.of("web-0", "web-0", "web-1", "web-1"), guests.connections());
        assertEquals("web-podman-1", guests.container("web-1").orElseThrow());
        Resource connection = guests.implicitConnections().iterator().next();
        assertEquals(Map.of("addr", "10.0.0.254", "port", "3200"), connection.params());
        assertEquals(Map.of("cpu", 2), c.resourceUtilization("web-podman-0"), "the primitive's needs are its container's");
        assertTrue(c.resourceUtilization("httpd").isEmpty());
        assertEquals("web", c.bundleOf("web-ip-10.0.1.1").orElseThrow().id());
        assertEquals("web", c.bundleOf("web-1").orElseThrow().id());
        assertTrue(c.bundleOf("vip").isEmpty());
    }

    @Test
    void theContainerRunsWithTheOptionsPacemakerComputesFromTheBundle() {
        ClusterConfig c = new CibReader("cib.xml").read(cib(WEB, "")).config();
        Resource container = c.resource("web-podman-1").orElseThrow();
        assertEquals("ocf:heartbeat:podman", container.agentSpec());
        Map<String, String> p = container.params();
        assertEquals("registry/web:1", p.get("image"));
        assertEquals(" -h web-1 -e PCMK_stderr=1 --net=bridge -e PCMK_remote_port=3200"
                + " -v /srv/www:/var/www:ro -v /etc/pacemaker/authkey:/etc/pacemaker/authkey"
                + " -v /var/log/pacemaker/bundles/web-1:/var/log"
                + " -p 10.0.1.1:80:80 -p 10.0.1.1:3200:3200 --log-driver=journald"
                + "  --add-host=web-0:10.0.0.254 --add-host=web-1:10.0.1.1", p.get("run_opts"));
        assertEquals("/var/log/pacemaker/bundles/web-1", p.get("mount_points"));
        assertEquals("/usr/sbin/pacemaker-remoted", p.get("run_cmd"));
        Resource ip = c.resource("web-ip-10.0.1.1").orElseThrow();
        assertEquals(Map.of("ip", "10.0.1.1", "cidr_netmask", "32"), ip.params());
        assertTrue(c.colocations().stream().anyMatch(k -> k.resource().equals(ip.id())
                && k.withResource().equals("web-podman-1") && k.score().isPositiveInfinity()));
        assertTrue(c.orders().stream().anyMatch(o -> o.first().equals(ip.id()) && o.then().equals("web-podman-1")
                && o.kind() == Order.Kind.MANDATORY && o.symmetrical()));
    }

    @Test
    void constraintsNamingTheBundleHoldForItsContainersAndClone() {
        ClusterConfig c = new CibReader("cib.xml").read(cib(WEB,
                "<rsc_location id='ban' rsc='web' node='b' score='-INFINITY'/>"
                        + "<rsc_order id='o' first='vip' then='web'/>"
                        + "<rsc_colocation id='with' rsc='web' with-rsc='vip' score='INFINITY'/>"
                        + "<rsc_colocation id='vip-with' rsc='vip' with-rsc='web' score='INFINITY'/>")).config();
        assertEquals(List.of("web-podman-0", "web-ip-10.0.0.254", "web-podman-1", "web-ip-10.0.1.1"),
                c.locations().stream().map(LocationConstraint::resource).toList());
        assertEquals(List.of("vip then web-podman-0", "vip then web-podman-1", "vip then web-clone"),
                c.orders().stream().filter(o -> o.first().equals("vip"))
                        .map(o -> o.first() + " then " + o.then()).toList());
        assertEquals(List.of("web-podman-0 with vip", "web-podman-1 with vip", "vip with web"),
                c.colocations().stream().filter(k -> k.withResource().equals("vip") || k.resource().equals("vip"))
                        .map(k -> k.resource() + " with " + k.withResource()).toList(),
                "the bundle's colocations are its containers'; one with the bundle stays for the engine");
    }

    @Test
    void aPromotableBundleClonesItsPrimitiveAsPromotable() {
        ClusterConfig c = new CibReader("cib.xml").read(cib("<bundle id='db'><docker image='pg' promoted-max='1'/>"
                + "<network control-port='3121'/><primitive id='pg' class='ocf' provider='heartbeat' type='pgsql'/>"
                + "</bundle>", "")).config();
        Bundle b = c.bundle("db").orElseThrow();
        assertEquals(1, b.replicas(), "replicas default to promoted-max");
        Clone clone = c.clone("db-master").orElseThrow();
        assertTrue(clone.promotable());
        assertEquals(1, clone.maxPromoted());
        Resource container = c.resource("db-docker-0").orElseThrow();
        assertEquals("#uname", RemoteNodes.of(c).implicitConnections().iterator().next().params().get("addr"),
                "without an address the connection goes to the container's host");
        assertTrue(container.params().get("run_opts").startsWith(" --restart=no -e PCMK_stderr=1"));
    }

    @Test
    void aPrimitiveInABundleWithoutNetworkIsRefusedWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> new CibReader("cib.xml").read(cib(
                "<bundle id='x'><docker image='i'/>\n<primitive id='p' class='ocf' provider='pacemaker' type='Dummy'/>"
                        + "</bundle>", "")));
        assertEquals(7, e.line(), "the line of the primitive");
        assertTrue(e.getMessage().contains("ip-range-start or control-port"), e.getMessage());
    }

    @Test
    void theRuntimeConfigurationRefusesBundlesItCannotRun() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigReader("cluster.conf").read(
                "primitive vip ocf:heartbeat:IPaddr2\nbundle web docker image=web:1\n"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("no container agent"), e.getMessage());
        ClusterConfig read = new CibReader("cib.xml").read(cib(WEB, "")).config();
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> ConfigWriter.write(read));
        assertTrue(w.getMessage().contains("bundle web"), "never written as plain primitives: " + w.getMessage());
    }
}
