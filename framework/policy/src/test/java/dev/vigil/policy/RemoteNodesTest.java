package dev.vigil.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/**
 * Pacemaker Remote nodes, guest containers and resource-discovery, as a user configures them: a
 * remote node is a member only while its connection runs; resources run there through the
 * connection's host; a remote node whose connection cannot run anywhere while resources are
 * active there is fenced; connections and fencing devices run on cluster nodes only.
 */
class RemoteNodesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ZERO_DIGEST = "f2317cad3d54cec5d7d7aa7d0bf35cf8";

    private static String cib(boolean fencing, String resources, String constraints, String status) {
        return "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='" + fencing + "'/></cluster_property_set></crm_config>"
                + "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes><resources>" + resources
                + "</resources><constraints>" + constraints + "</constraints></configuration><status>" + status
                + "</status></cib>";
    }

    private static String primitive(String id, String agent, String extra) {
        String[] a = agent.split(":");
        return "<primitive id='" + id + "' class='" + a[0] + "'" + (a.length > 2 ? " provider='" + a[1] + "'" : "")
                + " type='" + a[a.length - 1] + "'>" + extra + "</primitive>";
    }

    private static String clusterNode(String name, boolean up, String lrm) {
        return "<node_state id='" + (name.equals("n1") ? "1" : "2") + "' uname='" + name + "' in_ccm='" + up
                + "' crmd='" + (up ? "online" : "offline") + "' join='" + (up ? "member" : "down")
                + "' expected='member'><lrm id='x'><lrm_resources>" + lrm + "</lrm_resources></lrm></node_state>";
    }

    private static String remoteNode(String name, String lrm) {
        return "<node_state id='" + name + "' uname='" + name + "' remote_node='true'><lrm id='" + name
                + "'><lrm_resources>" + lrm + "</lrm_resources></lrm></node_state>";
    }

    /** The history of a resource: started (rc 0) or probed not running (rc 7), or a failed monitor. */
    private static String history(String id, String agent, String result) {
        String[] a = agent.split(":");
        String op = switch (result) {
            case "started" -> op(id, "start", 0, 0, 0);
            case "stopped" -> op(id, "monitor", 0, 7, 7);
            default -> op(id, "start", 0, 0, 0).replace("_last_0", "_start_0")
                    + op(id, "monitor", 10000, 0, 1).replace("_last_0", "_last_failure_0");
        };
        return "<lrm_resource id='" + id + "' class='" + a[0] + "'" + (a.length > 2 ? " provider='" + a[1] + "'" : "")
                + " type='" + a[a.length - 1] + "'>" + op + "</lrm_resource>";
    }

    private static String op(String id, String task, int interval, int expected, int rc) {
        return "<lrm_rsc_op id='" + id + "_last_0' operation='" + task + "' interval='" + interval
                + "' call-id='2' rc-code='" + rc + "' op-status='0' transition-key='2:1:" + expected
                + ":x' last-rc-change='1767225000' crm_feature_set='3.0.5' op-digest='" + ZERO_DIGEST + "'/>";
    }

    private static final String REMOTE = "ocf:pacemaker:remote";
    private static final String DUMMY = "ocf:pacemaker:Dummy";
    private static final String PREFER_REMOTE = "<rsc_location id='l' rsc='web' node='rem1' score='100'/>";

    private static Transition compute(String xml) {
        Cib c = new CibReader("test").read(xml);
        return new PolicyEngine().compute(c.config(), c.status(), NOW);
    }

    private static List<String> revised(Transition t) {
        return t.revised().stream().map(p -> p.resource() + " " + p.role() + " " + p.node()).sorted().toList();
    }

    @Test
    void aRemoteNodeWhoseConnectionRunsHostsResourcesAndNeverItsConnection() {
        String resources = primitive("rem1", REMOTE, "") + primitive("web", DUMMY, "");
        String status = clusterNode("n1", true, history("rem1", REMOTE, "started") + history("web", DUMMY, "stopped"))
                + clusterNode("n2", true, history("rem1", REMOTE, "stopped") + history("web", DUMMY, "stopped"))
                + remoteNode("rem1", history("web", DUMMY, "stopped"));
        Transition t = compute(cib(false, resources, PREFER_REMOTE
                + "<rsc_location id='l2' rsc='rem1' node='rem1' score='INFINITY'/>", status));
        assertEquals(List.of("rem1 Started n1", "web Started rem1"), revised(t));
        assertEquals(List.of("Start web ( rem1 )"), Scenario.summary(t));
    }

    @Test
    void whatStartsOnARemoteNodeWaitsForItsConnectionToStart() {
        String resources = primitive("rem1", REMOTE, "") + primitive("web", DUMMY, "");
        String status = clusterNode("n1", true, history("rem1", REMOTE, "stopped") + history("web", DUMMY, "stopped"))
                + clusterNode("n2", true, history("rem1", REMOTE, "stopped") + history("web", DUMMY, "stopped"));
        Transition t = compute(cib(false, resources, PREFER_REMOTE, status));
        assertEquals(List.of("rem1 Started n1", "web Started rem1"), revised(t));
        assertTrue(t.precedence().contains("rem1:start@n1 < web:start@rem1"), t.precedence().toString());
    }

    @Test
    void aRemoteNodeIsDownWhileItsConnectionCannotRun() {
        String resources = primitive("rem1", REMOTE, "<meta_attributes id='m'><nvpair id='t' name='target-role' "
                + "value='Stopped'/></meta_attributes>") + primitive("web", DUMMY, "");
        String status = clusterNode("n1", true, history("rem1", REMOTE, "stopped") + history("web", DUMMY, "stopped"))
                + clusterNode("n2", true, history("rem1", REMOTE, "stopped") + history("web", DUMMY, "stopped"));
        Transition t = compute(cib(false, resources, PREFER_REMOTE, status));
        assertEquals(List.of("web Started n1"), revised(t));
    }

    @Test
    void stoppingAConnectionStopsWhatRunsOnItsNodeFirst() {
        String resources = primitive("rem1", REMOTE, "<meta_attributes id='m'><nvpair id='t' name='target-role' "
                + "value='Stopped'/></meta_attributes>") + primitive("web", DUMMY, "");
        String status = clusterNode("n1", true, history("rem1", REMOTE, "started") + history("web", DUMMY, "stopped"))
                + clusterNode("n2", true, history("rem1", REMOTE, "stopped") + history("web", DUMMY, "stopped"))
                + remoteNode("rem1", history("web", DUMMY, "started"));
        Transition t = compute(cib(false, resources, PREFER_REMOTE, status));
        assertEquals(List.of("web Started n1"), revised(t));
        assertTrue(t.precedence().contains("web:stop@rem1 < rem1:stop@n1"), t.precedence().toString());
    }

    @Test
    void aNodeDeclaredRemoteWithoutAConnectionIsDownButNeverFenced() {
        String resources = primitive("web", DUMMY, "") + primitive("fence1", "stonith:fence_dummy", "");
        String status = clusterNode("n1", true, history("web", DUMMY, "stopped")
                + history("fence1", "stonith:fence_dummy", "started"))
                + clusterNode("n2", true, history("web", DUMMY, "stopped"));
        Transition t = compute(cib(true, resources, PREFER_REMOTE, status)
                .replace("</nodes>", "<node id='rem1' uname='rem1' type='remote'/></nodes>"));
        assertFalse(t.summary().stream().anyMatch(l -> l.contains("Fence")), t.summary().toString());
        assertFalse(revised(t).contains("web Started rem1"), revised(t).toString());
    }

    @Test
    void aRemovedGuestConnectionStopsBeforeTheLauncherItsHistoryNamesAndItsNodeIsNotFenced() {
        String resources = primitive("web", DUMMY, "") + primitive("fence1", "stonith:fence_dummy", "");
        String status = clusterNode("n1", true, history("vm", DUMMY, "started")
                + history("guest1", REMOTE, "started").replace("<lrm_resource id='guest1'",
                        "<lrm_resource id='guest1' container='vm'")
                + history("web", DUMMY, "stopped") + history("fence1", "stonith:fence_dummy", "started"))
                + clusterNode("n2", true, history("web", DUMMY, "stopped"))
                + remoteNode("guest1", history("web", DUMMY, "started")).replace(" remote_node='true'", "");
        Transition t = compute(cib(true, resources, "", status));
        List<String> summary = Scenario.summary(t);
        assertFalse(summary.stream().anyMatch(l -> l.contains("Fence")), summary.toString());
        assertTrue(summary.contains("Stop guest1 ( n1 )") && summary.contains("Stop vm ( n1 )"), summary.toString());
        assertTrue(t.precedence().contains("guest1:stop@n1 < vm:stop@n1"), t.precedence().toString());
        assertTrue(t.precedence().contains("web:stop@guest1 < guest1:stop@n1"), t.precedence().toString());
    }

    @Test
    void aRemoteNodeWithActiveResourcesIsFencedWhenItsConnectionCanRunNowhere() {
        // The connection ran on n2, which is lost; it may not run on n1.
        String resources = primitive("rem1", REMOTE, "") + primitive("web", DUMMY, "")
                + primitive("fence1", "stonith:fence_dummy", "");
        String status = clusterNode("n1", true, history("rem1", REMOTE, "stopped") + history("web", DUMMY, "stopped")
                + history("fence1", "stonith:fence_dummy", "started"))
                + clusterNode("n2", false, history("rem1", REMOTE, "started") + history("web", DUMMY, "stopped"))
                + remoteNode("rem1", history("web", DUMMY, "started"));
        Transition t = compute(cib(true, resources, PREFER_REMOTE
                + "<rsc_location id='l2' rsc='rem1' node='n1' score='-INFINITY'/>", status));
        List<String> summary = Scenario.summary(t);
        assertTrue(t.summary().stream().anyMatch(l -> l.contains("rem1")
                && l.contains("resources are active but connection is unrecoverable")), t.summary().toString());
        assertTrue(summary.contains("Move web ( rem1 -> n1 )"), summary.toString());
        assertEquals(List.of("fence1 Started n1", "web Started n1"), revised(t));
    }

    @Test
    void aFailedConnectionWithAReconnectIntervalStaysStopped() {
        String resources = primitive("rem1", REMOTE, "<instance_attributes id='i'><nvpair id='r' "
                + "name='reconnect_interval' value='60s'/></instance_attributes>") + primitive("web", DUMMY, "");
        String status = clusterNode("n1", true, history("rem1", REMOTE, "failed") + history("web", DUMMY, "stopped"))
                + clusterNode("n2", true, history("rem1", REMOTE, "stopped") + history("web", DUMMY, "stopped"));
        Transition t = compute(cib(false, resources, "", status));
        assertEquals(List.of("Stop rem1 ( n1 )"), Scenario.summary(t).stream().filter(l -> l.contains("rem1")).toList());
    }

    @Test
    void fencingDevicesAndConnectionsRunOnClusterNodesOnly() {
        String resources = primitive("rem1", REMOTE, "") + primitive("fence1", "stonith:fence_dummy", "");
        String status = clusterNode("n1", true, history("rem1", REMOTE, "started")
                + history("fence1", "stonith:fence_dummy", "stopped"))
                + clusterNode("n2", false, "") + remoteNode("rem1", "");
        Transition t = compute(cib(false, resources,
                "<rsc_location id='l' rsc='fence1' node='rem1' score='INFINITY'/>", status));
        assertEquals(List.of("fence1 Started n1", "rem1 Started n1"), revised(t));
    }

    @Test
    void aResourceInAContainerRunsWithItAndRestartsItWhenItFails() {
        String resources = primitive("vm", DUMMY, "") + primitive("app", DUMMY,
                "<meta_attributes id='m'><nvpair id='c' name='container' value='vm'/></meta_attributes>");
        String status = clusterNode("n1", true, history("vm", DUMMY, "started") + history("app", DUMMY, "failed"))
                + clusterNode("n2", true, history("vm", DUMMY, "stopped") + history("app", DUMMY, "stopped"));
        Transition t = compute(cib(false, resources, "", status));
        assertEquals(List.of("app Started n1", "vm Started n1"), revised(t));
        assertTrue(Scenario.summary(t).contains("Restart vm ( n1 )"), Scenario.summary(t).toString());
        assertTrue(t.precedence().contains("vm:start@n1 < app:start@n1"), t.precedence().toString());
    }

    @Test
    void exclusiveDiscoveryKeepsAResourceToTheNodesItNamesAndNeverSkipsProbes() {
        String resources = primitive("web", DUMMY, "") + primitive("db", DUMMY, "");
        String status = clusterNode("n1", true, "") + clusterNode("n2", true, "");
        Transition t = compute(cib(false, resources,
                "<rsc_location id='l' rsc='web' node='n2' score='0' resource-discovery='exclusive'/>"
                        + "<rsc_location id='l2' rsc='db' node='n1' score='0' resource-discovery='never'/>"
                        + "<rsc_location id='l3' rsc='db' node='n2' score='-INFINITY'/>", status));
        assertEquals(List.of("db Started n1", "web Started n2"), revised(t));
        List<String> actions = Scenario.actions(t);
        assertFalse(actions.contains("web_monitor_0 n1"), actions.toString());
        assertTrue(actions.contains("web_monitor_0 n2"), actions.toString());
        assertFalse(actions.contains("db_monitor_0 n1"), actions.toString());
    }

    private static final String GUEST_VM = primitive("vm", DUMMY,
            "<meta_attributes id='m'><nvpair id='g' name='remote-node' value='guest1'/></meta_attributes>");
    private static final String FENCE = primitive("fence1", "stonith:fence_dummy", "");
    private static final String PREFER_GUEST = "<rsc_location id='l' rsc='web' node='guest1' score='100'/>";

    @Test
    void aGuestNodeIsConnectedByAnImplicitConnectionThatStartsAfterItsContainer() {
        String status = clusterNode("n1", true, history("vm", DUMMY, "stopped") + history("web", DUMMY, "stopped"))
                + clusterNode("n2", true, history("vm", DUMMY, "stopped") + history("web", DUMMY, "stopped"));
        Transition t = compute(cib(false, GUEST_VM + primitive("web", DUMMY, ""), PREFER_GUEST, status));
        assertEquals(List.of("guest1 Started n1", "vm Started n1", "web Started guest1"), revised(t));
        List<String> summary = Scenario.summary(t);
        assertTrue(summary.contains("Start guest1 ( n1 )"), summary.toString());
        assertTrue(t.precedence().contains("vm:start@n1 < guest1:start@n1"), t.precedence().toString());
        assertTrue(t.precedence().contains("guest1:start@n1 < web:start@guest1"), t.precedence().toString());
        assertTrue(Scenario.actions(t).contains("guest1_monitor_30000 n1"), Scenario.actions(t).toString());
    }

    @Test
    void aGuestWhoseContainerFailedIsFencedByRecoveringTheContainerAndWhatRanThereIsRecovered() {
        String status = clusterNode("n1", true, history("vm", DUMMY, "failed") + history("guest1", REMOTE, "started")
                + history("fence1", "stonith:fence_dummy", "started"))
                + clusterNode("n2", true, history("vm", DUMMY, "stopped") + history("guest1", REMOTE, "stopped"))
                + remoteNode("guest1", history("web", DUMMY, "started"));
        Transition t = compute(cib(true, GUEST_VM + primitive("web", DUMMY, "") + FENCE,
                PREFER_GUEST + "<rsc_location id='l2' rsc='vm' node='n1' score='100'/>", status));
        List<String> summary = Scenario.summary(t);
        assertTrue(summary.contains("Fence (reboot) guest1 ( vm )"), summary.toString());
        assertTrue(summary.contains("Recover vm ( n1 )"), summary.toString());
        assertTrue(summary.contains("Recover web ( guest1 )"), summary.toString());
        Action fence = t.actions().stream().filter(a -> a.kind() == Action.Kind.FENCE).findFirst().orElseThrow();
        assertTrue(fence.pseudo(), "a guest is fenced by its container's recovery, not by a fencing device");
        assertTrue(t.precedence().contains("vm:stop@n1 < web:start@guest1"), t.precedence().toString());
        assertTrue(t.precedence().contains("vm:start@n1 < guest1:start@n1"), t.precedence().toString());
        assertTrue(revised(t).containsAll(List.of("guest1 Started n1", "vm Started n1", "web Started guest1")),
                revised(t).toString());
    }

    @Test
    void aGuestWhoseHostIsFencedIsFencedToo() {
        String status = clusterNode("n1", true, history("vm", DUMMY, "stopped") + history("guest1", REMOTE, "stopped")
                + history("fence1", "stonith:fence_dummy", "started"))
                + clusterNode("n2", false, history("vm", DUMMY, "started") + history("guest1", REMOTE, "started"))
                + remoteNode("guest1", history("web", DUMMY, "started"));
        Transition t = compute(cib(true, GUEST_VM + primitive("web", DUMMY, "") + FENCE, PREFER_GUEST, status));
        List<String> summary = Scenario.summary(t);
        assertTrue(summary.contains("Fence (reboot) guest1 ( vm )"), summary.toString());
        assertTrue(summary.contains("Recover vm ( n2 -> n1 )"), summary.toString());
        assertTrue(summary.contains("Move guest1 ( n2 -> n1 )"), summary.toString());
        assertTrue(summary.contains("Recover web ( guest1 )"), summary.toString());
        assertTrue(t.precedence().contains("fence@n2 < vm:start@n1"), t.precedence().toString());
    }

    @Test
    void whatRunsOnAGuestRestartsWhenItsContainerMoves() {
        String status = clusterNode("n1", true, history("vm", DUMMY, "started") + history("guest1", REMOTE, "started"))
                + clusterNode("n2", true, history("vm", DUMMY, "stopped") + history("guest1", REMOTE, "stopped"))
                + remoteNode("guest1", history("web", DUMMY, "started"));
        Transition t = compute(cib(false, GUEST_VM + primitive("web", DUMMY, ""),
                PREFER_GUEST + "<rsc_location id='l2' rsc='vm' node='n2' score='100'/>", status));
        List<String> summary = Scenario.summary(t);
        assertTrue(summary.contains("Move vm ( n1 -> n2 )"), summary.toString());
        assertTrue(summary.contains("Move guest1 ( n1 -> n2 )"), summary.toString());
        assertTrue(summary.contains("Restart web ( guest1 )"), summary.toString());
        assertTrue(t.precedence().contains("web:stop@guest1 < guest1:stop@n1"), t.precedence().toString());
        assertTrue(t.precedence().contains("guest1:stop@n1 < vm:stop@n1"), t.precedence().toString());
        assertTrue(t.precedence().contains("guest1:start@n2 < web:start@guest1"), t.precedence().toString());
    }

    @Test
    void aGuestContainerRunsOnClusterNodesOnly() {
        String status = clusterNode("n1", true, history("vm", DUMMY, "started") + history("guest1", REMOTE, "started"))
                + clusterNode("n2", true, history("vm", DUMMY, "stopped") + history("guest1", REMOTE, "stopped"))
                + remoteNode("guest1", "");
        Transition t = compute(cib(false, GUEST_VM, "<rsc_location id='l' rsc='vm' node='guest1' score='INFINITY'/>",
                status));
        assertEquals(List.of("guest1 Started n1", "vm Started n1"), revised(t));
    }

    @Test
    void aGuestConnectionOptsInToAnAsymmetricClusterWhereverItsContainerMayRun() {
        String status = clusterNode("n1", true, history("vm", DUMMY, "stopped") + history("guest1", REMOTE, "stopped"))
                + clusterNode("n2", true, history("vm", DUMMY, "stopped") + history("guest1", REMOTE, "stopped"));
        String xml = cib(false, GUEST_VM, "<rsc_location id='l' rsc='vm' node='n2' score='100'/>", status)
                .replace("</cluster_property_set>", "<nvpair id='y' name='symmetric-cluster' value='false'/>"
                        + "</cluster_property_set>");
        Transition t = compute(xml);
        assertEquals(List.of("guest1 Started n2", "vm Started n2"), revised(t));
    }

    @Test
    void aResourceThatFailedToStopInAContainerIsStoppedByTheContainersRecovery() {
        String resources = primitive("vm", DUMMY, "") + primitive("app", DUMMY,
                "<meta_attributes id='m'><nvpair id='c' name='container' value='vm'/></meta_attributes>");
        String failedStop = "<lrm_resource id='app' class='ocf' provider='pacemaker' type='Dummy'>"
                + op("app", "start", 0, 0, 0).replace("_last_0", "_start_0")
                + op("app", "stop", 0, 0, 1).replace("_last_0", "_last_failure_0") + "</lrm_resource>";
        String status = clusterNode("n1", true, history("vm", DUMMY, "started") + failedStop)
                + clusterNode("n2", true, history("vm", DUMMY, "stopped") + history("app", DUMMY, "stopped"));
        Transition t = compute(cib(true, resources + FENCE, "", status));
        List<String> summary = Scenario.summary(t);
        assertTrue(summary.contains("Restart vm ( n1 )"), summary.toString());
        assertTrue(summary.contains("Start app ( n1 )"), summary.toString());
        assertFalse(summary.stream().anyMatch(l -> l.startsWith("Fence")), "a failed stop in a container is no reason to fence");
    }

    @Test
    void theFailuresOfWhatAContainerLaunchesCountTowardsItsMigrationThreshold() {
        String resources = primitive("vm", DUMMY, "<meta_attributes id='t'><nvpair id='th' "
                + "name='migration-threshold' value='3'/></meta_attributes>") + primitive("app", DUMMY,
                "<meta_attributes id='m'><nvpair id='c' name='container' value='vm'/></meta_attributes>");
        String status = clusterNode("n1", true, history("vm", DUMMY, "started") + history("app", DUMMY, "failed"))
                .replace("<lrm id='x'>", "<transient_attributes id='1'><instance_attributes id='a'><nvpair id='f' "
                        + "name='fail-count-app' value='3'/></instance_attributes></transient_attributes><lrm id='x'>")
                + clusterNode("n2", true, history("vm", DUMMY, "stopped") + history("app", DUMMY, "stopped"));
        Transition t = compute(cib(false, resources, "", status));
        assertEquals(List.of("app Started n2", "vm Started n2"), revised(t));
    }

    @Test
    void aResourceMovingToARemoteNodeStopsWhereItRunsOnlyOnceTheConnectionStarted() {
        String resources = primitive("rem1", REMOTE, "") + primitive("web", DUMMY, "");
        String status = clusterNode("n1", true, history("rem1", REMOTE, "stopped") + history("web", DUMMY, "stopped"))
                + clusterNode("n2", true, history("rem1", REMOTE, "stopped") + history("web", DUMMY, "started"))
                + remoteNode("rem1", history("web", DUMMY, "stopped"));
        Transition t = compute(cib(false, resources, PREFER_REMOTE
                + "<rsc_location id='l2' rsc='rem1' node='n1' score='10'/>", status));
        assertEquals(List.of("rem1 Started n1", "web Started rem1"), revised(t));
        assertTrue(t.precedence().contains("rem1:start@n1 < web:stop@n2"),
                "if the connection fails to start, web keeps running on n2: " + t.precedence());
    }

    @Test
    void nothingIsProbedOnAGuestWhoseContainerMovesNorTheContainerOnItsOwnGuest() {
        String status = clusterNode("n1", true, history("vm", DUMMY, "started") + history("guest1", REMOTE, "started")
                + history("db", DUMMY, "stopped"))
                + clusterNode("n2", true, history("vm", DUMMY, "stopped") + history("guest1", REMOTE, "stopped")
                        + history("db", DUMMY, "stopped"))
                + remoteNode("guest1", history("web", DUMMY, "started"));
        String resources = GUEST_VM + primitive("web", DUMMY, "") + primitive("db", DUMMY, "");
        Transition moving = compute(cib(false, resources,
                PREFER_GUEST + "<rsc_location id='l2' rsc='vm' node='n2' score='100'/>", status));
        assertTrue(Scenario.summary(moving).contains("Move vm ( n1 -> n2 )"), Scenario.summary(moving).toString());
        assertTrue(Scenario.actions(moving).stream().noneMatch(a -> a.endsWith("_monitor_0 guest1")),
                "the guest will stop: its state is known to be gone " + Scenario.actions(moving));
        Transition staying = compute(cib(false, resources, PREFER_GUEST, status));
        List<String> actions = Scenario.actions(staying);
        assertTrue(actions.contains("db_monitor_0 guest1"), actions.toString());
        assertFalse(actions.contains("vm_monitor_0 guest1"), "a container never runs on its own guest: " + actions);
        assertFalse(actions.contains("guest1_monitor_0 guest1"), "nor a connection on a remote node: " + actions);
    }

    /**
     * The connection rem was halfway through a live migration from n3 to n1 (its migrate_to done
     * on n3); rem0, assigned first, runs on n1, so n1 would lose a tie on the count of resources
     * placed: Pacemaker still assigns a connection to its partial migration's target when that
     * node scores as well as the best, so that the migration can complete there.
     */
    @Test
    void aConnectionHalfwayThroughAMigrationPrefersItsTarget() {
        String migrateTo = "<lrm_rsc_op id='rem_last_0' operation_key='rem_migrate_to_0' operation='migrate_to'"
                + " call-id='5' rc-code='0' op-status='0' interval='0' transition-key='1:1:0:x'"
                + " transition-magic='0:0;1:1:0:x' last-rc-change='1767225000' exec-time='0' queue-time='0'"
                + " migrate_source='n3' migrate_target='n1' op-digest='" + ZERO_DIGEST + "'/>";
        String cib = "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set></crm_config>"
                + "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/><node id='3' uname='n3'/></nodes>"
                + "<resources>" + primitive("rem0", REMOTE, "<meta_attributes id='m0'>"
                + "<nvpair id='p0' name='priority' value='10'/></meta_attributes>")
                + primitive("rem", REMOTE, "") + "</resources><constraints>"
                + "<rsc_location id='l0' rsc='rem0' node='n1' score='100'/></constraints></configuration><status>"
                + "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<lrm id='1'><lrm_resources>" + history("rem0", REMOTE, "started") + history("rem", REMOTE, "stopped")
                + "</lrm_resources></lrm></node_state>"
                + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "<node_state id='3' uname='n3' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<lrm id='3'><lrm_resources><lrm_resource id='rem' class='ocf' provider='pacemaker' type='remote'>"
                + migrateTo + "</lrm_resource></lrm_resources></lrm></node_state></status></cib>";
        Cib c = new CibReader("test").read(cib);
        WorkingSet ws = new WorkingSet(c.config(), c.status(), NOW);
        assertEquals("n1", ws.status.migrations().get("rem").partialTarget(), ws.status.migrations().toString());
        new Assigner(ws).assignAll();
        assertEquals("n1", ws.resources.get("rem0").assignedNode());
        assertEquals("n1", ws.resources.get("rem").assignedNode(), "the partial migration's target");
    }
}
