package dev.vigil.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the nodes' live states say of migrations across nodes, as {@link MigrationHistory} reads
 * it from a CIB (Pacemaker's unpack_migrate_to_success): each node's state records the migration
 * it last took part in ({@link ResourceState#migrationSource()}), with nothing but monitors since.
 * <ul>
 * <li>migrate_to done on the source, the target's state of it still stopped (no migrate_from
 * yet): a partial migration, active on both, which the engine finishes with the migrate_from
 * (or recovers);</li>
 * <li>migrate_to done on the source and migrate_from done on the target: the migration
 * completed but the source owes its stop ("dangling"); it no longer runs there.</li>
 * <li>migrate_to done on the source, the target offline (not among the nodes reporting) before
 * its migrate_from: the migration can no longer complete, and what the migrate_to did on the
 * target is not known; the resource is failed on the source, recovered there or elsewhere
 * without migrating (Pacemaker marks it failed and not migratable). What the target may still
 * run is its fencing's to settle.</li>
 * </ul>
 * A target that never checked the resource (unknown there) is probed first; a target that failed
 * its migrate_from leaves the states as they are (active on the source; failed where it failed).
 * A caller that knows more (the target's process restarted since the migrate_to, so that its
 * "stopped" is newer than the migration) marks the source failed before resolving.
 */
public final class ReportedMigrations {
    private ReportedMigrations() {
    }

    /**
     * Applies the rules to the states reported by the nodes that are up, {@code statesByNode}
     * (node, then resource), adjusting them in place; returns what is unfinished, by resource.
     */
    public static Map<String, MigrationStatus> resolve(Map<String, Map<String, ResourceState>> statesByNode) {
        Map<String, MigrationStatus> out = new LinkedHashMap<>();
        Map<String, List<String>> abandonedOn = new LinkedHashMap<>();
        statesByNode.forEach((source, states) -> states.forEach((rsc, s) -> {
            String target = s.migrationTarget();
            if (target == null || !source.equals(s.migrationSource()) || target.equals(source)
                    || s.role() != ResourceRole.STARTED) {
                return;
            }
            Map<String, ResourceState> onTarget = statesByNode.get(target);
            if (onTarget == null) {
                abandonedOn.computeIfAbsent(source, n -> new ArrayList<>()).add(rsc);
                return;
            }
            ResourceState t = onTarget.get(rsc);
            if (t == null) {
                return;
            }
            if (t.role() == ResourceRole.STARTED && source.equals(t.migrationSource())
                    && target.equals(t.migrationTarget())) {
                out.put(rsc, out.getOrDefault(rsc, MigrationStatus.none()).withDangling(source));
            } else if (t.role() == ResourceRole.STOPPED) {
                out.put(rsc, out.getOrDefault(rsc, MigrationStatus.none()).withPartial(source, target));
            }
        }));
        // Applied once all are read: each rule reads the other node's state as reported.
        abandonedOn.forEach((source, resources) -> resources.forEach(rsc -> statesByNode.get(source)
                .computeIfPresent(rsc, (k, s) -> s.withRole(ResourceRole.FAILED))));
        out.forEach((rsc, m) -> {
            m.danglingSources().forEach(n -> statesByNode.get(n).computeIfPresent(rsc,
                    (k, s) -> s.withRole(ResourceRole.STOPPED)));
            if (m.partialTarget() != null) {
                statesByNode.get(m.partialTarget()).computeIfPresent(rsc, (k, s) -> s.withRole(ResourceRole.STARTED));
            }
        });
        return out;
    }
}
