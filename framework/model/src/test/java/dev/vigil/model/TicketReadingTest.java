package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.vigil.model.TicketConstraint.LossPolicy;

/** Tickets read from a CIB and from the configuration language, and written back. */
class TicketReadingTest {
    private static final String RESOURCES = "<primitive id='r1' class='ocf' provider='heartbeat' type='Dummy'/>"
            + "<group id='g'><primitive id='r2' class='ocf' provider='heartbeat' type='Dummy'/></group>"
            + "<master id='ms'><primitive id='s' class='ocf' provider='pacemaker' type='Stateful'/></master>";

    private static String cib(String constraints, String tags, String tickets) {
        return "<cib epoch='1' have-quorum='1'>\n<configuration>\n<crm_config/>\n<nodes><node id='1' uname='a'/></nodes>\n"
                + "<resources>" + RESOURCES + "</resources>\n<constraints>\n" + constraints + "\n</constraints>\n"
                + tags + "</configuration>\n<status>" + tickets + "</status>\n</cib>\n";
    }

    private static ClusterConfig read(String constraints, String tags, String tickets) {
        return new CibReader("t.xml").read(cib(constraints, tags, tickets)).config();
    }

    @Test
    void readsConstraintsWithRolesAndLossPoliciesAndDefaultsThePolicyByRole() {
        ClusterConfig c = read("<rsc_ticket id='t1' rsc='r1' ticket='A' loss-policy='fence'/>"
                + "<rsc_ticket id='t2' rsc='ms' rsc-role='Master' ticket='A'/>"
                + "<rsc_ticket id='t3' rsc='g' rsc-role='Started' ticket='B'/>", "", "");
        List<TicketConstraint> t = c.ticketConstraints();
        assertEquals(TicketConstraint.of("t1", "A", "r1", null, LossPolicy.FENCE), t.get(0));
        assertEquals("Promoted", t.get(1).role(), "Master is the old name of Promoted");
        assertEquals(LossPolicy.DEMOTE, t.get(1).lossPolicy(), "the Promoted role's default is demote");
        assertNull(t.get(2).role(), "Started means any role");
        assertEquals(LossPolicy.STOP, t.get(2).lossPolicy());
    }

    @Test
    void aTemplateOrATagStandsForItsResourcesAsInTheOtherConstraints() {
        String cib = "<cib epoch='1' have-quorum='1'>\n<configuration>\n<crm_config/>\n<nodes/>\n<resources>"
                + "<template id='tpl' class='ocf' provider='heartbeat' type='Dummy'/>"
                + "<primitive id='a' template='tpl'/><primitive id='b' template='tpl'/>"
                + "<primitive id='c' class='ocf' provider='heartbeat' type='Dummy'/></resources>\n<constraints>\n"
                + "<rsc_ticket id='by-template' rsc='tpl' ticket='A'/>\n"
                + "<rsc_ticket id='by-set' ticket='B'><resource_set id='set'><resource_ref id='tpl'/>"
                + "<resource_ref id='tag'/></resource_set></rsc_ticket>\n</constraints>\n"
                + "<tags><tag id='tag'><obj_ref id='c'/></tag></tags></configuration>\n<status/>\n</cib>\n";
        List<TicketConstraint> t = new CibReader("t.xml").read(cib).config().ticketConstraints();
        assertEquals(List.of("by-template-0 A a", "by-template-1 A b", "by-set-0 B a", "by-set-1 B b", "by-set-2 B c"),
                t.stream().map(x -> x.id() + " " + x.ticket() + " " + x.resource()).collect(Collectors.toList()));
    }

    @Test
    void readsTicketStatesAndTicketsNeverStatedAreNotGranted() {
        ClusterConfig c = read("", "", "<tickets><ticket_state id='A' granted='true' last-granted='1700000000'/>"
                + "<ticket_state id='B' granted='true' standby='true'/><ticket_state id='C' granted='false'/></tickets>");
        assertTrue(c.ticketState("A").held());
        assertEquals(1700000000L, c.ticketState("A").lastGranted());
        assertTrue(c.ticketState("B").granted());
        assertFalse(c.ticketState("B").held(), "a ticket in standby is not held");
        assertFalse(c.ticketState("C").granted());
        assertFalse(c.ticketState("never-stated").granted());
    }

