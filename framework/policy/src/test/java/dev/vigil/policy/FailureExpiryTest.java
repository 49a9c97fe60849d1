package dev.vigil.policy;

import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * An expired failure (failure-timeout) is ignored as Pacemaker ignores it: the resource is as
 * the failed operation found it. A failure whose on-fail is block never expires.
 */
class FailureExpiryTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final PolicyEngine engine = new PolicyEngine();

    private static ClusterStatus monitorFailedLongAgo() {
        ResourceState failed = ResourceState.failedBy(ResourceRole.FAILED, 1, NOW.minusSeconds(600), "monitor failed",
                "monitor", Duration.ofSeconds(5));
        return ClusterStatus.of(Map.of("n1", NodeStatus.of("n1", true, Map.of("web", failed))), true, "n1");
    }

    @Test
    void aRecurringMonitorsExpiredFailureLeavesItRunningWithoutRecovery() {
        String cfg = "primitive web dummy op monitor interval=5s meta failure-timeout=60s\n";
        assertEquals(List.of(), summary(engine.compute(config(cfg), monitorFailedLongAgo(), NOW)));
    }

    @Test
    void aFailureThatBlocksNeverExpires() {
        String cfg = "primitive web dummy op monitor interval=5s on-fail=block meta failure-timeout=60s\n";
        Transition t = engine.compute(config(cfg), monitorFailedLongAgo(), NOW);
        assertEquals(List.of(), summary(t));
        assertEquals(List.of("web FAILED (blocked) n1"), t.revised().stream()
                .map(p -> p.resource() + " " + p.role() + " " + p.node()).collect(Collectors.toList()));
    }

    @Test
    void anUnexpiredMonitorFailureIsRecovered() {
        String cfg = "primitive web dummy op monitor interval=5s meta failure-timeout=3600s\n";
        assertEquals(List.of("Recover web ( n1 )"), summary(engine.compute(config(cfg), monitorFailedLongAgo(), NOW)));
    }
}
