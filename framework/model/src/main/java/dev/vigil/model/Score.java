package dev.vigil.model;

/**
 * A placement score with Pacemaker's saturating arithmetic: values are clamped to
 * [-INFINITY, +INFINITY] (1,000,000), and -INFINITY plus anything, +INFINITY included, stays
 * -INFINITY ("can never run here" beats "must run here").
 */
public final class Score implements Comparable<Score> {
    public static final int INFINITY = 1_000_000;
    public static final Score ZERO = new Score(0);
    public static final Score POSITIVE_INFINITY = new Score(INFINITY);
    public static final Score NEGATIVE_INFINITY = new Score(-INFINITY);

    private final int value;

    private Score(int value) {
        this.value = value;
    }

    public static Score of(long value) {
        if (value >= INFINITY) {
            return POSITIVE_INFINITY;
        }
        if (value <= -INFINITY) {
            return NEGATIVE_INFINITY;
        }
        return value == 0 ? ZERO : new Score((int) value);
    }

    /** Parses {@code 100}, {@code -50}, {@code INFINITY}, {@code +INFINITY}, {@code -inf}. */
    public static Score parse(String text) {
        String t = text.trim();
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "infinity": case "+infinity": case "inf": case "+inf":
                return POSITIVE_INFINITY;
            case "-infinity": case "-inf":
                return NEGATIVE_INFINITY;
            default:
                try {
                    return of(Long.parseLong(t.startsWith("+") ? t.substring(1) : t));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a score: '" + text + "'");
                }
        }
    }

    public Score plus(Score other) {
        if (this.value == -INFINITY || other.value == -INFINITY) {
            return NEGATIVE_INFINITY;
        }
        return of((long) value + other.value);
    }

    public int value() {
        return value;
    }

    public boolean isNegativeInfinity() {
        return value == -INFINITY;
    }

    public boolean isPositiveInfinity() {
        return value == INFINITY;
    }

    @Override
    public int compareTo(Score o) {
        return Integer.compare(value, o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Score && ((Score) o).value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    @Override
    public String toString() {
        if (value == INFINITY) {
            return "INFINITY";
        }
        if (value == -INFINITY) {
            return "-INFINITY";
        }
        return Integer.toString(value);
    }
}
