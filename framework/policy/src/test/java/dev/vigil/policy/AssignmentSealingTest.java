package dev.vigil.policy;

import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/**
 * The assignment stage alone places resources; once it is done the placements are sealed, and
 * what the planner decides later (an order or colocation that keeps a start from running)
 * shows in the resource's start, not in a new placement: the resource keeps its assigned node,
 * runs nowhere after the transition, and the summary shows its start blocked (as Pacemaker keeps
 * the assignment and clears the start's runnable flag).
 */
class AssignmentSealingTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * app (preferring n2) must start after prereq, which is stopped (target-role); dep must run
     * with app (INFINITY); web runs on n1 and must start after prereq too (symmetrical); db-clone
     * is an unrelated clone.
     */
    private static final String CIB = "<cib epoch='1' have-quorum='1'><configuration><crm_config>"
            + "<cluster_property_set id='c'><nvpair id='s' name='stonith-enabled' value='false'/>"
            + "</cluster_property_set></crm_config>"
            + "<nodes><node id='n1' uname='n1'/><node id='n2' uname='n2'/></nodes><resources>"
            + "<primitive id='prereq' class='ocf' provider='pacemaker' type='Dummy'><meta_attributes id='pm'>"
            + "<nvpair id='tr' name='target-role' value='Stopped'/></meta_attributes></primitive>"
            + "<primitive id='app' class='ocf' provider='pacemaker' type='Dummy'/>"
            + "<primitive id='dep' class='ocf' provider='pacemaker' type='Dummy'/>"
            + "<primitive id='web' class='ocf' provider='pacemaker' type='Dummy'/>"
            + "<clone id='db-clone'><primitive id='db' class='ocf' provider='pacemaker' type='Dummy'/></clone>"
            + "</resources><constraints>"
            + "<rsc_location id='l' rsc='app' node='n2' score='10'/>"
            + "<rsc_order id='o1' first='prereq' then='app'/>"
            + "<rsc_order id='o2' first='prereq' then='web'/>"
            + "<rsc_colocation id='c1' rsc='dep' with-rsc='app' score='INFINITY'/>"
            + "</constraints></configuration><status>"
            + "<node_state id='n1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'>"
            + "<lrm id='n1'><lrm_resources><lrm_resource id='web' class='ocf' provider='pacemaker' type='Dummy'>"
            + "<lrm_rsc_op id='web_last_0' operation_key='web_start_0' operation='start' call-id='1' rc-code='0'"
            + " op-status='0' interval='0' crm-debug-origin='x' transition-key='1:1:0:x' transition-magic='0:0;1:1:0:x'"
            + " last-rc-change='1' exec-time='1' queue-time='0'/></lrm_resource></lrm_resources></lrm>"
            + "</node_state>"
            + "<node_state id='n2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>"
            + "</status></cib>";

    private static WorkingSet assigned() {
        Cib c = new CibReader("test").read(CIB);
        WorkingSet ws = new WorkingSet(c.config(), c.status(), NOW);
        new Assigner(ws).assignAll();
        ws.sealAssignments();
        return ws;
    }

    @Test
    void aSealedAssignmentCannotBeChanged() {
        WorkingSet ws = assigned();
        ResourceView app = ws.resources.get("app");
        assertEquals("n2", app.assignedNode());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> app.assign(null));
        assertTrue(e.getMessage().contains("app"), e.getMessage());
        assertEquals("n2", app.assignedNode(), "the failed write changed nothing");
        assertThrows(IllegalStateException.class,
                () -> app.markStartUnrunnable(ResourceView.UnrunnableStart.WITHOUT_QUORUM),
                "lack of quorum is decided with the assignment, not after it");
        assertNull(app.unrunnableStart());

        CloneView.Instance instance = ws.clones.get("db-clone").instances.get(0);
        String node = instance.assignedNode();
        IllegalStateException ei = assertThrows(IllegalStateException.class, () -> instance.assign(null));
        assertTrue(ei.getMessage().contains("db:0"), ei.getMessage());
        assertEquals(node, instance.assignedNode());
        ResourceView member = instance.first();
        assertThrows(IllegalStateException.class, () -> member.assign("n1"));
    }

    @Test
    void beforeSealingTheAssignmentStageMayReviseItsChoice() {
        Cib c = new CibReader("test").read(CIB);
        WorkingSet ws = new WorkingSet(c.config(), c.status(), NOW);
        ResourceView app = ws.resources.get("app");
        app.assign("n1");
        app.assign("n2");
        assertEquals("n2", app.assignedNode());
    }

    @Test
    void aStartOrderedAfterWhatCannotRunIsUnrunnableWhileItKeepsItsNode() {
        WorkingSet ws = assigned();
        Transition t = new ActionPlanner(ws).plan();
        ResourceView app = ws.resources.get("app");
        assertEquals("n2", app.assignedNode(), "the planner leaves the assignment alone");
        assertEquals(ResourceView.UnrunnableStart.PREREQUISITE_CANNOT_RUN, app.unrunnableStart());
        assertNull(app.destination(), "it runs nowhere after the transition");
        assertNull(t.placement().get("app"));
        assertTrue(t.revised().stream().noneMatch(p -> p.resource().equals("app")), t.revised().toString());
        assertTrue(summary(t).contains("Start (blocked) app ( n2 )"), summary(t).toString());
        assertTrue(t.actions().stream().noneMatch(a -> a.resource().equals("app") && a.kind() == Action.Kind.START));
    }

    @Test
    void aDependentOfAnUnrunnableStartIsAssignedWithItsPrimaryAndBlockedToo() {
        WorkingSet ws = assigned();
        Transition t = new ActionPlanner(ws).plan();
        ResourceView dep = ws.resources.get("dep");
        assertEquals("n2", dep.assignedNode(), "colocation follows the primary's assignment");
        assertEquals(ResourceView.UnrunnableStart.PREREQUISITE_CANNOT_RUN, dep.unrunnableStart());
        assertNull(dep.destination());
        assertNull(t.placement().get("dep"));
        List<String> s = summary(t);
        assertTrue(s.contains("Start (blocked) dep ( n2 )"), s.toString());
    }

    @Test
    void aRunningResourceOrderedAfterWhatCannotRunStopsButKeepsItsNode() {
        WorkingSet ws = assigned();
        Transition t = new ActionPlanner(ws).plan();
        ResourceView web = ws.resources.get("web");
        assertEquals("n1", web.assignedNode());
        assertEquals(ResourceView.UnrunnableStart.PREREQUISITE_CANNOT_RUN, web.unrunnableStart());
        assertNull(web.destination());
        assertTrue(summary(t).contains("Stop web ( n1 )"), summary(t).toString());
        assertTrue(t.revised().stream().noneMatch(p -> p.resource().equals("web")), t.revised().toString());
        assertFalse(t.actions().stream().anyMatch(a -> a.resource().equals("web") && a.kind() == Action.Kind.START));
    }
    @Test
    void aFailureWithOnFailStopIsDecidedByTheAssignmentStage() {
        String op = "<lrm_rsc_op id='%s' operation_key='r_%s' operation='%s' call-id='%d' rc-code='%d' op-status='0'"
                + " interval='%s' crm-debug-origin='x' transition-key='1:1:0:x' transition-magic='0:%d;1:1:0:x'"
                + " last-rc-change='1' exec-time='1' queue-time='0'/>";
        String cib = "<cib epoch='1' have-quorum='1'><configuration><crm_config>"
                + "<cluster_property_set id='c'><nvpair id='s' name='stonith-enabled' value='false'/>"
                + "</cluster_property_set></crm_config><nodes><node id='n1' uname='n1'/></nodes><resources>"
                + "<primitive id='r' class='ocf' provider='pacemaker' type='Dummy'><operations>"
                + "<op id='m' name='monitor' interval='10' on-fail='stop'/></operations></primitive>"
                + "</resources><constraints/></configuration><status>"
                + "<node_state id='n1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<lrm id='n1'><lrm_resources><lrm_resource id='r' class='ocf' provider='pacemaker' type='Dummy'>"
                + String.format(op, "r_last_0", "start_0", "start", 1, 0, "0", 0)
                + String.format(op, "r_last_failure_0", "monitor_10000", "monitor", 2, 1, "10000", 1)
                + "</lrm_resource></lrm_resources></lrm></node_state></status></cib>";
        Cib c = new CibReader("test").read(cib);
        WorkingSet ws = new WorkingSet(c.config(), c.status(), NOW);
        new Assigner(ws).assignAll();
        ResourceView r = ws.resources.get("r");
        assertNull(r.assignedNode(), "stopped and left stopped: assigned nowhere");
        ws.sealAssignments();
        Transition t = new ActionPlanner(ws).plan();
        assertNull(r.assignedNode());
        assertNull(r.unrunnableStart(), "no planner decision: it was never to start");
        assertTrue(summary(t).contains("Stop r ( n1 )"), summary(t).toString());
    }
    @Test
    void withoutQuorumAStartIsUnrunnableWhereItIsAssignedAndItsDependentFollowsIt() {
        String cib = CIB.replace("have-quorum='1'", "have-quorum='0'");
        Cib c = new CibReader("test").read(cib);
        WorkingSet ws = new WorkingSet(c.config(), c.status(), NOW);
        new Assigner(ws).assignAll();
        ws.sealAssignments();
        ResourceView app = ws.resources.get("app"), dep = ws.resources.get("dep");
        assertEquals("n2", app.assignedNode(), "assigned where it would start");
        assertEquals(ResourceView.UnrunnableStart.WITHOUT_QUORUM, app.unrunnableStart(), "decided with the assignment");
        assertNull(app.destination());
        assertEquals("n2", dep.assignedNode(), "the dependent is assigned with its primary");
        assertEquals(ResourceView.UnrunnableStart.WITHOUT_QUORUM, dep.unrunnableStart());
        CloneView.Instance instance = ws.clones.get("db-clone").instances.get(0);
        ResourceView db = instance.first();
        assertTrue(db.assignedNode() != null && db.destination() == null, db.assignedNode());
        assertEquals(db.assignedNode(), instance.assignedNode(), "the instance keeps its node too");
        assertNull(instance.destination(), "but runs nowhere");

        Transition t = new ActionPlanner(ws).plan();
        assertEquals("n2", app.assignedNode());
        List<String> s = summary(t);
        assertTrue(s.contains("Start (blocked) app ( n2 )"), s.toString());
        assertTrue(s.contains("Start (blocked) dep ( n2 )"), s.toString());
        assertTrue(s.contains("Start (blocked) " + db.id + " ( " + db.assignedNode() + " )"), s.toString());
        assertTrue(t.changes().stream().filter(x -> x.resource().equals("app"))
                .allMatch(x -> "due to no quorum".equals(x.reason())), t.changes().toString());
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.START), t.actions().toString());
    }
}
