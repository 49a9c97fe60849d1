package dev.vigil.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.LocationConstraint;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;
import dev.vigil.model.Score;

/**
 * Decides where every resource runs and what must be done to get there. A pure function:
 * the same configuration, status and time give the same transition.
 *
 * <p>This first engine knows location scores, stickiness, standby, failure thresholds,
 * target-role and the no-quorum policy. Placement: a resource goes to the eligible node
 * with the highest score; a node is eligible when it is online, not in standby, has not
 * reached the resource's migration-threshold and its score is not negative. Ties go to the
 * node where the resource runs now, then to the node with the fewest resources placed so
 * far, then to the node whose name sorts first.
 */
public final class PolicyEngine {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    public Transition compute(ClusterConfig config, ClusterStatus status, Instant now) {
        Map<String, String> placement = assign(config, status);
        return new ActionPlanner(config, status).plan(placement);
    }

    // ---- assign ---------------------------------------------------------------------------

    private Map<String, String> assign(ClusterConfig config, ClusterStatus status) {
        Map<String, String> placement = new LinkedHashMap<>();
        Map<String, Integer> load = new HashMap<>();
        String noQuorumPolicy = config.property("no-quorum-policy", "stop");
        for (Resource r : config.resources()) {
            String current = activeNode(r.id(), status);
            String chosen;
            if (!status.quorate() && noQuorumPolicy.equals("freeze")) {
                chosen = current;
            } else if (!status.quorate() && !noQuorumPolicy.equals("ignore")) {
                chosen = null;
            } else if (isBlocked(r.id(), status) || "false".equals(config.meta(r, "is-managed", "true"))) {
                chosen = current; // nothing may be done to it
            } else if ("Stopped".equalsIgnoreCase(config.meta(r, Resource.TARGET_ROLE, "Started"))) {
                chosen = null;
            } else {
                chosen = best(scores(config, status, r), current, load);
            }
            placement.put(r.id(), chosen);
            if (chosen != null) {
                load.merge(chosen, 1, Integer::sum);
            }
        }
        return placement;
    }

    /** Every node's score for the resource; -INFINITY marks a node it may not run on. */
    static Map<String, Score> scores(ClusterConfig config, ClusterStatus status, Resource r) {
        Score stickiness = Score.parse(config.meta(r, Resource.STICKINESS, "0"));
        int threshold = Integer.parseInt(config.meta(r, Resource.MIGRATION_THRESHOLD, "1000000"));
        boolean optIn = "false".equals(config.property("symmetric-cluster", "true"));
        Map<String, Score> scores = new TreeMap<>();
        for (NodeStatus n : status.nodes().values()) {
            Score s = optIn ? Score.NEGATIVE_INFINITY : Score.ZERO;
            for (LocationConstraint l : config.locations()) {
                if (l.resource().equals(r.id()) && l.node().equals(n.name())) {
                    s = optIn && s.isNegativeInfinity() ? l.score() : s.plus(l.score());
                }
            }
            ResourceState state = n.resource(r.id());
            if (state.isActive()) {
                s = s.plus(stickiness);
            }
            if (!n.online() || config.isStandby(n.name()) || state.role() == ResourceRole.AGENT_MISSING
                    || (threshold > 0 && state.failCount() >= threshold)) {
                s = Score.NEGATIVE_INFINITY;
            }
            scores.put(n.name(), s);
        }
        return scores;
    }

