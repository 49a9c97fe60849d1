package dev.vigil.policy;

import static dev.vigil.policy.Scenario.actions;
import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.OperationDigest;
import dev.vigil.model.RecordedOperation;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * A resource whose parameters changed since it started restarts, or reloads when its agent can
 * apply the change, as Pacemaker decides from the digests in the status section.
 */
class DefinitionChangeTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static String primitive(String id, String params) {
        return "<primitive id='" + id + "' class='ocf' provider='heartbeat' type='IPaddr'>"
                + "<instance_attributes id='" + id + "-ia'>" + params + "</instance_attributes>"
                + "<operations><op id='" + id + "-m' name='monitor' interval='10s' timeout='20s'/></operations>"
                + "</primitive>";
    }

    private static String nv(String name, String value) {
        return "<nvpair id='" + name + "' name='" + name + "' value='" + value + "'/>";
    }

    /** One online node n1 where each lrm_resource ran the given operations. */
    private static Cib cib(String resources, String... lrmResources) {
        return new CibReader("test").read("<cib epoch='1' have-quorum='1'><configuration><crm_config>"
                + "<cluster_property_set id='p'>" + nv("stonith-enabled", "false") + "</cluster_property_set>"
                + "</crm_config><nodes><node id='1' uname='n1'/></nodes><resources>" + resources
                + "</resources><constraints/></configuration><status>"
                + "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<lrm id='1'><lrm_resources>" + String.join("", lrmResources)
                + "</lrm_resources></lrm></node_state></status></cib>");
    }

    private static String started(String id, String startDigests) {
        return "<lrm_resource id='" + id + "' class='ocf' provider='heartbeat' type='IPaddr'>"
                + "<lrm_rsc_op id='" + id + "_start' operation='start' call-id='1' rc-code='0' op-status='0'"
                + " interval='0' " + startDigests + "/>"
                + "<lrm_rsc_op id='" + id + "_mon' operation='monitor' call-id='2' rc-code='0' op-status='0'"
                + " interval='10000'/></lrm_resource>";
    }

    private static String digestOf(Map<String, String> params) {
        Resource r = Resource.of("x", "ocf", "heartbeat", "IPaddr", params, Map.of(), List.of());
        return OperationDigest.of(OperationDigest.parameters(r, "start", Duration.ZERO));
    }

    @Test
    void unchangedParametersChangeNothing() {
        Cib c = cib(primitive("ip", nv("ip", "10.0.0.1")),
                started("ip", "op-digest='" + digestOf(Map.of("ip", "10.0.0.1")) + "'"));
        Transition t = new PolicyEngine().compute(c.config(), c.status(), NOW);
        assertEquals(List.of(), summary(t));
        assertEquals(List.of("ip_monitor_10000 n1"), actions(t), "only the recurring monitor Vigil did not see");
    }

    @Test
    void aChangedParameterRestartsItWhereItRunsAndWhatDependsOnIt() {
        String group = "<group id='g'>" + primitive("ip", nv("ip", "10.0.0.2")) + primitive("web", "") + "</group>";
        Cib c = cib(group, started("ip", "op-digest='" + digestOf(Map.of("ip", "10.0.0.1")) + "'"),
                started("web", "op-digest='" + digestOf(Map.of()) + "'"));
        Transition t = new PolicyEngine().compute(c.config(), c.status(), NOW);
        assertEquals(List.of("Restart ip ( n1 )", "Restart web ( n1 )"), summary(t));
        assertEquals("due to resource definition change", t.changes().get(0).reason());
        List<String> a = actions(t);
        int stop = a.indexOf("ip_stop_0 n1"), start = a.indexOf("ip_start_0 n1"), webStop = a.indexOf("web_stop_0 n1");
        assertEquals(List.of(webStop), t.dependenciesOf(stop), "the member after it stops first");
        assertEquals(true, t.dependenciesOf(start).contains(stop), "stopped, then started again");
    }

    @Test
    void aChangeOnlyInReloadableParametersReloadsWhenTheAgentCan() {
        // the agent recorded that only 'ip' needs a restart: changing 'label' reloads
        Map<String, String> before = Map.of("ip", "10.0.0.1", "label", "old");
        String recorded = "op-digest='" + digestOf(before) + "' op-force-restart=' ip ' op-restart-digest='"
                + digestOf(Map.of("ip", "10.0.0.1")) + "'";
        Cib reload = cib(primitive("ip", nv("ip", "10.0.0.1") + nv("label", "new")), started("ip", recorded));
        Transition t = new PolicyEngine().compute(reload.config(), reload.status(), NOW);
        assertEquals(List.of("Reload ip ( n1 )"), summary(t));
        assertEquals(List.of("ip_reload-agent_0 n1", "ip_monitor_10000 n1"), actions(t));
        assertEquals(List.of(t.actions().get(0).id()), t.dependenciesOf(t.actions().get(1).id()),
                "the monitor follows the reload (Pacemaker's graph: reload-agent, then the monitor)");
        // Live, the executor reports the monitor running: the reload ends it there, so it is asked for again.
        ResourceState live = reload.status().nodes().get("n1").resource("ip").withMonitor(Duration.ofSeconds(10));
        ClusterStatus reported = ClusterStatus.of(Map.of("n1", NodeStatus.of("n1", true, Map.of("ip", live))), true,
                "n1");
        assertEquals(List.of("ip_reload-agent_0 n1", "ip_monitor_10000 n1"),
                actions(new PolicyEngine().compute(reload.config(), reported, NOW)));

        Cib restart = cib(primitive("ip", nv("ip", "10.0.0.2") + nv("label", "old")), started("ip", recorded));
        t = new PolicyEngine().compute(restart.config(), restart.status(), NOW);
        assertEquals(List.of("Restart ip ( n1 )"), summary(t), "'ip' cannot be reloaded");
    }

    @Test
    void withoutReloadSupportAnyChangeRestarts() {
        Cib c = cib(primitive("ip", nv("ip", "10.0.0.1") + nv("label", "new")),
                started("ip", "op-digest='" + digestOf(Map.of("ip", "10.0.0.1", "label", "old")) + "'"));
        assertEquals(List.of("Restart ip ( n1 )"), summary(new PolicyEngine().compute(c.config(), c.status(), NOW)));
    }

    @Test
    void aStartRecordedWithoutDigestCountsAsChanged() {
        Cib c = cib(primitive("ip", nv("ip", "10.0.0.1")), started("ip", ""));
        assertEquals(List.of("Restart ip ( n1 )"), summary(new PolicyEngine().compute(c.config(), c.status(), NOW)));
    }

    @Test
    void aStoppedResourceIsNotCompared() {
        String history = "<lrm_resource id='ip' class='ocf' provider='heartbeat' type='IPaddr'>"
                + "<lrm_rsc_op id='a' operation='start' call-id='1' rc-code='0' op-status='0' interval='0'"
                + " op-digest='0123'/><lrm_rsc_op id='b' operation='stop' call-id='2' rc-code='0' op-status='0'"
                + " interval='0'/></lrm_resource>";
        Cib c = cib(primitive("ip", nv("ip", "10.0.0.1")), history);
        assertEquals(List.of("Start ip ( n1 )"), summary(new PolicyEngine().compute(c.config(), c.status(), NOW)),
                "started anew with the new parameters, not restarted");
    }

    @Test
    void aLiveClusterRestartsAResourceWhoseParametersChangedSinceItsExecutorStartedIt() {
        // the executor records the digest of the parameters its start ran with
        ResourceState started = ResourceState.of(ResourceRole.STARTED).withRecorded(List.of(RecordedOperation.of(
                "start", Duration.ZERO, OperationDigest.ofStart(Map.of("ip", "10.0.0.1")), null, null)));
        ClusterStatus status = ClusterStatus.of(Map.of("n1", NodeStatus.of("n1", true, Map.of("ip", started))),
                true, "n1");
        Transition same = new PolicyEngine().compute(Scenario.config("primitive ip IPaddr2 params ip=10.0.0.1\n"), status, NOW);
        assertEquals(List.of(), summary(same));
        Transition changed = new PolicyEngine().compute(Scenario.config("primitive ip IPaddr2 params ip=10.0.0.2\n"), status,
                NOW);
        assertEquals(List.of("Restart ip ( n1 )"), summary(changed));
        assertEquals(List.of("ip_stop_0 n1", "ip_start_0 n1"), actions(changed));
    }

    @Test
    void aMaskedSecretIsNoChangeForASanitizedInputOnly() {
        // the saved CIB shows passwd='****'; the secure digest (without passwd) still matches
        Map<String, String> real = Map.of("ip", "10.0.0.1", "passwd", "s3cret");
        Resource masked = Resource.of("ip", "ocf", "heartbeat", "IPaddr", Map.of("ip", "10.0.0.1", "passwd", "****"),
                Map.of(), List.of());
        String recorded = "op-digest='" + digestOf(real) + "' op-secure-params=' passwd ' op-secure-digest='"
                + OperationDigest.secure(masked, "start", Duration.ZERO, " passwd ", "3.16.1")
                + "' crm_feature_set='3.16.1'";
        Cib c = cib(primitive("ip", nv("ip", "10.0.0.1") + nv("passwd", "****")), started("ip", recorded));
        assertEquals(List.of(), summary(PolicyEngine.forSanitizedInput().compute(c.config(), c.status(), NOW)));
        assertEquals(List.of("Restart ip ( n1 )"), summary(new PolicyEngine().compute(c.config(), c.status(), NOW)),
                "a live cluster's status holds the real digests: the password did change");
    }
}
