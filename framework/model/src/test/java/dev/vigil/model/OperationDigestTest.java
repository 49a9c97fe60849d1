package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The digests of operation parameters, against digests Pacemaker recorded in the status section
 * of its scheduler cases (op-digest, op-restart-digest, op-secure-digest) or computed for them
 * (crm_resource --digests, crm_simulate's log).
 */
class OperationDigestTest {
    private static final Duration ZERO = Duration.ZERO;

    private static Resource ocf(String id, Map<String, String> params, Operation... ops) {
        return Resource.of(id, "ocf", "heartbeat", "IPaddr", params, Map.of(), List.of(ops));
    }

    @Test
    void noParametersAtAll() {
        // params-2: lsb:apache without parameters, recorded by its start
        Resource r = Resource.of("rsc1", "lsb", null, "apache", Map.of(), Map.of(), List.of());
        assertEquals("f2317cad3d54cec5d7d7aa7d0bf35cf8", OperationDigest.of(OperationDigest.parameters(r, "start", ZERO)));
    }

    @Test
    void aRecurringOperationHashesItsTimeoutInMilliseconds() {
        // params-5: rsc_c001n03_monitor_5000
        Resource r = ocf("rsc_c001n03", Map.of("ip", "127.0.0.13"),
                Operation.of("monitor", Duration.ofSeconds(5), Duration.ofSeconds(20)));
        Map<String, String> p = OperationDigest.parameters(r, "monitor", Duration.ofSeconds(5));
        assertEquals(Map.of("ip", "127.0.0.13", "CRM_meta_timeout", "20000"), p);
        assertEquals("3b337ce52a3a88fb0a61ff74c5e42f0b", OperationDigest.of(p));
        // its restart digest, recorded without op-force-restart: every parameter (params-5, DcIPaddr)
        Resource dc = ocf("DcIPaddr", Map.of("ip", "127.0.0.20"),
                Operation.of("monitor", Duration.ofSeconds(5), Duration.ofSeconds(20)));
        assertEquals("cccb682889edd8bad617ff3e0c5d6ab7", OperationDigest.ofOnly(
                OperationDigest.parameters(dc, "monitor", Duration.ofSeconds(5)), null));
    }

    @Test
    void aProbeIsComparedWithTheStartAndTheRestartDigestKeepsOnlyTheForcedParameters() {
        // bug-5025-1: A (ocf:pacemaker:Dummy) with allow-migrate=1; op-force-restart=" state "
        Resource a = Resource.of("A", "ocf", "pacemaker", "Dummy", Map.of("allow-migrate", "1"), Map.of(),
                List.of(Operation.of("monitor", Duration.ofSeconds(30), Duration.ofSeconds(60))));
        Map<String, String> start = OperationDigest.parameters(a, "start", ZERO);
        assertEquals(start, OperationDigest.parameters(a, "monitor", ZERO));
        assertEquals("01a1ad8e8d6edfe709a896d67343f804", OperationDigest.of(start));
        assertEquals("f2317cad3d54cec5d7d7aa7d0bf35cf8", OperationDigest.ofOnly(start, " state "));
        assertEquals("0cc84854df1bba345340a3c71cc0424b",
                OperationDigest.of(OperationDigest.parameters(a, "monitor", Duration.ofSeconds(30))));
    }

    @Test
    void attributeValuesAreEscapedAsPacemakerDoesAndNamesSortedBytewise() {
        // crm_resource --digests on a primitive with these two parameters
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fake", "a&b\"c<d>e'f");
        p.put("Zeta", "tab\tnl\nx");
        // Pacemaker 2.1.5's own escaping: a tab as four spaces, a newline as backslash-n
        assertEquals(" <parameters Zeta=\"tab    nl\\nx\" fake=\"a&amp;b&quot;c&lt;d&gt;e&apos;f\"/>\n",
                OperationDigest.canonical(p));
        assertEquals("65e9ca274745b1a1caed121b4ba67854", OperationDigest.of(p));
        // escaping stops at the first multi-byte character
        assertEquals(" <parameters a=\"&lt;\u00e9<\"/>\n", OperationDigest.canonical(Map.of("a", "<\u00e9<")));
    }

    private static String cib(String opDefaults, String resources) {
        return "<cib epoch='1'><configuration><crm_config/>" + opDefaults
                + "<nodes><node id='1' uname='a'/></nodes><resources>" + resources
                + "</resources><constraints/></configuration><status/></cib>";
    }

    @Test
    void aCloneOrGroupPassesItsInstanceAttributesToItsPrimitives() {
        // probe-2: apache2 in group_webservice in clone_webservice, whose instance attributes it inherits
        Cib c = new CibReader("t").read(cib("", "<clone id='clone_webservice'>"
                + "<instance_attributes id='ci'><nvpair id='c1' name='clone-max' value='2'/>"
                + "<nvpair id='c2' name='clone-node-max' value='1'/><nvpair id='c3' name='target-role' value='Started'/>"
                + "</instance_attributes><group id='group_webservice'>"
                + "<primitive id='apache2' class='ocf' type='apache' provider='heartbeat'>"
                + "<operations><op id='m' name='monitor' interval='60s' timeout='300s'/></operations>"
                + "<instance_attributes id='ai'><nvpair id='a1' name='httpd' value='/usr/sbin/apache2'/>"
                + "<nvpair id='a2' name='options' value='-k start'/>"
                + "<nvpair id='a3' name='configfile' value='/etc/apache2/apache2.conf'/>"
                + "<nvpair id='a4' name='statusurl' value='http://localhost/server-status/'/>"
                + "<nvpair id='a5' name='target-role' value='Started'/>"
                + "<nvpair id='a6' name='envfiles' value='/etc/apache2/envvars'/></instance_attributes>"
                + "</primitive></group></clone>"));
        Resource apache = c.config().resource("apache2").orElseThrow();
        assertEquals("2", apache.params().get("clone-max"));
        assertEquals("e4466c65b7015cba266e0692e8915cfd",
                OperationDigest.of(OperationDigest.parameters(apache, "start", ZERO)));
    }

    @Test
    void aParameterSetToDefaultIsNotSet() {
        // novell-239087: fs_1's target_role="#default" is left out of its recorded start digest
        Cib c = new CibReader("t").read(cib("", "<primitive id='fs_1' class='ocf' provider='heartbeat' type='Filesystem'>"
                + "<instance_attributes id='i'><nvpair id='a' name='fstype' value='reiserfs'/>"
                + "<nvpair id='b' name='directory' value='/mnt/share1'/><nvpair id='c' name='device' value='/dev/drbd0'/>"
                + "<nvpair id='d' name='target_role' value='#default'/></instance_attributes></primitive>"));
        Resource fs = c.config().resource("fs_1").orElseThrow();
        assertEquals("e38fc095cd72534897b21e24a8484122",
                OperationDigest.of(OperationDigest.parameters(fs, "start", ZERO)));
    }

    @Test
    void aRecurringOperationWithoutTimeoutHashesTheOperationDefault() {
        // failcount-block: op_defaults timeout=90s, monitor without a timeout
        Cib c = new CibReader("t").read(cib("<op_defaults><meta_attributes id='od'>"
                + "<nvpair id='t' name='timeout' value='90s'/></meta_attributes></op_defaults>",
                "<primitive id='rsc_pcmk-1' class='ocf' type='IPaddr2' provider='heartbeat'>"
                        + "<instance_attributes id='p'><nvpair id='ip' name='ip' value='192.168.122.107'/>"
                        + "<nvpair id='nm' name='cidr_netmask' value='12'/></instance_attributes>"
                        + "<operations><op id='m' name='monitor' interval='5s'/></operations></primitive>"));
        Resource r = c.config().resource("rsc_pcmk-1").orElseThrow();
        assertEquals("61237efb67ff38ab4c1640440cf2f041", OperationDigest.of(OperationDigest.parameters(r, "monitor",
                Duration.ofSeconds(5), c.config().operationDefaults())));
    }

    @Test
    void anOperationsOwnParametersCount() {
        Resource plain = ocf("r", Map.of("ip", "127.0.0.11"),
                Operation.of("monitor", Duration.ofSeconds(5), Duration.ofSeconds(21)));
        Resource extra = ocf("r", Map.of("ip", "127.0.0.11"), Operation.of("monitor", Duration.ofSeconds(5),
                Duration.ofSeconds(21)).withParams(Map.of("new_attr", "some_value")));
        Duration five = Duration.ofSeconds(5);
        assertEquals("some_value", OperationDigest.parameters(extra, "monitor", five).get("new_attr"));
        assertNotEquals(OperationDigest.of(OperationDigest.parameters(plain, "monitor", five)),
                OperationDigest.of(OperationDigest.parameters(extra, "monitor", five)));
        assertTrue(OperationDigest.hasOwnParameters(extra, "monitor", five));
    }

    @Test
    void theSecureDigestLeavesOutSecretsAndForOldControllersTheFencersOwnParameters() {
        // on-fail-ignore: fence_db1 (stonith:fence_ipmilan), recorded by feature set 3.0.12
        Map<String, String> p = new LinkedHashMap<>();
        p.put("delay", "4");
        p.put("ipaddr", "192.168.103.3");
        p.put("lanplus", "1");
        p.put("login", "root");
        p.put("method", "onoff");
        p.put("passwd", "****");
        p.put("pcmk_host_check", "static-list");
        p.put("pcmk_host_list", "407888-db1");
        p.put("power_wait", "4");
        Resource r = Resource.of("fence_db1", "stonith", null, "fence_ipmilan", p, Map.of(),
                List.of(Operation.of("monitor", Duration.ofSeconds(60), Duration.ofSeconds(20))));
        assertEquals("d7ead554cd349871ab13dad142fdd3f9",
                OperationDigest.secure(r, "start", ZERO, " passwd  password ", "3.0.12"));
        assertTrue(OperationDigest.fencingParameter("pcmk_reboot_timeout"));
        assertTrue(OperationDigest.fencingParameter("pcmk_host_list"));
        assertTrue(!OperationDigest.fencingParameter("pcmk_foo") && !OperationDigest.fencingParameter("ipaddr"));
        assertTrue(OperationDigest.compareVersions("3.0.12", "3.16.0") < 0);
        assertTrue(OperationDigest.compareVersions("3.16.1", "3.16.0") > 0);
    }

    @Test
    void theHistoryKeepsTheDigestsOfWhatRanSinceTheLastStart() {
        String status = "<status><node_state id='1' uname='a' in_ccm='true' crmd='online' join='member'>"
                + "<lrm id='l'><lrm_resources><lrm_resource id='r' class='ocf' provider='heartbeat' type='IPaddr'>"
                + "<lrm_rsc_op id='o0' operation='start' call-id='1' rc-code='0' op-status='0' interval='0'"
                + " op-digest='old'/>"
                + "<lrm_rsc_op id='o1' operation='stop' call-id='2' rc-code='0' op-status='0' interval='0'/>"
                + "<lrm_rsc_op id='o2' operation='start' call-id='3' rc-code='0' op-status='0' interval='0'"
                + " op-digest='d1' op-restart-digest='d2' op-force-restart=' ip '/>"
                + "<lrm_rsc_op id='o3' operation='monitor' call-id='4' rc-code='0' op-status='0' interval='5000'"
                + " op-digest='d3'/></lrm_resource></lrm_resources></lrm></node_state></status>";
        Cib c = new CibReader("t").read(cib("", "<primitive id='r' class='ocf' provider='heartbeat' type='IPaddr'/>")
                .replace("<status/>", status));
        ResourceState s = c.status().nodes().get("a").resources().get("r");
        assertEquals(List.of(RecordedOperation.of("start", ZERO, "d1", "d2", " ip "),
                RecordedOperation.of("monitor", Duration.ofSeconds(5), "d3", null, null)),
                s.recorded().stream().map(o -> RecordedOperation.of(o.task(), o.interval(), o.digest(),
                        o.restartDigest(), o.forceRestart())).collect(java.util.stream.Collectors.toList()));
    }
}
