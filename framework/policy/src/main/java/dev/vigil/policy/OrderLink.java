package dev.vigil.policy;

/**
 * One order between two primitives' actions, as {@link ActionPlanner} builds them from order
 * constraints, groups and containers: what {@link OrderPropagation} propagates and the planner
 * orders the actions by.
 */
final class OrderLink {
    final ResourceView first;
    final String firstAction;
    final ResourceView then;
    final String thenAction;
    final boolean mandatory;
    final boolean symmetrical;
    /**
     * One side is a clone: it orders the actions, and only whether THEN can start
     * propagates ({@link OrderPropagation}), not restarts.
     */
    boolean clone;
    /**
     * Interleaved clones: an instance of THEN needs FIRST's instance on its own node to be
     * runnable (the actions are still ordered clone-wide, as Pacemaker's graphs show).
     */
    boolean sameNode;
    /** The order it comes from, or null for a group's internal order. */
    String order;
    /**
     * From a resource set with {@code require-all=false}: THEN may start once any of the
     * resources so ordered before it can (Pacemaker's "one-or-more" pseudo-action).
     */
    boolean anyOf;
    /**
     * From an order naming a group: Pacemaker orders the group's pseudo actions, so a
     * member's migration is not held back by what stops without migrating on the other side.
     */
    boolean viaGroup;

    OrderLink(ResourceView first, String firstAction, ResourceView then, String thenAction, boolean mandatory,
            boolean symmetrical) {
        this.first = first;
        this.firstAction = firstAction;
        this.then = then;
        this.thenAction = thenAction;
        this.mandatory = mandatory;
        this.symmetrical = symmetrical;
    }
}
