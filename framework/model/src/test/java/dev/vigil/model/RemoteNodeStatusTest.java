package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A remote or guest node read from a CIB is a member exactly while its connection (for a guest,
 * its implicit connection, and its container) runs on a cluster node and has not failed; failures that leave it unknown make it
 * unclean, with Pacemaker's reasons.
 */
class RemoteNodeStatusTest {
    private static String cib(String resources, String n1Lrm) {
        return "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='true'/></cluster_property_set></crm_config>"
                + "<nodes><node id='1' uname='n1'/></nodes><resources>" + resources
                + "<primitive id='f' class='stonith' type='fence_dummy'/></resources><constraints/></configuration>"
                + "<status><node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<lrm id='1'><lrm_resources>" + n1Lrm + "</lrm_resources></lrm></node_state></status></cib>";
    }

    private static String lrm(String id, String type, String ops) {
        return "<lrm_resource id='" + id + "' class='ocf' provider='pacemaker' type='" + type + "'>" + ops
                + "</lrm_resource>";
    }

    private static String op(String key, String task, int interval, int rc) {
        return "<lrm_rsc_op id='" + key + "' operation='" + task + "' interval='" + interval + "' call-id='"
                + (interval == 0 ? 1 : 2) + "' rc-code='" + rc + "' op-status='" + (rc == 0 ? 0 : 4)
                + "' transition-key='1:1:0:x' last-rc-change='1767225000'/>";
    }

    private static final String REMOTE = "<primitive id='rem1' class='ocf' provider='pacemaker' type='remote'/>";
    private static final String GUEST = "<primitive id='vm' class='ocf' provider='pacemaker' type='Dummy'>"
            + "<meta_attributes id='m'><nvpair id='g' name='remote-node' value='guest1'/></meta_attributes></primitive>";

    private static NodeStatus node(String resources, String lrm, String name) {
        return new CibReader("test").read(cib(resources, lrm)).status().nodes().get(name);
    }

    @Test
    void aRemoteNodeIsOnlineWhileItsConnectionRuns() {
        NodeStatus n = node(REMOTE, lrm("rem1", "remote", op("rem1_last_0", "start", 0, 0)), "rem1");
        assertTrue(n.online());
        assertFalse(n.unclean());
        assertEquals("remote", n.attributes().get("#kind"));
        assertFalse(node(REMOTE, "", "rem1").online(), "never connected: offline");
        assertFalse(node(REMOTE, "", "rem1").unclean(), "never connected: no startup fencing");
    }

    @Test
    void aConnectionThatFailsAfterConnectingLeavesItsNodeUnclean() {
        NodeStatus n = node(REMOTE, lrm("rem1", "remote", op("rem1_last_0", "start", 0, 0)
                + op("rem1_last_failure_0", "monitor", 60000, 1)), "rem1");
        assertTrue(n.unclean());
        assertEquals("remote connection is unrecoverable", n.uncleanReason());
        NodeStatus failedStart = node(REMOTE, lrm("rem1", "remote", op("rem1_last_failure_0", "start", 0, 1)), "rem1");
        assertFalse(failedStart.unclean(), "a connection that never connected ran nothing there");
        assertFalse(failedStart.online());
    }

    @Test
    void aGuestIsOnlineWhileBothItsContainerAndItsImplicitConnectionRun() {
        String connection = lrm("guest1", "remote", op("guest1_last_0", "start", 0, 0));
        NodeStatus up = node(GUEST, lrm("vm", "Dummy", op("vm_last_0", "start", 0, 0)) + connection, "guest1");
        assertTrue(up.online());
        assertEquals("container", up.attributes().get("#kind"));
        assertFalse(node(GUEST, lrm("vm", "Dummy", op("vm_last_0", "start", 0, 0)), "guest1").online(),
                "the container runs, but the connection to the guest was never made");
        assertFalse(node(GUEST, connection, "guest1").online(), "the container is stopped");
        assertFalse(node(GUEST, connection, "guest1").unclean(), "a stopped container is no reason to fence");
    }

    @Test
    void aGuestWhoseContainerFailedIsUnclean() {
        NodeStatus failed = node(GUEST, lrm("vm", "Dummy", op("vm_last_0", "start", 0, 0)
                + op("vm_last_failure_0", "monitor", 10000, 1)), "guest1");
        assertTrue(failed.unclean());
        assertEquals("guest is unclean", failed.uncleanReason());
    }
    @Test
    void aNodeDeclaredRemoteInTheNodesSectionIsARemoteNodeOfflineAndClean() {
        String xml = cib("", "").replace("</nodes>", "<node id='rem9' uname='rem9' type='remote'/></nodes>");
        Cib c = new CibReader("test").read(xml);
        NodeStatus n = c.status().nodes().get("rem9");
        assertEquals("remote", n.attributes().get("#kind"));
        assertFalse(n.online(), "no connection reaches it");
        assertFalse(n.unclean(), "a remote node is never fenced for being unseen");
        assertTrue(CibWriter.write(c.config()).contains("type=\"remote\""),
                "the kind is written back");
    }

    @Test
    void aRemovedConnectionInSomeHistoryMakesItsNodeARemoteNodeAndNamesItsLauncher() {
        Cib c = new CibReader("test").read(cib("", lrm("gone1", "remote", op("gone1_last_0", "start", 0, 0))
                .replace("<lrm_resource id='gone1'", "<lrm_resource id='gone1' container='vm9'")));
        NodeStatus n = c.status().nodes().get("gone1");
        assertEquals("remote", n.attributes().get("#kind"));
        assertTrue(n.online(), "its connection still runs on n1");
        assertEquals(java.util.Map.of("gone1", "vm9"), c.status().removedLaunchers());
    }
}
