package dev.vigil.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.vigil.model.ResourceRole;
import dev.vigil.model.Score;

/**
 * Clone notifications (meta {@code notify=true}), as Pacemaker schedules them
 * (lib/pengine/pe_notif.c, "Clone Notifications" in Pacemaker Explained). For each clone
 * operation that happens in the transition (stop, start, demote, promote), in order:
 *
 * <pre>
 *   clone_pre_notify_OP -> "pre" notify of each instance -> clone_confirmed-pre_notify_OP
 *   -> every instance's OP -> clone_post_notify_OPPED -> "post" notify of each instance
 *   -> clone_confirmed-post_notify_OPPED -> the instances' recurring monitors
 * </pre>
 *
 * Who is told: before a stop or demote, every active instance (not one on a node being fenced);
 * after it, those that did not stop. Before a start or promote, every instance that will be
 * active, except one that is itself starting (it is not running yet); after it, all of them.
 * Across operations: the stop's notifications end before the start's begin, and with a
 * promotable clone the demote's end before the stop's, the start's and the promote's, and the
 * stop's and start's before the promote's. Another resource ordered after the clone's
 * operation waits for its post-notifications ({@link #completion}). The instances' own starts,
 * stops, promotes and demotes carry the same lists ({@link Action#notifyVariables()}).
 */
final class CloneNotifications {
    /** The clone operations in the order their notifications are made. */
    private static final Action.Kind[] KINDS = {
        Action.Kind.STOP, Action.Kind.START, Action.Kind.DEMOTE, Action.Kind.PROMOTE
    };

    /** The four pseudo actions of one operation's notifications. */
    private record Events(int pre, int preDone, int post, int postDone) {
    }

    private final ActionPlanner planner;
    private final WorkingSet ws;
    private final CloneView clone;
    private final Map<Action.Kind, Events> events = new LinkedHashMap<>();

    private CloneNotifications(ActionPlanner planner, WorkingSet ws, CloneView clone) {
        this.planner = planner;
        this.ws = ws;
        this.clone = clone;
    }

    /**
     * Creates and orders the notifications of a clone with {@code notify=true}; returns, per
     * operation, the action that completes its notifications (empty for other clones).
     */
    static Map<Action.Kind, Integer> plan(ActionPlanner planner, WorkingSet ws, CloneView clone) {
        if (!clone.clone.notifies()) {
            return Map.of();
        }
        CloneNotifications n = new CloneNotifications(planner, ws, clone);
        for (Action.Kind k : KINDS) {
            n.notifyAround(k);
        }
        n.orderAcrossOperations();
        n.listsOnInstanceActions();
        Map<Action.Kind, Integer> out = new LinkedHashMap<>();
        n.events.forEach((k, e) -> out.put(k, e.postDone()));
        return out;
    }

    private void notifyAround(Action.Kind kind) {
        List<Integer> ops = new ArrayList<>();
        clone.views().forEach(v -> ops.addAll(planner.find(kind, v.id)));
        if (ops.isEmpty()) {
            return; // nothing of the clone does it: no notifications (Pacemaker leaves them optional)
        }
        String op = kind.operation();
        Events e = new Events(planner.addNotifyEvent(clone.id, "pre", op),
                planner.addNotifyEvent(clone.id, "confirmed-pre", op),
                planner.addNotifyEvent(clone.id, "post", completed(kind)),
                planner.addNotifyEvent(clone.id, "confirmed-post", completed(kind)));
        events.put(kind, e);
        planner.edge(e.pre(), e.preDone());
        planner.edge(e.preDone(), e.post());
        planner.edge(e.post(), e.postDone());
        for (int a : ops) {
            planner.edge(e.preDone(), a);
            planner.edge(a, e.post());
        }
        Map<String, String> variables = variables();
        for (ResourceView v : clone.views()) {
            notifyInstance(v, kind, e, variables);
        }
    }

    /**
     * Pacemaker gives every instance's own start, stop, promote and demote the same lists as
     * the notifications (so an agent knows, while it starts, who else starts or runs).
     */
    private void listsOnInstanceActions() {
        if (events.isEmpty()) {
            return;
        }
        Map<String, String> variables = variables();
        for (Action.Kind k : KINDS) {
            clone.views().forEach(v -> planner.find(k, v.id).forEach(a -> planner.attachNotifyVariables(a, variables)));
        }
    }

    private void notifyInstance(ResourceView v, Action.Kind kind, Events e, Map<String, String> variables) {
        String op = kind.operation();
        if (kind == Action.Kind.STOP || kind == Action.Kind.DEMOTE) {
            boolean stops = !planner.find(Action.Kind.STOP, v.id).isEmpty();
            for (String node : v.activeOn) {
                if (!reachable(node)) {
                    continue; // a node being fenced (its stop is implied) or gone is told nothing
                }
                send(v, node, Notification.PRE, op, variables, e.pre(), e.preDone());
                if (kind == Action.Kind.DEMOTE || !stops) {
                    send(v, node, Notification.POST, op, variables, e.post(), e.postDone());
                }
            }
        } else if (v.destination() != null && v.managed && !v.blocked() && reachable(v.destination())) {
            if (kind != Action.Kind.START || planner.find(Action.Kind.START, v.id).isEmpty()) {
                send(v, v.destination(), Notification.PRE, op, variables, e.pre(), e.preDone());
            }
            send(v, v.destination(), Notification.POST, op, variables, e.post(), e.postDone());
        }
    }

