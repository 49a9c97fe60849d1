package dev.vigil.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a transition, whatever runs the actions: the live controller sends them to nodes, a
 * simulator edits a copy of the status. Hands out the actions whose dependencies all succeeded;
 * after a failure it hands out nothing more and waits for what is in flight, so the engine
 * can decide again from the new state. Pseudo actions (a stop implied by a fence) are never
 * handed out: they complete as soon as their dependencies have. Not thread-safe.
 */
public final class GraphRunner {
    private final Transition transition;
    private final Set<Integer> dispatched = new HashSet<>();
    private final Set<Integer> succeeded = new HashSet<>();
    private final Set<Integer> failed = new HashSet<>();
    private boolean aborted;

    public GraphRunner(Transition transition) {
        this.transition = transition;
    }

    /** The actions that may run now; each is handed out once. */
    public List<Action> ready() {
        List<Action> out = new ArrayList<>();
        if (aborted) {
            return out;
        }
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Action a : transition.actions()) {
                if (!dispatched.contains(a.id()) && succeeded.containsAll(transition.dependenciesOf(a.id()))) {
                    dispatched.add(a.id());
                    if (a.pseudo()) {
                        succeeded.add(a.id()); // implied by another action: nothing to run
                        progress = true;
                    } else {
                        out.add(a);
                    }
                }
            }
        }
        return out;
    }

    public void completed(int actionId, boolean success) {
        if (!dispatched.contains(actionId)) {
            throw new IllegalArgumentException("action " + actionId + " was not dispatched");
        }
        if (success) {
            succeeded.add(actionId);
        } else {
            failed.add(actionId);
            aborted = true;
        }
    }

    /** Stops handing out actions (e.g. the view changed); in-flight actions still complete. */
    public void abort() {
        aborted = true;
    }

    public boolean isAborted() {
        return aborted;
    }

    /** Actions handed out and not yet completed. */
    public int inFlight() {
        return dispatched.size() - succeeded.size() - failed.size();
    }

    /** Nothing in flight and nothing more will be handed out. */
    public boolean isFinished() {
        if (inFlight() > 0) {
            return false;
        }
        return aborted || succeeded.size() == transition.actions().size();
    }
}
