package dev.vigil.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What the cluster looks like now: the nodes, whether the view holds quorum, who coordinates. */
public final class ClusterStatus {
    private final Map<String, NodeStatus> nodes;
    private final boolean quorate;
    private final String dc;
    private final List<String> reportOrder;
    private final Map<String, MigrationStatus> migrations;
    private final Map<String, Map<String, Long>> shutdownLocks;
    private final Map<String, String> removedLaunchers;

    private ClusterStatus(Map<String, NodeStatus> nodes, boolean quorate, String dc, List<String> reportOrder) {
        this(nodes, quorate, dc, reportOrder, Map.of(), Map.of(), Map.of());
    }

    private ClusterStatus(Map<String, NodeStatus> nodes, boolean quorate, String dc, List<String> reportOrder,
            Map<String, MigrationStatus> migrations, Map<String, Map<String, Long>> shutdownLocks,
            Map<String, String> removedLaunchers) {
        this.removedLaunchers = Collections.unmodifiableMap(new TreeMap<>(removedLaunchers));
        this.migrations = Collections.unmodifiableMap(new TreeMap<>(migrations));
        Map<String, Map<String, Long>> locks = new TreeMap<>();
        shutdownLocks.forEach((r, byNode) -> locks.put(r, Collections.unmodifiableMap(new TreeMap<>(byNode))));
        this.shutdownLocks = Collections.unmodifiableMap(locks);
        this.nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
        this.quorate = quorate;
        this.dc = dc;
        List<String> order = new ArrayList<>();
        reportOrder.stream().filter(n -> nodes.containsKey(n) && !order.contains(n)).forEach(order::add);
        this.nodes.keySet().stream().filter(n -> !order.contains(n)).forEach(order::add);
        this.reportOrder = List.copyOf(order);
    }

    public static ClusterStatus of(Map<String, NodeStatus> nodes, boolean quorate, String dc) {
        return new ClusterStatus(nodes, quorate, dc, List.of());
    }

    /**
     * The same, remembering the order in which the nodes reported (a CIB's node_state
     * elements): Pacemaker numbers an anonymous clone's running instances in that order.
     */
    public static ClusterStatus of(Map<String, NodeStatus> nodes, boolean quorate, String dc,
            List<String> reportOrder) {
        return new ClusterStatus(nodes, quorate, dc, reportOrder);
    }

    /** The same, with what the resources' migration histories leave unfinished ({@link MigrationStatus}). */
    public ClusterStatus withMigrations(Map<String, MigrationStatus> byResource) {
        return new ClusterStatus(nodes, quorate, dc, reportOrder, byResource, shutdownLocks, removedLaunchers);
    }

    /**
     * The same, with the shutdown locks the resources' histories record (Pacemaker's
     * {@code shutdown-lock} attribute of an {@code lrm_resource}): by resource, the node it was
     * locked to when that node shut down and the time of the lock (seconds since the epoch).
     */
    public ClusterStatus withShutdownLocks(Map<String, Map<String, Long>> byResource) {
        return new ClusterStatus(nodes, quorate, dc, reportOrder, migrations, byResource, removedLaunchers);
    }

    /**
     * The same, with the launchers that the histories of resources removed from the
     * configuration name (the {@code container} attribute of an {@code lrm_resource}, which
     * Pacemaker records for a launched resource): removed resource to its launcher. A removed
     * connection of a guest node is stopped before its launcher, as when it was configured.
     */
    public ClusterStatus withRemovedLaunchers(Map<String, String> byResource) {
        return new ClusterStatus(nodes, quorate, dc, reportOrder, migrations, shutdownLocks, byResource);
    }

    /** Removed resource to the launcher its history names; see {@link #withRemovedLaunchers}. */
    public Map<String, String> removedLaunchers() {
        return removedLaunchers;
    }

    /** Recorded shutdown locks: resource to (node to lock time in epoch seconds); see {@link #withShutdownLocks}. */
    public Map<String, Map<String, Long>> shutdownLocks() {
        return shutdownLocks;
    }

    /** Unfinished live migrations, by resource; a resource not here has none. */
    public Map<String, MigrationStatus> migrations() {
        return migrations;
    }

    /** Every node once: in the order they reported, then the others by name. */
    public List<String> reportOrder() {
        return reportOrder;
    }

    /** All known nodes, sorted by name. */
    public Map<String, NodeStatus> nodes() {
        return nodes;
    }

    public boolean quorate() {
        return quorate;
    }

    /** The designated coordinator, or null. */
    public String dc() {
        return dc;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClusterStatus)) {
            return false;
        }
        ClusterStatus s = (ClusterStatus) o;
        return nodes.equals(s.nodes) && quorate == s.quorate && Objects.equals(dc, s.dc)
                && reportOrder.equals(s.reportOrder) && migrations.equals(s.migrations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodes, quorate, dc);
    }
}
