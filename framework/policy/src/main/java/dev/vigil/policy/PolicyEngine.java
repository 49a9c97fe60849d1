package dev.vigil.policy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.Score;

/**
 * Decides where every resource runs and what must be done to get there, with Pacemaker's
 * semantics. A pure function: the same configuration, status and time give the same
 * transition, byte for byte.
 *
 * <p>The pipeline: unpack the input ({@link WorkingSet}: nodes, primitives, clones and their
 * instances with their state on each node); assign a node to every primitive and clone
 * instance from location scores, stickiness, failures, colocations and groups
 * ({@link Assigner}); create the actions, propagate restarts through mandatory orders and
 * order the actions ({@link ActionPlanner}); fence unclean nodes, implying the stops there and
 * ordering recovery after the fences ({@link Fencing}, which decided which nodes while unpacking).
 */
public final class PolicyEngine {

    public Transition compute(ClusterConfig config, ClusterStatus status, Instant now) {
        WorkingSet ws = new WorkingSet(config, status, now);
        Assigner assigner = new Assigner(ws);
        assigner.assignAll();
        Transition t = ws.fencing.apply(new ActionPlanner(ws).plan(), ws);
        Map<String, Map<String, Score>> scores = scoresOf(ws);
        return t.withExplanation(scores, rsc -> assigner.ledger().explain(rsc, scores.getOrDefault(rsc, Map.of())));
    }

    private static Map<String, Map<String, Score>> scoresOf(WorkingSet ws) {
        Map<String, Map<String, Score>> out = new LinkedHashMap<>();
        ws.resources.values().forEach(r -> {
            if (r.clone == null) {
                out.put(r.id, r.scores);
            }
        });
        ws.clones.values().forEach(c -> out.put(c.id, c.scores));
        return out;
    }
}
