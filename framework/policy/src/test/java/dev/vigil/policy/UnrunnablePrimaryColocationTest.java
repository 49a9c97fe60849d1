package dev.vigil.policy;

import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/**
 * What must be colocated (INFINITY) with a resource whose start cannot run follows the
 * primary's assignment, and cannot start either, whatever kept the primary's start from running
 * (the lack of quorum, or an order): Pacemaker colocates with the assigned node and blocks the
 * dependents of every unrunnable start.
 */
class UnrunnablePrimaryColocationTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    /** Makes a resource startable without quorum. */
    private static final String REQUIRES_NOTHING = "<meta_attributes id='%s'>"
            + "<nvpair id='%s-r' name='requires' value='nothing'/></meta_attributes>";

    /**
     * Two nodes, no quorum: {@code app} (stopped, preferring n2) and the group {@code grp} (its
     * members stopped, preferring n1) need quorum; the clones {@code db-clone} and
     * {@code web-clone} and the primitive {@code dep} must run with them (INFINITY).
     * With {@code dependentsNeedNothing} the dependents have requires=nothing.
     */
    private static String cib(boolean dependentsNeedNothing) {
        String meta = dependentsNeedNothing ? REQUIRES_NOTHING : "%s%s";
        return "<cib epoch='1' have-quorum='0'><configuration><crm_config>"
                + "<cluster_property_set id='c'><nvpair id='s' name='stonith-enabled' value='false'/>"
                + "</cluster_property_set></crm_config>"
                + "<nodes><node id='n1' uname='n1'/><node id='n2' uname='n2'/></nodes><resources>"
                + "<primitive id='app' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<group id='grp'><primitive id='g1' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<primitive id='g2' class='ocf' provider='pacemaker' type='Dummy'/></group>"
                + "<clone id='db-clone'><primitive id='db' class='ocf' provider='pacemaker' type='Dummy'>"
                + String.format(meta, "dbm", "dbm") + "</primitive></clone>"
                + "<clone id='web-clone'><primitive id='web' class='ocf' provider='pacemaker' type='Dummy'>"
                + String.format(meta, "webm", "webm") + "</primitive></clone>"
                + "<primitive id='dep' class='ocf' provider='pacemaker' type='Dummy'>"
                + String.format(meta, "depm", "depm") + "</primitive>"
                + "</resources><constraints>"
                + "<rsc_location id='l1' rsc='app' node='n2' score='10'/>"
                + "<rsc_location id='l2' rsc='grp' node='n1' score='10'/>"
                + "<rsc_colocation id='c1' rsc='db-clone' with-rsc='app' score='INFINITY'/>"
                + "<rsc_colocation id='c2' rsc='web-clone' with-rsc='grp' score='INFINITY'/>"
                + "<rsc_colocation id='c3' rsc='dep' with-rsc='app' score='INFINITY'/>"
                + "</constraints></configuration><status>"
                + "<node_state id='n1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "<node_state id='n2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "</status></cib>";
    }

    private static Transition plan(String cib) {
        Cib c = new CibReader("test").read(cib);
        return new PolicyEngine().compute(c.config(), c.status(), NOW);
    }

    private static String reasonOf(Transition t, String resource) {
        return t.changes().stream().filter(x -> x.resource().equals(resource)).map(Change::reason)
                .findFirst().orElseThrow(() -> new AssertionError("no change for " + resource + ": " + t.changes()));
    }

    @Test
    void aCloneFollowsTheAssignmentOfAPrimaryWhoseStartLacksQuorum() {
        Transition t = plan(cib(false));
        List<String> s = summary(t);
        assertTrue(s.contains("Start (blocked) app ( n2 )"), s.toString());
        // One instance of each clone is assigned where its primary is (a primitive; a group's
        // first member), and cannot start there either.
        assertTrue(s.contains("Start (blocked) db:0 ( n2 )"), s.toString());
        assertTrue(s.contains("Start (blocked) g1 ( n1 )"), s.toString());
        assertTrue(s.contains("Start (blocked) web:0 ( n1 )"), s.toString());
        assertTrue(s.stream().noneMatch(x -> x.contains("db:1") || x.contains("web:1")), s.toString());
        assertEquals("due to no quorum", reasonOf(t, "db:0"));
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.START), t.actions().toString());
    }

    @Test
    void theDependentsOfAStartThatLacksQuorumCannotStartEvenIfTheyNeedNoQuorum() {
        Transition t = plan(cib(true));
        List<String> s = summary(t);
        assertTrue(s.contains("Start (blocked) app ( n2 )"), s.toString());
        assertEquals("due to no quorum", reasonOf(t, "app"));
        assertTrue(s.contains("Start (blocked) dep ( n2 )"), s.toString());
        assertEquals("due to colocation with app", reasonOf(t, "dep"));
        assertTrue(s.contains("Start (blocked) db:0 ( n2 )"), s.toString());
        assertEquals("due to colocation with app", reasonOf(t, "db:0"));
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.START
                && (a.resource().equals("dep") || a.resource().startsWith("db"))), t.actions().toString());
    }

    /**
     * Without quorum an active resource is assigned as usual (here to n2, which it prefers), but
     * its start cannot run there, so it stops for lack of quorum; what must be with it is
     * assigned there too, and blocked.
     */
    @Test
    void anActiveResourceWithoutQuorumIsAssignedAndStopsForLackOfQuorum() {
        String cib = "<cib epoch='1' have-quorum='0'><configuration><crm_config>"
                + "<cluster_property_set id='c'><nvpair id='s' name='stonith-enabled' value='false'/>"
                + "</cluster_property_set></crm_config>"
                + "<nodes><node id='n1' uname='n1'/><node id='n2' uname='n2'/></nodes><resources>"
                + "<primitive id='app' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<primitive id='dep' class='ocf' provider='pacemaker' type='Dummy'>"
                + String.format(REQUIRES_NOTHING, "depm", "depm") + "</primitive>"
                + "</resources><constraints>"
                + "<rsc_location id='l1' rsc='app' node='n2' score='10'/>"
                + "<rsc_colocation id='c3' rsc='dep' with-rsc='app' score='INFINITY'/>"
                + "</constraints></configuration><status>"
                + "<node_state id='n1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<lrm id='n1'><lrm_resources><lrm_resource id='app' class='ocf' provider='pacemaker' type='Dummy'>"
                + "<lrm_rsc_op id='app_last_0' operation_key='app_start_0' operation='start' call-id='1'"
                + " rc-code='0' op-status='0' interval='0' crm-debug-origin='x' transition-key='1:1:0:x'"
                + " transition-magic='0:0;1:1:0:x' last-rc-change='1' exec-time='1' queue-time='0'/>"
                + "</lrm_resource></lrm_resources></lrm></node_state>"
                + "<node_state id='n2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "</status></cib>";
        Cib c = new CibReader("test").read(cib);
        WorkingSet ws = new WorkingSet(c.config(), c.status(), NOW);
        new Assigner(ws).assignAll();
        ResourceView app = ws.resources.get("app");
        assertEquals("n2", app.assignedNode(), "assigned as if it could start");
        assertEquals(ResourceView.UnrunnableStart.WITHOUT_QUORUM, app.unrunnableStart());
        assertEquals("n2", ws.resources.get("dep").assignedNode(), "its dependent follows its assignment");

        Transition t = plan(cib);
        List<String> s = summary(t);
        assertTrue(s.contains("Stop app ( n1 )"), s.toString());
        assertEquals("due to no quorum", reasonOf(t, "app"));
        assertTrue(s.contains("Start (blocked) dep ( n2 )"), s.toString());
        assertEquals("due to colocation with app", reasonOf(t, "dep"));
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.START), t.actions().toString());
    }
}
