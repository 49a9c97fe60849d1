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
    private final boolean sanitized;

    /** An engine for a live cluster: the status it reads holds the real parameters' digests. */
    public PolicyEngine() {
        this(false);
    }

    private PolicyEngine(boolean sanitized) {
        this.sanitized = sanitized;
    }

    /**
     * An engine for a CIB whose secret parameters (passwords) were masked before it was saved,
     * as crm_simulate assumes of its input: an operation whose recorded digest differs only in
     * those parameters (its {@code op-secure-digest} still matches) is not taken for a change.
     */
    public static PolicyEngine forSanitizedInput() {
        return new PolicyEngine(true);
    }

    public Transition compute(ClusterConfig config, ClusterStatus status, Instant now) {
        WorkingSet ws = new WorkingSet(config, status, now);
        ws.sanitized = sanitized;
        Assigner assigner = new Assigner(ws);
        assigner.assignAll();
        ws.sealAssignments();
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
