package dev.vigil.policy;

import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/**
 * A promotable clone whose Promoted role must be with a resource (INFINITY) that an order keeps
 * from starting: the instance chosen for promotion, where that resource would run, starts
 * there but its promotion is blocked; nothing is promoted elsewhere.
 */
class PromotionWithBlockedPrimaryTest {

    @Test
    void thePromotionFollowsThePrimaryAndIsBlockedWithIt() {
        String xml = "<cib epoch='1' have-quorum='1'><configuration><crm_config><cluster_property_set id='c'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set></crm_config>"
                + "<nodes><node id='n1' uname='n1'/><node id='n2' uname='n2'/></nodes><resources>"
                + "<primitive id='app' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "<clone id='db-clone'><meta_attributes id='m'><nvpair id='p' name='promotable' value='true'/>"
                + "</meta_attributes><primitive id='db' class='ocf' provider='pacemaker' type='Stateful'/></clone>"
                + "<primitive id='prereq' class='ocf' provider='pacemaker' type='Dummy'><meta_attributes id='pm'>"
                + "<nvpair id='tr' name='target-role' value='Stopped'/></meta_attributes></primitive></resources>"
                + "<constraints><rsc_location id='l' rsc='app' node='n2' score='10'/>"
                + "<rsc_colocation id='c1' rsc='db-clone' rsc-role='Promoted' with-rsc='app' score='INFINITY'/>"
                + "<rsc_order id='o1' first='prereq' then='app'/></constraints></configuration><status>"
                + "<node_state id='n1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "<node_state id='n2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "</status></cib>";
        Cib c = new CibReader("test").read(xml);
        Transition t = new PolicyEngine().compute(c.config(), c.status(), Instant.parse("2026-01-01T00:00:00Z"));
        List<String> s = summary(t);
        assertTrue(s.contains("Start (blocked) app ( n2 )"), s.toString());
        List<String> db = s.stream().filter(x -> x.contains(" db:")).collect(Collectors.toList());
        assertEquals(2, db.size(), s.toString());
        assertTrue(db.stream().anyMatch(x -> x.startsWith("Promote (blocked) db:") && x.contains("Stopped -> Promoted n2")),
                s.toString());
        assertTrue(db.stream().anyMatch(x -> x.startsWith("Start db:") && x.contains("n1")), s.toString());
        assertTrue(t.revised().stream().noneMatch(p -> p.role().startsWith("Promoted")), "nothing promoted");
        assertTrue(t.revised().stream().anyMatch(p -> p.resource().startsWith("db:") && p.node().equals("n2")
                && p.role().startsWith("Unpromoted")), "the instance on n2 runs unpromoted");
    }
}
