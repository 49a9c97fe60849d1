package dev.vigil.policy;

import java.util.List;

import dev.vigil.model.Colocation;

/**
 * What every kind of resource does in a decision, as Pacemaker's resource variants do: a
 * primitive ({@link PrimitiveVariant}), a group ({@link GroupVariant}), a clone of either,
 * promotable or not ({@link CloneView}). The engine's stages run over every variant; each
 * variant knows its own parts (members, instances) and how they relate, and how it takes a
 * colocation as dependent and as primary.
 */
interface Variant {
    String id();

    /** Its {@code priority} meta attribute: higher is assigned first. */
    int priority();

    /** Chooses nodes for itself: for its primitive, its members or its instances. */
    void assign(Assigner assigner);

    /**
     * Where it will run once assigned (where a promoted instance will run, when
     * {@code promoted}): what a resource colocated with it must follow. A primitive or a group
     * counts its assigned node even where its start lacks quorum (Pacemaker colocates with the
     * assignment); a clone counts the nodes that will run an instance.
     */
    List<String> nodes(boolean promoted);

    /**
     * Takes a colocation in which it is the dependent: its assignment will follow the primary's
     * (Pacemaker's apply_coloc_score for the dependent). A primitive or a group leaves it to the
     * primary to say what it offers ({@link #acceptDependent}); a clone places its instances.
     */
    void colocateWith(Colocation c, Variant primary, Assigner assigner);

    /**
     * Takes a colocation of a primitive (or group) dependent on it: {@code dependent} stands for
     * it (a group's first member), {@code alsoBound} are the group's members that its chain of
     * colocations does not reach (those after an unmanaged member). It offers its node, or its
     * instances' nodes (in the role the colocation names).
     */
    void acceptDependent(Colocation c, ResourceView dependent, List<ResourceView> alsoBound, Assigner assigner);

    /** The actions of its primitives (probes, stops, starts, promotions, monitors). */
    void createActions(ActionPlanner planner);

    /** The orderings among its own actions (a group's members, a clone's instances). */
    void orderInternally(ActionPlanner planner);

    /** Its lines of the transition summary. */
    void summarize(ActionPlanner planner);
}
