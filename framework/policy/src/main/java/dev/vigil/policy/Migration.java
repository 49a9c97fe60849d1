package dev.vigil.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.MigrationStatus;
import dev.vigil.model.NodeStatus;

/**
 * Live migration, with Pacemaker's semantics (allow-migrate; pcmk_sched_migration.c): a
 * primitive whose configuration allows it, moving from one healthy node to another, is handed
 * over by its agent instead of being stopped and started: {@code migrate_to} on the source,
 * {@code migrate_from} on the target, then the stop on the source, and the start on the target
 * is a pseudo action (the migrate_from did it).
 *
 * <p>What prevents it: the resource is not managed, failed, has an operation in flight, is
 * active on several nodes, or its source or target node is unclean; and the restart-type
 * dependencies: a resource that must stop before another stops (a later group member, the
 * dependent of a mandatory order) cannot migrate when that other one stops and starts again
 * without migrating (Pacemaker's "first is unmigratable if then is", for stops). A migrating
 * resource does not force what depends on it to restart.
 */
final class Migration {
    /** The configuration's meta attribute (Pacemaker Explained, "allow-migrate"). */
    static final String ALLOW_MIGRATE = "allow-migrate";

    /** A mandatory, symmetrical "first then then" between two primitives (start, start). */
    private record Dependency(ResourceView first, ResourceView then) {
    }

    /** An order between another resource's action and a migration's first action, added last. */
    private record Edge(int before, int migrateTo) {
    }

    private final WorkingSet ws;
    private final List<Dependency> dependencies = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Map<String, Boolean> allowed = new HashMap<>();

    Migration(WorkingSet ws) {
        this.ws = ws;
    }

    /** {@code then} must stop before {@code first} stops (and start after it starts). */
    void dependsOn(ResourceView then, ResourceView first) {
        dependencies.add(new Dependency(first, then));
    }

    /** Does the configuration allow this primitive to migrate? */
    boolean allowed(ResourceView r) {
        return allowed.computeIfAbsent(r.configId(),
                id -> ClusterConfig.isTrue(ws.config.meta(r.resource, ALLOW_MIGRATE,
                        RemoteConnections.migratesByDefault(ws, r) ? "true" : "false")));
    }

