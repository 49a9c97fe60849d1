package dev.vigil.policy;

import java.util.List;

/**
 * What every kind of resource does in a decision, as Pacemaker's resource variants do: a
 * primitive ({@link PrimitiveVariant}), a group ({@link GroupVariant}), a clone of either,
 * promotable or not ({@link CloneView}). The engine's stages run over every variant; each
 * variant knows its own parts (members, instances) and how they relate.
 */
interface Variant {
    String id();

    /** Its {@code priority} meta attribute: higher is assigned first. */
    int priority();

    /** Chooses nodes for itself: for its primitive, its members or its instances. */
    void assign(Assigner assigner);

    /**
     * Where it will run once assigned (where a promoted instance will run, when
     * {@code promoted}): what a resource colocated with it must follow.
     */
    List<String> nodes(boolean promoted);

    /** The actions of its primitives (probes, stops, starts, promotions, monitors). */
    void createActions(ActionPlanner planner);

    /** The orderings among its own actions (a group's members, a clone's instances). */
    void orderInternally(ActionPlanner planner);

    /** Its lines of the transition summary. */
    void summarize(ActionPlanner planner);
}