    @Test
    void unfoldsResourceSetsAndTagsIntoOneConstraintPerResource() {
        ClusterConfig c = read("<rsc_ticket id='s' ticket='A' loss-policy='freeze'>"
                + "<resource_set id='s-0' role='Promoted'><resource_ref id='ms'/></resource_set>"
                + "<resource_set id='s-1'><resource_ref id='both'/><resource_ref id='g'/></resource_set></rsc_ticket>"
                + "<rsc_ticket id='t' rsc='both' ticket='B'/>",
                "<tags><tag id='both'><obj_ref id='r1'/><obj_ref id='r2'/></tag></tags>", "");
        assertEquals(List.of("s-0 ms Promoted freeze", "s-1 r1 null freeze", "s-2 r2 null freeze",
                "s-3 g null freeze", "t-0 r1 null stop", "t-1 r2 null stop"),
                c.ticketConstraints().stream().map(t -> t.id() + " " + t.resource() + " " + t.role() + " "
                        + t.lossPolicy()).collect(Collectors.toList()));
    }

    @Test
    void refusesBadTicketsNamingTheElementAndLine() {
        assertRefused("<rsc_ticket id='t1' rsc='r1' ticket='A' loss-policy='explode'/>", "",
                "t.xml:7: <rsc_ticket id=t1>: loss-policy 'explode' (use stop, demote, fence or freeze)");
        assertRefused("<rsc_ticket id='t1' rsc='r1'/>", "", "t.xml:7: <rsc_ticket id=t1>: lacks attribute ticket");
        assertRefused("<rsc_ticket id='t1' rsc='nope' ticket='A'/>", "",
                "t.xml:7: <rsc_ticket id=t1>: 'nope' is neither a resource nor a template or tag");
        assertRefused("<rsc_ticket id='t1' rsc='ms' rsc-role='Boss' ticket='A'/>", "",
                "t.xml:7: <rsc_ticket id=t1>: rsc-role 'Boss' (use Promoted, Unpromoted or Started)");
        assertRefused("", "<tickets><ticket_state id='A' granted='true' last-granted='yesterday'/></tickets>",
                "t.xml:10: <ticket_state id=A>: last-granted 'yesterday' is not a number of seconds");
    }

    private static void assertRefused(String constraints, String tickets, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> read(constraints, "", tickets));
        assertEquals(message, e.getMessage());
    }

    private static final String LANGUAGE = "primitive db dummy\nprimitive vip dummy\n"
            + "clone db-clone db meta promotable=true\n"
            + "rsc_ticket db-needs-a site-a: db-clone:Promoted vip loss-policy=fence\n"
            + "rsc_ticket vip-needs-b site-b: vip\n"
            + "ticket site-a granted=true standby=yes last-granted=1700000000\n";

    @Test
    void theConfigurationLanguageCarriesConstraintsAndStates() {
        ClusterConfig c = new ConfigReader("c").read(LANGUAGE);
        assertEquals(List.of(TicketConstraint.of("db-needs-a-0", "site-a", "db-clone", "Promoted", LossPolicy.FENCE),
                TicketConstraint.of("db-needs-a-1", "site-a", "vip", null, LossPolicy.FENCE),
                TicketConstraint.of("vip-needs-b", "site-b", "vip", null, LossPolicy.STOP)), c.ticketConstraints());
        assertEquals(TicketState.of("site-a", true, true, 1700000000L), c.ticketState("site-a"));
        assertEquals(c, new ConfigReader("written").read(ConfigWriter.write(c)), ConfigWriter.write(c));
    }

    @Test
    void theConfigurationLanguageRefusesBadTicketsWithTheLine() {
        assertEquals("c:2: loss-policy 'later' (use stop, demote, fence or freeze)", assertThrows(ConfigException.class,
                () -> new ConfigReader("c").read("primitive vip dummy\nrsc_ticket t A: vip loss-policy=later\n"))
                .getMessage());
        assertEquals("c:2: 't' refers to undefined resource 'nope'", assertThrows(ConfigException.class,
                () -> new ConfigReader("c").read("primitive vip dummy\nrsc_ticket t A: nope\n")).getMessage());
        assertEquals("c:1: granted=maybe is not a boolean (true or false)", assertThrows(ConfigException.class,
                () -> new ConfigReader("c").read("ticket A granted=maybe\n")).getMessage());
        assertEquals("c:1: unknown ticket attribute 'owner' (supported: granted, standby, last-granted)",
                assertThrows(ConfigException.class, () -> new ConfigReader("c").read("ticket A owner=me\n"))
                        .getMessage());
    }

    @Test
    void grantingMakesANewConfiguration() {
        ClusterConfig c = new ConfigReader("c").read(LANGUAGE);
        ClusterConfig granted = c.withTicketState(TicketState.of("site-b", true, false, null));
        assertTrue(granted.ticketState("site-b").held());
        assertFalse(c.ticketState("site-b").granted(), "the original is unchanged");
    }
}