    /**
     * Decides, from the placements as they are now, which resources migrate. Called again as
     * the planner's propagation changes placements and restarts; the answer only shrinks.
     */
    void decide() {
        ws.resources.values().forEach(r -> r.migrating = canMigrate(r));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Dependency d : dependencies) {
                if (d.then.migrating && movesWithoutMigrating(d.first)) {
                    d.then.migrating = false; // its stop must precede a stop that is not a migration
                    changed = true;
                }
            }
        }
    }

    /** Pacemaker's pcmk__rsc_can_migrate, for a primitive that moves to another node. */
    private boolean canMigrate(ResourceView r) {
        if (continuesPartial(r)) {
            return true;
        }
        if (status(r).partialSource() != null) {
            return false; // a migration half done that cannot go on: recovered by stopping it everywhere
        }
        if (!movable(r) || r.activeOn.size() != 1 || r.activeOn.contains(r.destination())) {
            return false;
        }
        return healthy(r.current()) && healthy(r.destination());
    }

    private boolean movable(ResourceView r) {
        return allowed(r) && r.clone == null && r.managed && !r.blocked() && !r.stopBlocked && !r.pending()
                && !r.failed() && r.destination() != null;
    }

    /**
     * A migration half done (migrate_to done, active on both nodes) goes on with the
     * migrate_from when the resource may still migrate, is active on those two nodes only, and
     * stays assigned to the target; otherwise it is recovered (stopped on both).
     */
    boolean continuesPartial(ResourceView r) {
        MigrationStatus m = status(r);
        return m.partialSource() != null && movable(r) && r.activeOn.size() == 2
                && r.activeOn.contains(m.partialSource()) && r.activeOn.contains(m.partialTarget())
                && m.partialTarget().equals(r.destination()) && healthy(m.partialSource())
                && healthy(m.partialTarget());
    }

    /** Where the resource migrates from: the source of the migration it continues, or where it runs. */
    String source(ResourceView r) {
        MigrationStatus m = status(r);
        return continuesPartial(r) ? m.partialSource() : r.current();
    }

    private MigrationStatus status(ResourceView r) {
        return r.clone == null ? ws.status.migrations().getOrDefault(r.id, MigrationStatus.none())
                : MigrationStatus.none();
    }

    private boolean healthy(String node) {
        NodeStatus n = ws.status.nodes().get(node);
        return n != null && n.online() && !n.unclean() && !ws.fencing.fences(node) && !ws.fencing.stuck(node);
    }

    /** Stops and starts again (moving or restarting) by a plain stop, not a migration. */
    private static boolean movesWithoutMigrating(ResourceView r) {
        return !r.migrating && r.managed && !r.activeOn.isEmpty() && r.destination() != null
                && (r.restart || !r.activeOn.contains(r.destination()));
    }

    /**
     * The migration actions of a resource that migrates (its stop on the source and start on
     * the target exist already): migrate_to, migrate_from; the start becomes a pseudo action.
     */
    void createActions(ActionPlanner planner, ResourceView r) {
        String source = source(r);
        if (!continuesPartial(r)) {
            planner.addMigration(Action.Kind.MIGRATE_TO, r, source, r.destination());
        } else if (planner.find(Action.Kind.START, r.id).isEmpty()) {
            planner.addStart(r, r.destination()); // active there already, but the migration is not done
        }
        planner.addMigration(Action.Kind.MIGRATE_FROM, r, source, r.destination());
        planner.find(Action.Kind.START, r.id).forEach(planner::makePseudo);
    }

    /**
     * A migration that completed, or failed, without the source being cleaned up owes a stop
     * there, though the resource is not active there (Pacemaker's dangling migration); it
     * does not make anything restart.
     */
    void createDanglingStops(ActionPlanner planner, ResourceView r) {
        if (!r.managed || r.pending()) {
            return;
        }
        for (String node : status(r).danglingSources()) {
            NodeStatus n = ws.status.nodes().get(node);
            boolean stopped = planner.find(Action.Kind.STOP, r.id).stream()
                    .anyMatch(s -> planner.action(s).node().equals(node));
            if (n != null && n.online() && !n.unclean() && !r.activeOn.contains(node) && !stopped) {
                planner.addStop(r, node);
            }
        }
    }

    /** Probes before migrate_to, migrate_to before migrate_from, migrate_from before the stop and the start. */
    void orderInternally(ActionPlanner planner, ResourceView r) {
        for (int to : planner.find(Action.Kind.MIGRATE_TO, r.id)) {
            planner.find(Action.Kind.PROBE, r.id).forEach(p -> planner.edge(p, to));
            planner.find(Action.Kind.MIGRATE_FROM, r.id).forEach(from -> planner.edge(to, from));
        }
        for (int from : planner.find(Action.Kind.MIGRATE_FROM, r.id)) {
            planner.find(Action.Kind.PROBE, r.id).forEach(p -> planner.edge(p, from));
            planner.find(Action.Kind.STOP, r.id).forEach(s -> planner.edge(from, s));
            planner.find(Action.Kind.START, r.id).forEach(s -> planner.edge(from, s));
        }
    }

    /**
     * An order "{@code first} {@code firstAction} then {@code then} {@code thenAction}" where
     * {@code then} migrates: the migration begins only once what its start (or stop) waited for
     * is done (Pacemaker's pcmk__order_migration_equivalents). When both migrate, the first's
     * migrate_from comes before the then's migrate_to. {@code firstNotified} is the end of the
     * notifications of the first's clone for that action (or -1): an order after a clone with
     * notifications holds after them, for the migration as for the start.
     */
    void order(ActionPlanner planner, ResourceView first, String firstAction, ResourceView then,
            String thenAction, int firstNotified) {
        if (!then.migrating || first == then) {
            return;
        }
        boolean startStart = firstAction.equals("start") && thenAction.equals("start");
        boolean stopStop = firstAction.equals("stop") && thenAction.equals("stop");
        boolean promoteStart = firstAction.equals("promote") && thenAction.equals("start");
        boolean demoteStop = firstAction.equals("demote") && thenAction.equals("stop");
        List<Integer> before;
        if (startStart && first.migrating) {
            before = planner.find(Action.Kind.MIGRATE_FROM, first.id);
        } else if ((startStart || stopStop) && !first.migrating) {
            before = planner.find(firstAction.equals("start") ? Action.Kind.START : Action.Kind.STOP, first.id);
        } else if (promoteStart) {
            before = planner.find(Action.Kind.PROMOTE, first.id);
        } else if (demoteStop) {
            before = planner.find(Action.Kind.DEMOTE, first.id);
        } else {
            return;
        }
        if (firstNotified >= 0 && !before.isEmpty()) {
            before = new ArrayList<>(before);
            before.add(firstNotified);
        }
        for (int to : planner.find(Action.Kind.MIGRATE_TO, then.id)) {
            before.forEach(b -> edges.add(new Edge(b, to)));
        }
    }

    /**
     * Adds the orders collected by {@link #order}, once every other order is in place, except
     * one that would close a loop (the migration waiting, through the other resource, for its
     * own stop): a transition with a loop would never finish.
     */
    void applyOrders(ActionPlanner planner) {
        for (Edge e : edges) {
            if (!planner.precedes(e.migrateTo(), e.before())) {
                planner.edge(e.before(), e.migrateTo());
            }
        }
    }

    /**
     * Pacemaker leaves out an optional order's edge from a migrating resource's stop (it would
     * only hold the handover back, and may close a loop through the other resource's restart).
     */
    static boolean unordered(boolean mandatory, ResourceView first, Action.Kind firstAction) {
        return !mandatory && firstAction == Action.Kind.STOP && first.migrating;
    }
}
