package dev.vigil.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.vigil.model.ClusterConfig;

/**
 * When utilization counts (any {@code placement-strategy} but default), capacity freed on a
 * node must be free before it is used again: every stop on a node of a resource that needs
 * capacity comes before every start on that node of a resource that needs capacity.
 * Pacemaker expresses this through a {@code load_stopped_NODE} pseudo action between them;
 * the edges here are the same precedence without the pseudo action.
 */
final class LoadOrdering {
    private LoadOrdering() {
    }

    static void apply(WorkingSet ws, ActionPlanner planner) {
        ClusterConfig config = ws.config;
        if (Utilization.Strategy.of(config.placementStrategy()) == Utilization.Strategy.DEFAULT) {
            return;
        }
        List<ResourceView> loaded = ws.resources.values().stream()
                .filter(r -> !config.resourceUtilization(r.configId()).isEmpty())
                .collect(Collectors.toList());
        Map<String, List<Integer>> startsByNode = loaded.stream()
                .flatMap(r -> planner.find(Action.Kind.START, r.id).stream())
                .filter(i -> planner.action(i).node() != null)
                .collect(Collectors.groupingBy(i -> planner.action(i).node()));
        // A resource migrating to a node begins with its migrate_to, elsewhere: that waits too.
        Map<String, List<Integer>> migrationsByTarget = loaded.stream()
                .flatMap(r -> planner.find(Action.Kind.MIGRATE_TO, r.id).stream())
                .collect(Collectors.groupingBy(i -> planner.action(i).migrateTarget()));
        for (ResourceView r : loaded) {
            for (int stop : planner.find(Action.Kind.STOP, r.id)) {
                String node = planner.action(stop).node();
                // a restart in place is ordered by the same rule
                startsByNode.getOrDefault(node, List.of()).forEach(start -> planner.edge(stop, start));
                migrationsByTarget.getOrDefault(node, List.of()).forEach(to -> planner.edge(stop, to));
            }
        }
        // Resources swapping nodes by migration close a loop: as Pacemaker does when it writes
        // the graph (newest action first), the last migrate_to created on the loop does not
        // wait for the stops on its target.
        List<Integer> migrations = migrationsByTarget.values().stream().flatMap(List::stream)
                .sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        for (int to : migrations) {
            String node = planner.action(to).migrateTarget();
            List<Integer> stops = loaded.stream().flatMap(r -> planner.find(Action.Kind.STOP, r.id).stream())
                    .filter(stop -> planner.action(stop).node().equals(node)).collect(Collectors.toList());
            if (stops.stream().anyMatch(stop -> planner.precedes(to, stop))) {
                stops.forEach(stop -> planner.removeEdge(stop, to));
            }
        }
    }
}
