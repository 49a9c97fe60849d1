package dev.vigil.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a resource's live-migration operations leave it active, across nodes, after each
 * node's own history was replayed ({@link OperationHistory}); Pacemaker's
 * unpack_migrate_to_success, unpack_migrate_to_failure and unpack_migrate_from_failure
 * (lib/pengine/unpack.c):
 * <ul>
 * <li>migrate_to done on the source and migrate_from done on the target: the migration
 * completed; unless the source did something since, it owes a stop ("dangling").</li>
 * <li>migrate_to done, migrate_from failed: active on both (failed), unless the target did
 * something since, when the resource is failed on the source.</li>
 * <li>migrate_to done, no migrate_from yet: a partial migration, active on both, to be
 * finished; if the target is gone or stopped it since, failed on the source.</li>
 * <li>migrate_to failed: active on the source (failed) and, unless it did something since, on
 * the target; migrate_from failed: active on the source too (failed).</li>
 * <li>a migrate_to in flight on an unclean source: the target owes a stop.</li>
 * </ul>
 * An operation on another node is "newer" by its last-rc-change; on the same node by call id.
 */
final class MigrationHistory {
    private static final int OCF_OK = 0;
    private static final int OCF_NOT_RUNNING = 7;
    private static final int OCF_UNKNOWN = 193;

    /** One node's record of one resource. */
    record NodeRecord(List<XmlElement> ops, boolean online, boolean unclean) {
    }

    private final Map<String, MigrationStatus> migrations = new LinkedHashMap<>();

    /**
     * Applies the rules to one resource: {@code records} by node (every node that has a record
     * of it, or is known), {@code states} its replayed state by node, adjusted in place.
     */
    void apply(String rsc, Map<String, NodeRecord> records, Map<String, ResourceState> states) {
        for (Map.Entry<String, NodeRecord> e : records.entrySet()) {
            for (XmlElement op : e.getValue().ops()) {
                String task = op.attr("operation", "");
                if (!task.equals("migrate_to") && !task.equals("migrate_from")) {
                    continue;
                }
                String source = op.attr("migrate_source"), target = op.attr("migrate_target");
                if (source == null || target == null) {
                    continue; // Pacemaker ignores such an entry too
                }
                if (pending(op)) {
                    if (task.equals("migrate_to") && e.getKey().equals(source) && e.getValue().unclean()
                            && records.containsKey(target)) {
                        add(rsc, MigrationStatus.none().withDangling(target), true);
                    }
                    continue;
                }
                boolean ok = rc(op) == OCF_OK && status(op) == 0;
                if (task.equals("migrate_to") && e.getKey().equals(source)) {
                    if (ok) {
                        migrateToSucceeded(rsc, op, source, target, records, states);
                    } else {
                        migrateToFailed(rsc, op, source, target, records, states);
                    }
                } else if (task.equals("migrate_from") && e.getKey().equals(target) && !ok) {
                    migrateFromFailed(op, source, target, records, states);
                }
            }
        }
    }

    /** What the histories leave unfinished, by resource. */
    Map<String, MigrationStatus> migrations() {
        return migrations;
    }

    private void migrateToSucceeded(String rsc, XmlElement migrateTo, String source, String target,
            Map<String, NodeRecord> records, Map<String, ResourceState> states) {
        boolean sourceNewer = nonMonitorAfter(records, source, migrateTo, source);
        XmlElement migrateFrom = find(records, target, "migrate_from", source, -1);
        if (migrateFrom != null && sourceNewer) {
            return;
        }
        boolean targetNewer = newerStateAfter(records, target, migrateTo, migrateFrom, source);
        if (sourceNewer && targetNewer) {
            return;
        }
        boolean fromDone = migrateFrom != null && !pending(migrateFrom);
        if (fromDone && rc(migrateFrom) == OCF_OK && status(migrateFrom) == 0) {
            states.put(source, states.getOrDefault(source, ResourceState.of(ResourceRole.STOPPED))
                    .withRole(ResourceRole.STOPPED));
            add(rsc, MigrationStatus.none().withDangling(source), true);
            return;
        }
        NodeRecord t = records.get(target);
        boolean activeOnTarget = !targetNewer && t != null && t.online();
        if (fromDone) { // migrate_from failed on the target
            if (activeOnTarget) {
                running(states, target, true);
            } else {
                running(states, source, true);
            }
            return;
        }
        if (t != null && t.online() && unknownOn(records, target)) {
            return;
        }
        if (activeOnTarget) {
            running(states, target, false);
            NodeRecord s = records.get(source);
            if (s != null && s.online()) {
                add(rsc, MigrationStatus.none().withPartial(source, target), false);
            }
        } else if (!sourceNewer) {
            running(states, source, true); // failed: recover it, without migrating
        }
    }

    private void migrateToFailed(String rsc, XmlElement migrateTo, String source, String target,
            Map<String, NodeRecord> records, Map<String, ResourceState> states) {
        XmlElement migrateFrom = find(records, target, "migrate_from", source, OCF_OK);
        if (!unknownOn(records, target) && !newerStateAfter(records, target, migrateTo, migrateFrom, source)) {
            NodeRecord t = records.get(target);
            if (t != null && t.online()) {
                running(states, target, false);
            }
        } else if (!nonMonitorAfter(records, source, migrateTo, source)) {
            add(rsc, MigrationStatus.none().withDangling(source), true);
        }
    }

