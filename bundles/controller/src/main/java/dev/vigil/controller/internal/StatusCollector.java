package dev.vigil.controller.internal;

import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import dev.vigil.cluster.LrmUpdate;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.NodeState;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceState;

/**
 * The cluster status as this node has heard it: each member's last reported resource states,
 * and recent failed operations. A node that leaves the view is forgotten: when it returns it
 * is a new process whose state must be learned (probed) again. Not thread-safe.
 */
public final class StatusCollector {
    private static final int FAILURES_KEPT = 50;

    private final Map<String, Map<String, ResourceState>> reported = new HashMap<>();
    private final Map<String, Map<String, String>> pending = new HashMap<>();
    private final Deque<OperationRecord> failures = new ConcurrentLinkedDeque<>();
    /** This DC's tenure, and the members that answered its query since it began. */
    private String tenure = "";
    private final java.util.Set<String> answered = new java.util.HashSet<>();
    private MembershipView view;

    public StatusCollector() {
    }

    void onView(MembershipView v) {
        if (view != null) {
            for (String node : view.members()) {
                boolean left = !v.members().contains(node);
                boolean restarted = !left && !view.incarnations().get(node).equals(v.incarnations().get(node));
                if (left || restarted) {
                    reported.remove(node);
                    pending.remove(node);
                    answered.remove(node);
                }
            }
        }
        view = v;
    }

    /** A new DC tenure: only reports answering {@code token} (and later ones) count as present. */
    void beginTenure(String token) {
        tenure = token;
        answered.clear();
    }

    String tenure() {
        return tenure;
    }

    void onUpdate(String node, LrmUpdate update) {
        if (!tenure.isEmpty() && (LrmUpdate.QUERY_ANSWER_PREFIX + tenure).equals(update.completedRequest())) {
            answered.add(node); // in order after anything it sent before: from here on it is current
        }
        // Kept even from a node not yet in this node's view: it may have seen the new view
        // first and will not report again; the snapshot uses members only.
        reported.put(node, update.states());
        pending.put(node, update.pending());
        OperationRecord r = update.record();
        if (r != null && r.isFailure()) {
            failures.addFirst(r);
            while (failures.size() > FAILURES_KEPT) {
                failures.removeLast();
            }
        }
    }


    /** Forgets the failures of a resource (after a cleanup). */
    void forgetFailures(String resource) {
        failures.removeIf(r -> r.resource().equals(resource));
    }

    List<OperationRecord> failures() {
        return new ArrayList<>(failures);
    }

    /**
     * The status the policy engine sees: members are online with what they reported; others
     * offline. A member that is leaving (clean shutdown) is shutting down for the engine, which
     * then stops or moves everything it runs; while an operation is still running there, it is
     * passed with that pending operation instead (the engine must leave that resource alone,
     * and {@link NodeStatus} carries either the pending operations or the shutdown, not both);
     * its executor refuses any start meanwhile.
     */
    public ClusterStatus snapshot() {
        Map<String, NodeStatus> nodes = new TreeMap<>();
        if (view == null) {
            return ClusterStatus.of(nodes, false, null);
        }
        for (Map.Entry<String, NodeState> e : view.states().entrySet()) {
            String node = e.getKey();
            boolean online = view.members().contains(node);
            Map<String, ResourceState> resources = online ? reported.getOrDefault(node, Map.of()) : Map.of();
            Map<String, String> running = online ? pending.getOrDefault(node, Map.of()) : Map.of();
            if (online && view.leaving().contains(node) && running.isEmpty()) {
                nodes.put(node, NodeStatus.of(node, true, resources, Map.of(), true));
            } else {
                nodes.put(node, NodeStatus.of(node, online, resources, running));
            }
        }
        return ClusterStatus.of(nodes, view.quorate(), view.dc());
    }

    /**
     * True once every member has reported its states in this view, in answer to this DC's query
     * (when this node is DC: a member that joins later reports on joining, and answers too).
     */
    boolean complete() {
        return view != null && reported.keySet().containsAll(view.members())
                && (tenure.isEmpty() || answered.containsAll(view.members()));
    }
}