    private static String best(Map<String, Score> scores, String current, Map<String, Integer> load) {
        String best = null;
        for (Map.Entry<String, Score> e : scores.entrySet()) {
            if (e.getValue().value() < 0) {
                continue;
            }
            if (best == null || better(e.getKey(), best, scores, current, load)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static boolean better(String a, String b, Map<String, Score> scores, String current,
            Map<String, Integer> load) {
        int c = scores.get(a).compareTo(scores.get(b));
        if (c != 0) {
            return c > 0;
        }
        if (a.equals(current) != b.equals(current)) {
            return a.equals(current);
        }
        int la = load.getOrDefault(a, 0), lb = load.getOrDefault(b, 0);
        if (la != lb) {
            return la < lb;
        }
        return a.compareTo(b) < 0;
    }

    /** The online node the resource is active on (the first by name if several), or null. */
    static String activeNode(String resource, ClusterStatus status) {
        for (NodeStatus n : status.nodes().values()) {
            if (n.online() && n.resource(resource).isActive()) {
                return n.name();
            }
        }
        return null;
    }

    private static boolean isBlocked(String resource, ClusterStatus status) {
        return status.nodes().values().stream()
                .anyMatch(n -> n.online() && n.resource(resource).role() == ResourceRole.BLOCKED);
    }

    // ---- create actions and order them -----------------------------------------------------

    /** Turns a placement into actions: probes and stops before the start, the monitor after it. */
    private static final class ActionPlanner {
        private final ClusterConfig config;
        private final ClusterStatus status;
        private final List<Action> actions = new ArrayList<>();
        private final Map<Integer, List<Integer>> deps = new TreeMap<>();
        private final List<String> summary = new ArrayList<>();

        ActionPlanner(ClusterConfig config, ClusterStatus status) {
            this.config = config;
            this.status = status;
        }

        Transition plan(Map<String, String> placement) {
            for (Resource r : config.resources()) {
                planResource(r, placement.get(r.id()));
            }
            return Transition.of(actions, deps, placement, summary);
        }

        private void planResource(Resource r, String target) {
            List<Integer> before = new ArrayList<>();
            List<String> activeOn = new ArrayList<>();
            for (NodeStatus n : status.nodes().values()) {
                if (!n.online()) {
                    continue;
                }
                ResourceState s = n.resource(r.id());
                if (s.role() == ResourceRole.UNKNOWN) {
                    before.add(add(Action.Kind.PROBE, r, n.name(), Duration.ZERO, List.of()));
                } else if (s.isActive()) {
                    activeOn.add(n.name());
                }
            }
            if (activeOn.stream().anyMatch(n -> status.nodes().get(n).resource(r.id()).role() == ResourceRole.BLOCKED)
                    || "false".equals(config.meta(r, "is-managed", "true"))) {
                return; // unmanaged or blocked: probes only
            }
            boolean recover = false;
            for (String node : activeOn) {
                boolean failed = status.nodes().get(node).resource(r.id()).role() == ResourceRole.FAILED;
                if (!node.equals(target) || failed) {
                    before.add(add(Action.Kind.STOP, r, node, Duration.ZERO, List.of()));
                    recover |= node.equals(target);
                }
            }
            describe(r.id(), activeOn, target, recover);
            if (target == null) {
                return;
            }
            ResourceState there = status.nodes().get(target).resource(r.id());
            boolean running = activeOn.contains(target) && !recover;
            if (!running) {
                int start = add(Action.Kind.START, r, target, Duration.ZERO, before);
                addMonitor(r, target, List.of(start));
            } else if (!there.monitorInterval().equals(monitorInterval(r))) {
                addMonitor(r, target, List.of());
            }
        }

        private void addMonitor(Resource r, String node, List<Integer> after) {
            Duration interval = monitorInterval(r);
            if (!interval.isZero()) {
                add(Action.Kind.MONITOR, r, node, interval, after);
            }
        }

        private static Duration monitorInterval(Resource r) {
            return r.recurringMonitor().map(o -> o.interval()).orElse(Duration.ZERO);
        }

        private int add(Action.Kind kind, Resource r, String node, Duration interval, List<Integer> after) {
            int id = actions.size();
            Duration timeout = r.operations().stream()
                    .filter(o -> o.name().equals(kind.operation()) && o.interval().equals(interval))
                    .map(o -> o.timeout()).findFirst()
                    .orElse(r.timeoutOf(kind.operation(), DEFAULT_TIMEOUT));
            actions.add(Action.of(id, kind, r.id(), node, interval, timeout));
            if (!after.isEmpty()) {
                deps.put(id, List.copyOf(after));
            }
            return id;
        }

        private void describe(String rsc, List<String> activeOn, String target, boolean recover) {
            String from = activeOn.isEmpty() ? null : activeOn.get(0);
            if (recover) {
                summary.add("Recover " + rsc + " ( " + target + " )");
            } else if (from == null && target != null) {
                summary.add("Start " + rsc + " ( " + target + " )");
            } else if (from != null && target == null) {
                activeOn.forEach(n -> summary.add("Stop " + rsc + " ( " + n + " )"));
            } else if (from != null && !activeOn.contains(target)) {
                summary.add("Move " + rsc + " ( " + from + " -> " + target + " )");
            } else if (activeOn.size() > 1) {
                activeOn.stream().filter(n -> !n.equals(target))
                        .forEach(n -> summary.add("Stop " + rsc + " ( " + n + " )"));
            }
        }
    }
}
