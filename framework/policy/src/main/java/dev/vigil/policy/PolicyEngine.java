package dev.vigil.policy;

import java.time.Instant;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;

/**
 * Decides where every resource runs and what must be done to get there, with Pacemaker's
 * semantics. A pure function: the same configuration, status and time give the same
 * transition, byte for byte.
 *
 * <p>The pipeline: unpack the input ({@link WorkingSet}); assign a node to every primitive
 * from location scores, stickiness, failures, colocations and groups ({@link Assigner});
 * create the actions, propagate restarts through mandatory orders and order the actions
 * ({@link ActionPlanner}); fence unclean nodes, implying the stops there and ordering recovery
 * after the fences ({@link Fencing}, which decided which nodes while unpacking).
 */
public final class PolicyEngine {

    public Transition compute(ClusterConfig config, ClusterStatus status, Instant now) {
        WorkingSet ws = new WorkingSet(config, status, now);
        Assigner assigner = new Assigner(ws);
        assigner.assignAll();
        Transition t = ws.fencing.apply(new ActionPlanner(ws).plan(), ws);
        return t.withExplanation(scoresOf(ws), rsc -> assigner.ledger().explain(rsc,
                ws.resources.containsKey(rsc) ? ws.resources.get(rsc).scores
                        : ws.cloneOfPrimitive(rsc) != null ? ws.cloneOfPrimitive(rsc).primitive.scores
                        : java.util.Map.of()));
    }

    private static java.util.Map<String, java.util.Map<String, dev.vigil.model.Score>> scoresOf(WorkingSet ws) {
        java.util.Map<String, java.util.Map<String, dev.vigil.model.Score>> out = new java.util.LinkedHashMap<>();
        ws.resources.values().forEach(r -> out.put(r.id, r.scores));
        ws.clones.values().forEach(c -> out.put(c.id, c.primitive.scores));
        return out;
    }
}
