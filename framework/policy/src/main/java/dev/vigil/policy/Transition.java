package dev.vigil.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The engine's output: actions, the orderings between them (a DAG: an action runs only after
 * every action it depends on succeeded), where each resource is to run, and a summary line per
 * changed resource.
 */
public final class Transition {
    private final List<Action> actions;
    private final Map<Integer, List<Integer>> dependencies;
    private final Map<String, String> placement;
    private final List<Change> changes;
    private final List<ResourcePlacement> revised;
    private final List<ResourcePlacement> current;
    private Map<String, Map<String, dev.vigil.model.Score>> scores = Map.of();
    private Function<String, List<String>> explainer = rsc -> List.of();

    private Transition(List<Action> actions, Map<Integer, List<Integer>> dependencies, Map<String, String> placement,
            List<Change> changes, List<ResourcePlacement> revised, List<ResourcePlacement> current) {
        this.actions = List.copyOf(actions);
        Map<Integer, List<Integer>> deps = new TreeMap<>();
        dependencies.forEach((k, v) -> deps.put(k, List.copyOf(v)));
        this.dependencies = Collections.unmodifiableMap(deps);
        this.placement = Collections.unmodifiableMap(new TreeMap<>(placement));
        this.changes = List.copyOf(changes);
        this.revised = List.copyOf(revised);
        this.current = List.copyOf(current);
    }

    public static Transition of(List<Action> actions, Map<Integer, List<Integer>> dependencies,
            Map<String, String> placement, List<Change> changes, List<ResourcePlacement> revised,
            List<ResourcePlacement> current) {
        return new Transition(actions, dependencies, placement, changes, revised, current);
    }

    /** What changes for each resource, one entry per summary line. */
    public List<Change> changes() {
        return changes;
    }

    /** Where resources are active once every action has succeeded. */
    public List<ResourcePlacement> revised() {
        return revised;
    }

    /** Where resources were active before, as the engine understood the status. */
    public List<ResourcePlacement> current() {
        return current;
    }

    public List<Action> actions() {
        return actions;
    }

    /** The ids of the actions that must succeed before {@code actionId} may run. */
    public List<Integer> dependenciesOf(int actionId) {
        return dependencies.getOrDefault(actionId, List.of());
    }

    /** Resource id to the node it is to run on; resources that are to be stopped map to nothing. */
    public Map<String, String> placement() {
        return placement;
    }

    /** crm_simulate-style lines: {@code Move web ( n1 -> n2 )}. */
    public List<String> summary() {
        return changes.stream().map(Change::toString).collect(Collectors.toList());
    }

    /**
     * Every pair of start/stop/fence actions one of which must finish before the other begins,
     * directly or through other actions (pseudo ones included), as {@code rsc:start@node <
     * rsc2:start@node} or {@code fence@node < ...}, sorted.
     */
    public List<String> precedence() {
        TreeSet<String> pairs = new TreeSet<>();
        Map<Integer, Set<Integer>> before = new HashMap<>();
        for (Action a : actions) {
            collectBefore(a.id(), before);
        }
        for (Action b : actions) {
            if (!isStartOrStop(b)) {
                continue;
            }
            for (int id : before.get(b.id())) {
                Action a = actions.get(id);
                if (isStartOrStop(a)) {
                    pairs.add(label(a) + " < " + label(b));
                }
            }
        }
        return new ArrayList<>(pairs);
    }

    private Set<Integer> collectBefore(int id, Map<Integer, Set<Integer>> memo) {
        Set<Integer> done = memo.get(id);
        if (done != null) {
            return done;
        }
        Set<Integer> all = new HashSet<>();
        memo.put(id, all); // a cycle (which the engine never makes) ends here
        for (int d : dependenciesOf(id)) {
            all.add(d);
            all.addAll(collectBefore(d, memo));
        }
        return all;
    }

    private static boolean isStartOrStop(Action a) {
        return a.kind() != Action.Kind.PROBE && a.kind() != Action.Kind.MONITOR && a.kind() != Action.Kind.NOTIFY
                && a.kind() != Action.Kind.CANCEL && !a.pseudo();
    }

    private static String label(Action a) {
        if (a.kind() == Action.Kind.FENCE) {
            return "fence@" + a.node();
        }
        return a.resource() + ":" + a.kind().operation() + "@" + a.node();
    }

    /** The same transition carrying the final allocation scores and the explainer of each decision. */
    Transition withExplanation(Map<String, Map<String, dev.vigil.model.Score>> allocationScores,
            Function<String, List<String>> explain) {
        Transition t = new Transition(actions, dependencies, placement, changes, revised, current);
        t.scores = Collections.unmodifiableMap(new LinkedHashMap<>(allocationScores));
        t.explainer = explain;
        return t;
    }

    /** Each primitive's final score on each node, as crm_simulate --show-scores lists them. */
    public Map<String, Map<String, dev.vigil.model.Score>> allocationScores() {
        return scores;
    }

    /** In plain words, every contribution to the resource's score on every node, and the choice. */
    public List<String> explain(String resource) {
        return explainer.apply(resource);
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>(summary());
        for (Action a : actions) {
            List<Integer> deps = dependenciesOf(a.id());
            lines.add("  [" + a.id() + "] " + a + (deps.isEmpty() ? "" : " after "
                    + deps.stream().map(String::valueOf).collect(Collectors.joining(","))));
        }
        return String.join("\n", lines);
    }
}
