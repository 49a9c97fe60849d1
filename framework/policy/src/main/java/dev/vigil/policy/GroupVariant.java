package dev.vigil.policy;

import java.util.List;

import dev.vigil.model.Colocation;

/**
 * A group: members on one node, each colocated with the one before it (the assigner's
 * colocation chain) and started in order, stopped in reverse. The same ordering holds within
 * each instance of a cloned group ({@link #orderMembers}).
 */
final class GroupVariant implements Variant {
    private final String id;
    private final List<ResourceView> members;

    GroupVariant(String id, List<ResourceView> members) {
        this.id = id;
        this.members = List.copyOf(members);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int priority() {
        return members.get(0).priority;
    }

    @Override
    public void assign(Assigner assigner) {
        members.forEach(assigner::assign);
    }

    /** Its first member's assigned node (even where its start lacks quorum, as for a primitive). */
    @Override
    public List<String> nodes(boolean promoted) {
        String where = members.get(0).assignedNode();
        return promoted || where == null ? List.of() : List.of(where);
    }

    /** The group follows its primary through its first member; its members follow that one. */
    @Override
    public void colocateWith(Colocation c, Variant primary, Assigner assigner) {
        primary.acceptDependent(c, members.get(0), assigner.membersPastUnmanaged(c), assigner);
    }

    /** Its dependents follow its first member (the others follow that one). */
    @Override
    public void acceptDependent(Colocation c, ResourceView dependent, List<ResourceView> alsoBound,
            Assigner assigner) {
        assigner.colocateWithPrimitive(c, dependent, alsoBound, members.get(0));
    }

    @Override
    public void createActions(ActionPlanner planner) {
        members.forEach(planner::createActions);
    }

    @Override
    public void orderInternally(ActionPlanner planner) {
        members.forEach(planner::orderPrimitive);
        orderMembers(planner, members);
    }

    /**
     * Members start (and, in a promotable clone, are promoted) in order, and are demoted in
     * reverse; the group stops completely (last member first) before any member starts again.
     */
    static void orderMembers(ActionPlanner planner, List<ResourceView> m) {
        for (int i = 0; i < m.size(); i++) {
            for (int j = 0; j < m.size(); j++) {
                for (int stop : planner.find(Action.Kind.STOP, m.get(j).id)) {
                    for (int start : planner.find(Action.Kind.START, m.get(i).id)) {
                        planner.edge(stop, start);
                    }
                    if (j > i) {
                        planner.find(Action.Kind.STOP, m.get(i).id).forEach(s -> planner.edge(stop, s));
                    }
                }
                if (j > i) {
                    for (int start : planner.find(Action.Kind.START, m.get(i).id)) {
                        planner.find(Action.Kind.START, m.get(j).id).forEach(s -> planner.edge(start, s));
                    }
                    // In a promotable clone's group: promoted in order, demoted in reverse.
                    for (int promote : planner.find(Action.Kind.PROMOTE, m.get(i).id)) {
                        planner.find(Action.Kind.PROMOTE, m.get(j).id).forEach(p -> planner.edge(promote, p));
                    }
                    for (int demote : planner.find(Action.Kind.DEMOTE, m.get(j).id)) {
                        planner.find(Action.Kind.DEMOTE, m.get(i).id).forEach(d -> planner.edge(demote, d));
                    }
                }
            }
        }
    }

    @Override
    public void summarize(ActionPlanner planner) {
        members.forEach(planner::summarize);
    }
}
