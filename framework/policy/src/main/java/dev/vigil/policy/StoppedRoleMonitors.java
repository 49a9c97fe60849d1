package dev.vigil.policy;

import java.time.Duration;
import java.util.List;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.Operation;
import dev.vigil.model.RecordedOperation;
import dev.vigil.model.Role;

/**
 * Recurring monitors configured for the Stopped role ({@code op monitor role=Stopped}): they
 * run on every node where the resource must not run, to notice it starting there unexpectedly.
 *
 * <p>As Pacemaker's scheduler does: on each online node other than the one the resource is
 * placed on, such a monitor is scheduled unless the node already runs it (and the resource
 * does not stop there now), after the resource's probe and stop there; on the node the
 * resource is placed on, one that runs is cancelled before the resource starts. Not for an
 * anonymous clone's instances (Pacemaker does not support them there), nor for a resource left
 * alone (in maintenance, blocked, its outcome pending).
 */
final class StoppedRoleMonitors {
    /** The role the monitor actions carry (the graph's and the executor's name for it). */
    static final String STOPPED = Role.STOPPED.toString();

    private StoppedRoleMonitors() {
    }

    /** Adds the monitors and cancellations of every resource, with their orderings. */
    static void plan(WorkingSet ws, ActionPlanner p) {
        for (ResourceView r : ws.resources.values()) {
            if (leftAlone(ws, r) || r.blocked() || r.pending() || r.removed || (r.clone != null && !r.clone.unique)) {
                continue;
            }
            for (Operation op : r.resource.operations()) {
                if (op.name().equals("monitor") && !op.interval().isZero() && op.enabled()
                        && op.forRole() == Role.STOPPED) {
                    plan(ws, p, r, op);
                }
            }
        }
    }

    /**
     * In maintenance (its own, the cluster's, or its node's), or frozen by a lost ticket: no
     * monitor is scheduled for it. An unmanaged resource still has them (as in Pacemaker).
     */
    private static boolean leftAlone(WorkingSet ws, ResourceView r) {
        return ClusterConfig.isTrue(ws.config.meta(r.resource, "maintenance", "false"))
                || ClusterConfig.isTrue(ws.config.property("maintenance-mode", "false"))
                || r.activeOn.stream().anyMatch(ws.maintenanceNodes::contains) || r.frozenByTicket;
    }

    private static void plan(WorkingSet ws, ActionPlanner p, ResourceView r, Operation op) {
        for (NodeView n : ws.nodes.values()) {
            if (n.name.equals(r.destination())) {
                cancelBeforeStart(p, r, op);
            } else if (n.online && !ws.fencing.fences(n.name)) {
                monitorWhereStopped(p, r, op, n.name);
            }
        }
    }

    /** Where it is to run, a Stopped-role monitor running there is cancelled before it starts. */
    private static void cancelBeforeStart(ActionPlanner p, ResourceView r, Operation op) {
        if (!runs(r, r.destination(), op.interval())) {
            return;
        }
        int cancel = p.addMade(id -> Action.cancel(id, r.configId(), r.id, r.destination(), op.interval(), op.timeout(),
                STOPPED));
        p.find(Action.Kind.START, r.id).forEach(s -> p.edge(cancel, s));
    }

    /**
     * Where it must not run, the monitor follows the probe and the stop there; while it stays
     * active there (its stop cannot happen) the monitor cannot run, and is left out. One the
     * node runs already is left as it is, unless the resource stops there now: then it is
     * scheduled again after the stop (in Pacemaker the stop implies it).
     */
    private static void monitorWhereStopped(ActionPlanner p, ResourceView r, Operation op, String node) {
        List<Integer> stops = on(p, p.find(Action.Kind.STOP, r.id), node);
        if (stops.isEmpty() && (r.activeOn.contains(node) || runs(r, node, op.interval()))) {
            return; // a stop there would schedule it again, even where it ran (it ends every monitor)
        }
        int monitor = p.addMade(id -> Action.monitorForRole(id, r.configId(), r.id, node, op.interval(),
                op.timeout(), STOPPED));
        if (r.managed) {
            on(p, p.find(Action.Kind.PROBE, r.id), node).forEach(probe -> p.edge(probe, monitor));
        }
        stops.forEach(stop -> p.edge(stop, monitor));
    }

    /** Does the node's status show a recurring monitor of this interval running for it? */
    private static boolean runs(ResourceView r, String node, Duration interval) {
        for (RecordedOperation o : r.state(node).recurring()) {
            if (o.task().equals("monitor") && o.interval().equals(interval) && !o.pending()) {
                return true;
            }
        }
        return false;
    }

    private static List<Integer> on(ActionPlanner p, List<Integer> ids, String node) {
        return ids.stream().filter(id -> p.action(id).node().equals(node)).toList();
    }
}
