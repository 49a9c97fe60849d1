package dev.vigil.policy;

import java.time.Duration;
import java.util.Map;

import dev.vigil.model.OperationDigest;
import dev.vigil.model.RecordedOperation;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceState;

/**
 * Whether a resource's definition changed since it started on a node, and what that requires,
 * with Pacemaker's semantics (pcmk__check_action_config, rsc_action_digest_cmp): the digests
 * recorded with the operations it ran since its start are compared with the digests of the
 * parameters the configuration gives those operations now.
 *
 * <ul>
 * <li>A parameter a reload cannot change (the restart digest differs), or a one-shot
 * operation's own parameters changed, or the agent cannot reload: restart.
 * <li>Only parameters a reload can change, and the agent reloads (it recorded a restart
 * digest): reload.
 * <li>A recurring operation's parameters changed: run it again with the new ones.
 * </ul>
 * An operation recorded without a digest counts as changed, as in Pacemaker.
 */
enum DefinitionChange {
    NONE, RESCHEDULE, RELOAD, RESTART;

    /**
     * The strongest change among the operations recorded in {@code state} for {@code resource}.
     * With {@code sanitized} input (a CIB whose secrets were masked, as crm_simulate assumes),
     * an operation whose only changes are in its secret parameters did not change.
     */
    static DefinitionChange of(Resource resource, ResourceState state, Map<String, String> operationDefaults,
            boolean sanitized) {
        DefinitionChange worst = NONE;
        for (RecordedOperation op : state.recorded()) {
            DefinitionChange c = of(resource, op, operationDefaults);
            if (c != NONE && sanitized && op.secureDigest() != null && op.secureDigest().equals(
                    OperationDigest.secure(resource, op.task(), op.interval(), op.secureParams(), op.featureSet()))) {
                c = NONE;
            }
            worst = c.compareTo(worst) > 0 ? c : worst;
        }
        boolean startPending = state.recorded().stream().anyMatch(o -> o.pending() && o.task().equals("start"));
        // A change while its start is in flight: the start may have used either definition.
        return worst == RELOAD && startPending ? RESTART : worst;
    }

    static DefinitionChange of(Resource resource, RecordedOperation op, Map<String, String> operationDefaults) {
        Duration interval = op.interval();
        if (!interval.isZero() && resource.operations().stream()
                .noneMatch(o -> o.name().equals(op.task()) && o.interval().equals(interval))) {
            return NONE; // no longer configured: cancelled, not compared
        }
        Map<String, String> params = OperationDigest.parameters(resource, op.task(), interval, operationDefaults);
        if (op.restartDigest() != null
                && !op.restartDigest().equals(OperationDigest.ofOnly(params, op.forceRestart()))) {
            return RESTART;
        }
        boolean changed = op.digest() == null || !op.digest().equals(OperationDigest.of(params));
        if (!changed) {
            return NONE;
        }
        if (!interval.isZero()) {
            return RESCHEDULE;
        }
        boolean ownParams = OperationDigest.hasOwnParameters(resource, op.task(), interval);
        return op.digest() != null && ownParams ? RESTART : op.restartDigest() != null ? RELOAD : RESTART;
    }
}
