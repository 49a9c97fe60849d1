package dev.vigil.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.ConfigReader;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * A running monitor configured for the role an instance leaves is cancelled before the promote
 * or demote (Pacemaker's recurring_op_for_active; its graph a-promote-then-b-migrate has
 * "Cancel rsc1:1_monitor_10000" before "rsc1:1_promote_0"); the new role's monitor follows it.
 */
class RoleChangeMonitorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DB = "primitive db dummy op monitor interval=11s role=Unpromoted timeout=5s"
            + " op monitor interval=10s role=Promoted timeout=5s\n"
            + "clone db-clone db meta promotable=true promoted-max=1\n";

    private static Transition compute(String extra, ResourceState n1, ResourceState n2) {
        ClusterConfig c = new ConfigReader("t").read(DB + extra);
        ClusterStatus s = ClusterStatus.of(Map.of("n1", NodeStatus.of("n1", true, Map.of("db", n1)),
                "n2", NodeStatus.of("n2", true, Map.of("db", n2))), true, "n1");
        return new PolicyEngine().compute(c, s, NOW);
    }

    private static ResourceState monitored(ResourceRole role, long seconds) {
        return ResourceState.of(role).withMonitor(Duration.ofSeconds(seconds));
    }

    private static Action only(Transition t, Action.Kind kind, String node) {
        List<Action> found = t.actions().stream().filter(a -> a.kind() == kind && node.equals(a.node())).toList();
        assertEquals(1, found.size(), kind + " on " + node + " in " + t);
        return found.get(0);
    }

    @Test
    void thePromotedInstancesUnpromotedMonitorIsCancelledBeforeThePromote() {
        Transition t = compute("location p db-clone:Promoted 100: n1\n", monitored(ResourceRole.STARTED, 11),
                monitored(ResourceRole.STARTED, 11));
        Action cancel = only(t, Action.Kind.CANCEL, "n1");
        assertEquals(Duration.ofSeconds(11), cancel.interval());
        assertEquals("Unpromoted", cancel.role());
        Action promote = only(t, Action.Kind.PROMOTE, "n1");
        assertTrue(t.dependenciesOf(promote.id()).contains(cancel.id()), t.toString());
        Action monitor = only(t, Action.Kind.MONITOR, "n1");
        assertEquals(Duration.ofSeconds(10), monitor.interval());
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.CANCEL && a.node().equals("n2")),
                "the instance that stays unpromoted keeps its monitor: " + t);
    }

    @Test
    void theDemotedInstancesPromotedMonitorIsCancelledBeforeTheDemote() {
        Transition t = compute("location p db-clone:Promoted 100: n2\n", monitored(ResourceRole.PROMOTED, 10),
                monitored(ResourceRole.STARTED, 11));
        Action cancel = only(t, Action.Kind.CANCEL, "n1");
        assertEquals(Duration.ofSeconds(10), cancel.interval());
        assertTrue(t.dependenciesOf(only(t, Action.Kind.DEMOTE, "n1").id()).contains(cancel.id()), t.toString());
        Action cancelN2 = only(t, Action.Kind.CANCEL, "n2");
        assertTrue(t.dependenciesOf(only(t, Action.Kind.PROMOTE, "n2").id()).contains(cancelN2.id()), t.toString());
    }

    @Test
    void noRoleChangeNoCancellation() {
        Transition t = compute("location p db-clone:Promoted 100: n1\n", monitored(ResourceRole.PROMOTED, 10),
                monitored(ResourceRole.STARTED, 11));
        assertTrue(t.actions().stream().noneMatch(a -> a.kind() == Action.Kind.CANCEL), t.toString());
    }

    /**
     * A promotable instance's monitor carries the role it checks, even where the operation names
     * none: the executor judges its answer by that role's expected result (Pacemaker's target rc:
     * 8 promoted, 0 unpromoted), so a demotion behind the cluster's back is a failure.
     */
    @Test
    void eachInstancesMonitorCarriesTheRoleItWillRunIn() {
        ClusterConfig c = new ConfigReader("t").read("primitive db dummy op monitor interval=10s timeout=5s\n"
                + "clone db-clone db meta promotable=true promoted-max=1\n"
                + "location p db-clone:Promoted 100: n1\n");
        ClusterStatus s = ClusterStatus.of(Map.of("n1", NodeStatus.of("n1", true, Map.of("db", ResourceState.of(
                ResourceRole.STOPPED))), "n2", NodeStatus.of("n2", true, Map.of("db", ResourceState.of(
                ResourceRole.STOPPED)))), true, "n1");
        Transition t = new PolicyEngine().compute(c, s, NOW);
        assertEquals("Promoted", only(t, Action.Kind.MONITOR, "n1").role());
        assertEquals("Unpromoted", only(t, Action.Kind.MONITOR, "n2").role());
    }
}
