package dev.vigil.policy;

import static dev.vigil.policy.Scenario.actions;
import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.status;
import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;

/**
 * Tickets (rsc_ticket): what depends on a ticket runs only while the cluster holds it, and
 * losing it stops, demotes, fences or freezes by the loss policy (Pacemaker's multi-site
 * semantics).
 */
class TicketTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DEVICE = "primitive fence1 stonith:fence_dummy params pcmk_host_list=\"n1 n2\"\n"
            + "location fence1-on-n1 fence1 100: n1\n";
    private static final String PG = "primitive pg dummy\nclone pg-clone pg meta promotable=true\n";

    private final PolicyEngine engine = new PolicyEngine();

    private List<String> decide(String config, String... nodes) {
        return summary(engine.compute(config(config), status(nodes), NOW));
    }

    private static String web(String lossPolicy) {
        return "primitive web dummy\nrsc_ticket web-needs-a site-a: web loss-policy=" + lossPolicy + "\n";
    }

    @Test
    void aResourceStartsOnlyOnceItsTicketIsGranted() {
        assertEquals(List.of(), decide(web("stop"), "n1:web=STOPPED", "n2:web=STOPPED"),
                "a ticket never stated is not granted");
        assertEquals(List.of(), decide(web("stop") + "ticket site-a granted=false\n", "n1:web=STOPPED",
                "n2:web=STOPPED"));
        assertEquals(List.of("Start web ( n1 )"), decide(web("stop") + "ticket site-a granted=true\n",
                "n1:web=STOPPED", "n2:web=STOPPED"));
    }

    @Test
    void revokingTheTicketStopsWhatRuns() {
        assertEquals(List.of("Stop web ( n2 )"), decide(web("stop") + "ticket site-a granted=false\n",
                "n1:web=STOPPED", "n2:web=STARTED"));
    }

    @Test
    void aTicketInStandbyStopsWhatRunsWhateverTheLossPolicy() {
        for (String policy : List.of("stop", "demote", "fence", "freeze")) {
            Transition t = engine.compute(config(DEVICE + web(policy) + "ticket site-a granted=true standby=true\n"),
                    status("n1:fence1=STARTED,web=STOPPED", "n2:web=STARTED"), NOW);
            assertEquals(List.of("Stop web ( n2 )"), summary(t), "loss-policy=" + policy);
        }
    }

    @Test
    void lossPolicyFenceFencesTheNodesWhereItRuns() {
        Transition t = engine.compute(config(DEVICE + web("fence")),
                status("n1:fence1=STARTED,web=STOPPED", "n2:web=STARTED"), NOW);
        assertEquals("Fence (reboot) n2 'deadman ticket was lost'", t.changes().get(0).toString());
        assertTrue(summary(t).contains("Stop web ( n2 )"), summary(t).toString());
        assertTrue(actions(t).contains("stonith 'reboot' n2"), actions(t).toString());
        assertTrue(actions(t).stream().noneMatch(a -> a.startsWith("web_start")), "web starts nowhere");
    }

    @Test
    void lossPolicyFenceWithoutFencingStops() {
        ClusterConfig c = config(DEVICE + web("fence") + "property stonith-enabled=false\n");
        Transition t = engine.compute(c, status("n1:fence1=STARTED,web=STOPPED", "n2:web=STARTED"), NOW);
        assertEquals(List.of("Stop web ( n2 )"), summary(t));
    }

    @Test
    void lossPolicyFreezeLeavesWhatRunsAndStartsNothing() {
        String twoResources = web("freeze") + "primitive db dummy\nrsc_ticket db-needs-a site-a: db loss-policy=freeze\n";
        assertEquals(List.of(), decide(twoResources, "n1:web=STOPPED,db=STOPPED", "n2:web=STARTED,db=STOPPED"),
                "web stays on n2, db does not start");
        assertEquals(List.of(), decide(twoResources, "n1:web=STOPPED,db=STOPPED", "n2!:web=STARTED,db=STOPPED"),
                "not even where its node left");
    }

    @Test
    void aTicketOnAGroupStopsEveryMember() {
        String group = "primitive a dummy\nprimitive b dummy\ngroup g a b\nrsc_ticket g-needs-a site-a: g\n";
        assertEquals(List.of("Stop a ( n1 )", "Stop b ( n1 )"), decide(group, "n1:a=STARTED,b=STARTED", "n2"));
    }

    @Test
    void aTicketOnACloneStopsEveryInstance() {
        String clone = "primitive ping dummy\nclone ping-clone ping\nrsc_ticket ping-needs-a site-a: ping-clone\n";
        assertEquals(List.of("Stop ping:0 ( n1 )", "Stop ping:1 ( n2 )"), decide(clone, "n1:ping=STARTED",
                "n2:ping=STARTED"));
        assertEquals(List.of("Start ping:0 ( n1 )", "Start ping:1 ( n2 )"),
                decide(clone + "ticket site-a granted=true\n", "n1:ping=STOPPED", "n2:ping=STOPPED"));
    }

    @Test
    void losingATicketOnThePromotedRoleDemotesAndTheReplicasRunOn() {
        String demote = PG + "rsc_ticket pg-primary-needs-a site-a: pg-clone:Promoted\n";
        assertEquals(List.of("Demote pg:0 ( Promoted -> Unpromoted n1 )"),
                decide(demote, "n1:pg=PROMOTED@10", "n2:pg=STARTED@5"), "demote is the default for Promoted");
        assertEquals(List.of("Promote pg:0 ( Unpromoted -> Promoted n1 )"),
                decide(demote + "ticket site-a granted=true\n", "n1:pg=STARTED@10", "n2:pg=STARTED@5"));
    }

    @Test
    void lossPolicyStopOnThePromotedRoleStopsTheWholeClone() {
        String stop = PG + "rsc_ticket pg-primary-needs-a site-a: pg-clone:Promoted loss-policy=stop\n";
        assertEquals(List.of("Stop pg:0 ( Promoted n1 )", "Stop pg:1 ( Unpromoted n2 )"),
                decide(stop, "n1:pg=PROMOTED@10", "n2:pg=STARTED@5"));
    }

    @Test
    void lossPolicyFenceOnThePromotedRoleFencesOnlyThePrimarysNode() {
        String fence = DEVICE + PG + "rsc_ticket pg-primary-needs-a site-a: pg-clone:Promoted loss-policy=fence\n";
        ClusterStatus s = status("n1:fence1=STARTED,pg=STARTED@5", "n2:pg=PROMOTED@10");
        Transition t = engine.compute(config(fence), s, NOW);
        assertEquals("Fence (reboot) n2 'deadman ticket was lost'", t.changes().get(0).toString());
        assertEquals(List.of("Stop pg:1 ( Promoted n2 )"), summary(t).subList(1, summary(t).size()),
                "the replica on n1 runs on, unpromoted");
    }
}
