package dev.vigil.model;

import java.util.Locale;
import java.util.Objects;

/**
 * {@code order ID KIND: FIRST[:ACTION] THEN[:ACTION]}: THEN's action waits for FIRST's.
 * Mandatory orders also make THEN restart when FIRST does; optional ones only order actions
 * that happen in the same transition; symmetrical orders apply in reverse to stops.
 */
public final class Order {
    /** Pacemaker's order kinds. */
    public enum Kind {
        MANDATORY, OPTIONAL, SERIALIZE;

        public static Kind parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown order kind '" + s + "' (Mandatory, Optional, Serialize)");
            }
        }
    }

    private final String id;
    private final String first;
    private final String firstAction;
    private final String then;
    private final String thenAction;
    private final Kind kind;
    private final boolean symmetrical;
    private final boolean requireAll;

    private Order(String id, String first, String firstAction, String then, String thenAction, Kind kind,
            boolean symmetrical, boolean requireAll) {
        this.id = Objects.requireNonNull(id);
        this.first = Objects.requireNonNull(first);
        this.firstAction = Objects.requireNonNull(firstAction);
        this.then = Objects.requireNonNull(then);
        this.thenAction = Objects.requireNonNull(thenAction);
        this.kind = Objects.requireNonNull(kind);
        this.symmetrical = symmetrical;
        this.requireAll = requireAll;
    }

    public static Order of(String id, String first, String firstAction, String then, String thenAction, Kind kind,
            boolean symmetrical) {
        return new Order(id, first, firstAction, then, thenAction, kind, symmetrical, true);
    }

    /**
     * The same order with {@code require-all}: when false, THEN may start once any one
     * instance of a cloned FIRST runs (interleaved or not).
     */
    public Order withRequireAll(boolean all) {
        return new Order(id, first, firstAction, then, thenAction, kind, symmetrical, all);
    }

    public String id() {
        return id;
    }

    public String first() {
        return first;
    }

    public String firstAction() {
        return firstAction;
    }

    public String then() {
        return then;
    }

    public String thenAction() {
        return thenAction;
    }

    public Kind kind() {
        return kind;
    }

    public boolean symmetrical() {
        return symmetrical;
    }

    public boolean requireAll() {
        return requireAll;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Order)) {
            return false;
        }
        Order x = (Order) o;
        return id.equals(x.id) && first.equals(x.first) && firstAction.equals(x.firstAction) && then.equals(x.then)
                && thenAction.equals(x.thenAction) && kind == x.kind && symmetrical == x.symmetrical
                && requireAll == x.requireAll;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, first, firstAction, then, thenAction, kind, symmetrical);
    }
}
