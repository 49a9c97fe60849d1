package dev.vigil.policy;

import java.util.function.Supplier;

/**
 * The node the assignment stage gives a primitive or a clone instance (null: none). Only that
 * stage writes it, as often as it revises its choice; once the working set seals the assignments
 * ({@link WorkingSet#sealAssignments}) a write throws: later stages mark actions instead.
 */
final class AssignedNode {
    private String node;
    private boolean sealed;

    /** @param what names what is assigned, for the error ("app", "clone instance db:0") */
    void set(String to, Supplier<String> what) {
        if (sealed) {
            throw new IllegalStateException("The assignment of " + what.get() + " is sealed (to " + node
                    + "): only the assignment stage places it; a later stage marks its actions instead");
        }
        node = to;
    }

    String node() {
        return node;
    }

    void seal() {
        sealed = true;
    }

    boolean sealed() {
        return sealed;
    }
}
