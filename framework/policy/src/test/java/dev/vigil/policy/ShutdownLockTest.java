package dev.vigil.policy;

import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/**
 * shutdown-lock: what ran on a node that shuts down cleanly stays locked to it (stopped, started
 * nowhere else) until the node returns or shutdown-lock-limit passes; and a node still joining
 * (join "pending") runs nothing.
 */
class ShutdownLockTest {
    private static final long SHUTDOWN = 1_700_000_000L;
    private final PolicyEngine engine = new PolicyEngine();

    private static String cib(String options, String node1State) {
        return "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/>" + options
                + "</cluster_property_set></crm_config>"
                + "<nodes><node id='n1' uname='n1'/><node id='n2' uname='n2'/></nodes><resources>"
                + "<primitive id='a' class='ocf' provider='pacemaker' type='Dummy'/></resources><constraints>"
                + "<rsc_location id='a-prefers-n1' rsc='a' node='n1' score='100'/></constraints></configuration>"
                + "<status>" + node1State
                + "<node_state id='n2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "</status></cib>";
    }

    private static final String LOCK = "<nvpair id='l' name='shutdown-lock' value='true'/>";

    /** n1 up and asking to shut down, with a running. */
    private static final String SHUTTING_DOWN = "<node_state id='n1' uname='n1' in_ccm='true' crmd='online' "
            + "join='member' expected='member'><transient_attributes id='n1'><instance_attributes id='t'>"
            + "<nvpair id='sd' name='shutdown' value='" + SHUTDOWN + "'/></instance_attributes></transient_attributes>"
            + "<lrm id='n1'><lrm_resources><lrm_resource id='a' class='ocf' provider='pacemaker' type='Dummy'>"
            + "<lrm_rsc_op id='a_last_0' operation_key='a_start_0' operation='start' call-id='2' rc-code='0' "
            + "op-status='0' interval='0' transition-magic='0:0;1:1:0:x'/></lrm_resource></lrm_resources></lrm>"
            + "</node_state>";

    /** n1 down after a clean shutdown that locked a to it. */
    private static final String DOWN_LOCKED = "<node_state id='n1' uname='n1' in_ccm='false' crmd='offline' "
            + "join='down' expected='down'><lrm id='n1'><lrm_resources>"
            + "<lrm_resource id='a' class='ocf' provider='pacemaker' type='Dummy' shutdown-lock='" + SHUTDOWN + "'>"
            + "<lrm_rsc_op id='a_last_0' operation_key='a_stop_0' operation='stop' call-id='3' rc-code='0' "
            + "op-status='0' interval='0' transition-magic='0:0;1:1:0:x'/></lrm_resource></lrm_resources></lrm>"
            + "</node_state>";

    private List<String> plan(String xml, Instant now) {
        Cib c = new CibReader("test").read(xml);
        return summary(engine.compute(c.config(), c.status(), now));
    }

    @Test
    void aResourceOnANodeShuttingDownStopsThereAndStartsNowhereElse() {
        Instant now = Instant.ofEpochSecond(SHUTDOWN + 10);
        assertEquals(List.of("Stop a ( n1 )"), plan(cib(LOCK, SHUTTING_DOWN), now));
        assertEquals(List.of("Move a ( n1 -> n2 )"), plan(cib("", SHUTTING_DOWN), now), "without shutdown-lock");
    }

    @Test
    void aRecordedLockKeepsTheResourceStoppedUntilTheLimitPasses() {
        String limit = "<nvpair id='ll' name='shutdown-lock-limit' value='5m'/>";
        assertEquals(List.of(), plan(cib(LOCK + limit, DOWN_LOCKED), Instant.ofEpochSecond(SHUTDOWN + 299)));
        assertEquals(List.of("Start a ( n2 )"), plan(cib(LOCK + limit, DOWN_LOCKED),
                Instant.ofEpochSecond(SHUTDOWN + 301)), "the lock expired");
        assertEquals(List.of(), plan(cib(LOCK, DOWN_LOCKED), Instant.ofEpochSecond(SHUTDOWN + 86_400)),
                "no limit: locked until the node returns");
    }

    @Test
    void aNodeStillJoiningRunsNothing() {
        String pending = "<node_state id='n1' uname='n1' in_ccm='true' crmd='online' join='pending' expected='down'/>";
        assertEquals(List.of("Start a ( n2 )"), plan(cib("", pending), Instant.ofEpochSecond(SHUTDOWN)));
    }
}
