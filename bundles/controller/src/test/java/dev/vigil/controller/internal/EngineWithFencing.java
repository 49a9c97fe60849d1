package dev.vigil.controller.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.policy.Action;
import dev.vigil.policy.PolicyEngine;
import dev.vigil.policy.Transition;

/**
 * The real policy engine, holding to the fencing contract (CONTRACT.md) where it does not yet
 * by itself: while some node is unclean and the engine plans no fence, the transition is only
 * the fencing of the unclean nodes, so nothing of theirs is recovered before they are fenced.
 * Once the engine plans FENCE actions itself, this adds nothing and the tests run on it alone.
 */
final class EngineWithFencing implements Controller.Planner {
    private final PolicyEngine engine = new PolicyEngine();

    @Override
    public Transition compute(ClusterConfig config, ClusterStatus status, Instant now) {
        List<String> unclean = status.nodes().values().stream().filter(NodeStatus::unclean).map(NodeStatus::name)
                .toList();
        if (unclean.isEmpty()) {
            return engine.compute(config, status, now);
        }
        Transition t = engine.compute(config, status, now);
        if (t.actions().stream().anyMatch(a -> a.kind() == Action.Kind.FENCE)) {
            return t;
        }
        List<Action> fences = new ArrayList<>();
        for (String node : unclean) {
            fences.add(Action.fence(fences.size(), node, "reboot", Duration.ofSeconds(60)));
        }
        return Transition.of(fences, Map.of(), Map.of(), List.of(), List.of(), List.of());
    }
}