    private void migrateFromFailed(XmlElement migrateFrom, String source, String target,
            Map<String, NodeRecord> records, Map<String, ResourceState> states) {
        XmlElement migrateTo = find(records, source, "migrate_to", target, OCF_OK);
        if (!unknownOn(records, source) && !newerStateAfter(records, source, migrateTo, migrateFrom, source)) {
            NodeRecord s = records.get(source);
            if (s != null && s.online()) {
                running(states, source, true);
            }
        }
    }

    /** Pacemaker's native_add_running: active there (failed, if the migration failed). */
    private static void running(Map<String, ResourceState> states, String node, boolean failed) {
        ResourceState s = states.getOrDefault(node, ResourceState.of(ResourceRole.STOPPED));
        if (failed && s.role() != ResourceRole.BLOCKED) {
            states.put(node, s.withRole(ResourceRole.FAILED));
        } else if (!s.isActive()) {
            states.put(node, s.withRole(ResourceRole.STARTED));
        }
    }

    private void add(String rsc, MigrationStatus m, boolean dangling) {
        MigrationStatus now = migrations.getOrDefault(rsc, MigrationStatus.none());
        for (String d : m.danglingSources()) {
            now = now.withDangling(d);
        }
        if (!dangling) {
            now = now.withPartial(m.partialSource(), m.partialTarget());
        }
        migrations.put(rsc, now);
    }

    /** The migrate_from (or migrate_to) on {@code node} whose peer is {@code peer}, with that rc (-1: any). */
    private static XmlElement find(Map<String, NodeRecord> records, String node, String task, String peer, int rc) {
        NodeRecord r = records.get(node);
        if (r == null) {
            return null;
        }
        String peerAttr = task.equals("migrate_from") ? "migrate_source" : "migrate_target";
        for (XmlElement op : r.ops()) {
            if (op.attr("operation", "").equals(task) && peer.equals(op.attr(peerAttr))
                    && (rc < 0 || (rc(op) == rc && !pending(op)))) {
                return op;
            }
        }
        return null;
    }

    /** The node has no record of the resource but unknown results (Pacemaker's unknown_on_node). */
    private static boolean unknownOn(Map<String, NodeRecord> records, String node) {
        NodeRecord r = records.get(node);
        return r == null || r.ops().stream().allMatch(op -> rc(op) == OCF_UNKNOWN);
    }

    /**
     * Did {@code node} start, stop or migrate the resource after the migration (after the
     * migrate_from if there is one, except on the source: after the migrate_to), or find it
     * not running after it?
     */
    private static boolean newerStateAfter(Map<String, NodeRecord> records, String node, XmlElement migrateTo,
            XmlElement migrateFrom, String source) {
        XmlElement ref = migrateFrom != null ? migrateFrom : migrateTo;
        String refNode = migrateFrom != null ? migrateFrom.attr("migrate_target") : source;
        if (migrateFrom != null && migrateTo != null && node.equals(source)) {
            ref = migrateTo;
            refNode = source;
        }
        if (ref == null) {
            return false;
        }
        if (nonMonitorAfter(records, node, ref, refNode)) {
            return true;
        }
        NodeRecord r = records.get(node);
        if (r == null) {
            return false;
        }
        for (XmlElement op : r.ops()) {
            if (op.attr("operation", "").equals("monitor") && rc(op) == OCF_NOT_RUNNING
                    && newer(op, node, ref, refNode)) {
                return true;
            }
        }
        return false;
    }

    private static boolean nonMonitorAfter(Map<String, NodeRecord> records, String node, XmlElement ref,
            String refNode) {
        NodeRecord r = records.get(node);
        if (r == null) {
            return false;
        }
        for (XmlElement op : r.ops()) {
            if (op != ref && Set.of("start", "stop", "migrate_to", "migrate_from").contains(op.attr("operation", ""))
                    && newer(op, node, ref, refNode)) {
                return true;
            }
        }
        return false;
    }

    /** Pacemaker's pe__is_newer_op: by call id on one node, by last-rc-change across nodes. */
    private static boolean newer(XmlElement a, String aNode, XmlElement b, String bNode) {
        long ca = number(a.attr("call-id", "0")), cb = number(b.attr("call-id", "0"));
        boolean sameNode = aNode.equals(bNode);
        if (ca == -1 && cb == -1) {
            return false;
        }
        if (sameNode && (ca == -1 || cb == -1)) {
            return ca == -1; // in flight: later than anything completed
        }
        if (sameNode && ca != cb) {
            return ca > cb;
        }
        long ta = number(a.attr("last-rc-change")), tb = number(b.attr("last-rc-change"));
        return tb >= 0 && ta > tb;
    }

    private static boolean pending(XmlElement op) {
        return "-1".equals(op.attr("call-id")) || "-1".equals(op.attr("op-status"));
    }

    private static int rc(XmlElement op) {
        return (int) number(op.attr("rc-code"));
    }

    private static int status(XmlElement op) {
        return (int) Math.max(0, number(op.attr("op-status")));
    }

    private static long number(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