    private void send(ResourceView v, String node, String type, String op, Map<String, String> variables,
            int before, int after) {
        int id = planner.addNotify(v, keyName(v), node, Notification.of(type, op, variables));
        planner.edge(before, id);
        planner.edge(id, after);
        if (Notification.POST.equals(type)) {
            // Pacemaker orders an instance's recurring monitors after its post-notifications.
            planner.find(Action.Kind.MONITOR, v.id).forEach(m -> planner.edge(after, m));
        }
    }

    /**
     * The name Pacemaker keys an instance's actions by (its history id): for an anonymous
     * instance, the name the status records it under ({@code rsc} as today's nodes record it,
     * or {@code rsc:N} from older versions, whatever number the instance has now); otherwise,
     * and for an instance with no record yet, the instance ({@code rsc:2}).
     */
    private String keyName(ResourceView v) {
        String recorded = v.instance.recordedAs;
        if (clone.unique || recorded == null) {
            return v.id;
        }
        int colon = recorded.lastIndexOf(':');
        return colon < 0 ? v.configId() : v.configId() + recorded.substring(colon);
    }

    /**
     * Notified are the nodes up now (Pacemaker tests the node's current state): a guest or remote
     * node whose connection runs now is still told, before its connection stops.
     */
    private boolean reachable(String node) {
        NodeView n = ws.nodes.get(node);
        if (n == null || ws.fencing.fences(node)) {
            return false;
        }
        if (n.online) {
            return true;
        }
        ResourceView connection = ws.remotes.connection(node).map(ws.resources::get).orElse(null);
        dev.vigil.model.NodeStatus s = ws.status.nodes().get(node);
        return connection != null && !connection.activeOn.isEmpty() && !connection.failed() && s != null
                && s.online() && !s.unclean();
    }

    /** The name of an operation once done, as Pacemaker names the clone's completion pseudo action. */
    private static String completed(Action.Kind kind) {
        switch (kind) {
            case START:
                return "running";
            case STOP:
                return "stopped";
            case PROMOTE:
                return "promoted";
            default:
                return "demoted";
        }
    }

    /** Pacemaker's clone.c: how the notifications of one operation wait for another's. */
    private void orderAcrossOperations() {
        after(Action.Kind.STOP, Action.Kind.START);
        if (clone.promotable()) {
            after(Action.Kind.STOP, Action.Kind.PROMOTE);
            after(Action.Kind.START, Action.Kind.PROMOTE);
            after(Action.Kind.DEMOTE, Action.Kind.PROMOTE);
            after(Action.Kind.DEMOTE, Action.Kind.START);
            after(Action.Kind.DEMOTE, Action.Kind.STOP);
        }
    }

    private void after(Action.Kind first, Action.Kind then) {
        Events f = events.get(first), t = events.get(then);
        if (f != null && t != null) {
            planner.edge(f.postDone(), t.pre());
        }
    }

    /**
     * The variables every notification of one operation carries: the instances that stop,
     * start, demote, promote in this transition and where; those active now (promoted,
     * unpromoted) and inactive; the nodes the clone may run on and all nodes. Lists are sorted
     * by instance, as Pacemaker sorts them; an empty one is a single space.
     */
    private Map<String, String> variables() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Action.Kind k : KINDS) {
            List<String[]> entries = new ArrayList<>();
            for (ResourceView v : clone.views()) {
                for (int id : planner.find(k, v.id)) {
                    entries.add(new String[] {v.id, planner.action(id).node()});
                }
            }
            put(out, k.operation(), entries);
        }
        List<String[]> active = new ArrayList<>(), promoted = new ArrayList<>(), unpromoted = new ArrayList<>();
        List<String[]> inactive = new ArrayList<>();
        for (ResourceView v : clone.views()) {
            String node = v.current();
            if (node == null) {
                inactive.add(new String[] {v.id, ""});
                continue;
            }
            String[] entry = {v.id, node};
            active.add(entry);
            if (clone.promotable()) {
                (v.state(node).role() == ResourceRole.PROMOTED ? promoted : unpromoted).add(entry);
            }
        }
        put(out, "active", active);
        put(out, "promoted", promoted);
        put(out, "master", promoted);
        put(out, "unpromoted", unpromoted);
        put(out, "slave", unpromoted);
        out.put("notify_inactive_resource", join(inactive, 0));
        TreeSet<String> available = new TreeSet<>();
        clone.scores.forEach((node, score) -> {
            if (!score.equals(Score.NEGATIVE_INFINITY)) {
                available.add(node);
            }
        });
        if (available.isEmpty()) {
            available.addAll(ws.nodes.keySet());
        }
        out.put("notify_available_uname", String.join(" ", available));
        out.put("notify_all_uname", String.join(" ", new TreeSet<>(ws.nodes.keySet())));
        return out;
    }

    private static void put(Map<String, String> out, String what, List<String[]> entries) {
        entries.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String[]> distinct = new ArrayList<>();
        for (String[] e : entries) {
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1)[0].equals(e[0])) {
                distinct.add(e); // one entry per instance, as Pacemaker lists them
            }
        }
        out.put("notify_" + what + "_resource", join(distinct, 0));
        out.put("notify_" + what + "_uname", join(distinct, 1));
    }

    private static String join(List<String[]> entries, int field) {
        List<String> words = new ArrayList<>();
        entries.forEach(e -> words.add(e[field]));
        return words.isEmpty() ? " " : String.join(" ", words);
    }
}
