package dev.vigil.policy;

import java.util.List;

import dev.vigil.model.Colocation;

/** A primitive outside any group or clone. */
final class PrimitiveVariant implements Variant {
    private final ResourceView view;

    PrimitiveVariant(ResourceView view) {
        this.view = view;
    }

    @Override
    public String id() {
        return view.id;
    }

    @Override
    public int priority() {
        return view.priority;
    }

    @Override
    public void assign(Assigner assigner) {
        assigner.assign(view);
    }

    /**
     * Its assigned node, even where its start cannot run for lack of quorum: Pacemaker colocates
     * with the primary's assignment, and what follows it is assigned there too (and blocked).
     */
    @Override
    public List<String> nodes(boolean promoted) {
        return promoted || view.assignedNode() == null ? List.of() : List.of(view.assignedNode());
    }

    @Override
    public void colocateWith(Colocation c, Variant primary, Assigner assigner) {
        primary.acceptDependent(c, view, List.of(), assigner);
    }

    @Override
    public void acceptDependent(Colocation c, ResourceView dependent, List<ResourceView> alsoBound,
            Assigner assigner) {
        assigner.colocateWithPrimitive(c, dependent, alsoBound, view);
    }

    @Override
    public void createActions(ActionPlanner planner) {
        planner.createActions(view);
    }

    @Override
    public void orderInternally(ActionPlanner planner) {
        planner.orderPrimitive(view);
    }

    @Override
    public void summarize(ActionPlanner planner) {
        planner.summarize(view);
    }
}
