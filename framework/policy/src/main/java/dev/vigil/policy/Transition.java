package dev.vigil.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    private final List<String> summary;

    private Transition(List<Action> actions, Map<Integer, List<Integer>> dependencies, Map<String, String> placement,
            List<String> summary) {
        this.actions = List.copyOf(actions);
        Map<Integer, List<Integer>> deps = new TreeMap<>();
        dependencies.forEach((k, v) -> deps.put(k, List.copyOf(v)));
        this.dependencies = Collections.unmodifiableMap(deps);
        this.placement = Collections.unmodifiableMap(new TreeMap<>(placement));
        this.summary = List.copyOf(summary);
    }

    public static Transition of(List<Action> actions, Map<Integer, List<Integer>> dependencies,
            Map<String, String> placement, List<String> summary) {
        return new Transition(actions, dependencies, placement, summary);
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
        return summary;
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>(summary);
        for (Action a : actions) {
            List<Integer> deps = dependenciesOf(a.id());
            lines.add("  [" + a.id() + "] " + a + (deps.isEmpty() ? "" : " after "
                    + deps.stream().map(String::valueOf).collect(Collectors.joining(","))));
        }
        return String.join("\n", lines);
    }
}
