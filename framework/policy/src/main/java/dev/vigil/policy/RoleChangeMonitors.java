package dev.vigil.policy;

import java.time.Duration;
import java.util.List;

import dev.vigil.model.Operation;
import dev.vigil.model.RecordedOperation;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;
import dev.vigil.model.Role;

/**
 * Recurring monitors of a role the resource is leaving ({@code op monitor role=Unpromoted} on
 * an instance to be promoted, {@code role=Promoted} on one to be demoted): where one runs, it is
 * cancelled before the role changes, so that it never checks the resource in the role it no
 * longer has (an Unpromoted-role monitor would read "running promoted" as a failure). The new
 * role's monitor is scheduled after the promote or demote as usual.
 *
 * <p>As Pacemaker's scheduler (recurring_op_for_active in pcmk_sched_recurring.c): on the node
 * the resource stays active on (no start there), a running monitor configured for another role
 * than the one it will have is cancelled, before the promote when an unpromoted (or started)
 * resource is promoted, before the demote when a promoted one is demoted; a monitor configured
 * for no role counts as one of the Unpromoted role. Stopped-role monitors are
 * {@link StoppedRoleMonitors}'.
 */
final class RoleChangeMonitors {
    private RoleChangeMonitors() {
    }

    /** Adds the cancellations of every resource, each before its resource's promote or demote. */
    static void plan(WorkingSet ws, ActionPlanner p) {
        for (ResourceView r : ws.resources.values()) {
            String node = r.destination();
            if (node == null || !r.managed || r.blocked() || r.pending() || r.removed
                    || !r.activeOn.contains(node) || !on(p, Action.Kind.START, r, node).isEmpty()) {
                continue;
            }
            for (Operation op : r.resource.operations()) {
                if (op.name().equals("monitor") && !op.interval().isZero() && op.enabled()
                        && op.forRole() != Role.STOPPED
                        && !matches(op.forRole(), ActionPlanner.targetRole(r)) && runs(r.state(node), op.interval())) {
                    cancelBeforeRoleChange(p, r, op);
                }
            }
        }
    }

    /** Whether a monitor configured for {@code role} checks a resource in {@code next}. */
    private static boolean matches(Role role, Role next) {
        if (role == null || role == Role.STARTED) {
            return next != Role.PROMOTED; // Pacemaker reads a monitor of no role as one of the Unpromoted role
        }
        return role == next;
    }

    private static void cancelBeforeRoleChange(ActionPlanner p, ResourceView r, Operation op) {
        String node = r.destination();
        int cancel = p.addMade(id -> Action.cancel(id, r.configId(), r.id, node, op.interval(), op.timeout(),
                op.role()));
        boolean promotedNow = r.state(node).role() == ResourceRole.PROMOTED;
        Action.Kind change = promotedNow ? Action.Kind.DEMOTE : Action.Kind.PROMOTE;
        if (promotedNow || ActionPlanner.targetRole(r) == Role.PROMOTED) {
            on(p, change, r, node).forEach(c -> p.edge(cancel, c));
        }
    }

    /** Does the node's status show a recurring monitor of this interval running for it? */
    private static boolean runs(ResourceState s, Duration interval) {
        if (s.monitorInterval().equals(interval)) {
            return true;
        }
        for (RecordedOperation o : s.recurring()) {
            if (o.task().equals("monitor") && o.interval().equals(interval) && !o.pending()) {
                return true;
            }
        }
        return false;
    }

    private static List<Integer> on(ActionPlanner p, Action.Kind kind, ResourceView r, String node) {
        return p.find(kind, r.id).stream().filter(id -> p.action(id).node().equals(node)).toList();
    }
}
