package dev.vigil.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A time test of a rule, as Pacemaker's {@code <date_expression>}: {@code gt} (after start),
 * {@code lt} (before end), {@code in_range} (from start to end inclusive, end possibly given as
 * start plus a duration; either bound may be missing) or {@code date_spec} (each field given,
 * such as hours 9-17 or weekdays 1-5, holds). Fields of {@code date_spec} are read in UTC.
 */
public final class DateExpression {
    /** The fields a {@code date_spec} may constrain, each with an inclusive range. */
    public enum Field {
        YEARS, MONTHS, MONTHDAYS, HOURS, MINUTES, SECONDS, YEARDAYS, WEEKYEARS, WEEKS, WEEKDAYS, MOON;

        /** The attribute name in a {@code <date_spec>}. */
        public String attribute() {
            return name().toLowerCase(Locale.ROOT);
        }

        long of(OffsetDateTime t) {
            switch (this) {
                case YEARS: return t.getYear();
                case MONTHS: return t.getMonthValue();
                case MONTHDAYS: return t.getDayOfMonth();
                case HOURS: return t.getHour();
                case MINUTES: return t.getMinute();
                case SECONDS: return t.getSecond();
                case YEARDAYS: return t.getDayOfYear();
                case WEEKYEARS: return t.get(IsoFields.WEEK_BASED_YEAR);
                case WEEKS: return t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                case WEEKDAYS: return t.getDayOfWeek().getValue();
                default: return moonPhase(t);
            }
        }
    }

    /** An inclusive range of a {@code date_spec} field; a missing bound is null. */
    public static final class Range {
        private final Long low;
        private final Long high;

        private Range(Long low, Long high) {
            this.low = low;
            this.high = high;
        }

        public static Range of(Long low, Long high) {
            return new Range(low, high);
        }

        /** The lower bound, or null for none. */
        public Long low() {
            return low;
        }

        /** The upper bound, or null for none. */
        public Long high() {
            return high;
        }

        /** As a {@code date_spec} writes it: {@code N}, {@code N-M}, {@code N-} or {@code -M}. */
        public String text() {
            if (low != null && low.equals(high)) {
                return low.toString();
            }
            return (low == null ? "" : low.toString()) + "-" + (high == null ? "" : high.toString());
        }

        boolean contains(long v) {
            return (low == null || v >= low) && (high == null || v <= high);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Range && Objects.equals(low, ((Range) o).low) && Objects.equals(high, ((Range) o).high);
        }

        @Override
        public int hashCode() {
            return Objects.hash(low, high);
        }

        @Override
        public String toString() {
            return (low == null ? "" : low) + "-" + (high == null ? "" : high);
        }
    }

    private enum Kind { GT, LT, IN_RANGE, DATE_SPEC }

    private final Kind kind;
    private final Instant start;
    private final Instant end;
    private final Map<Field, Range> spec;

    private DateExpression(Kind kind, Instant start, Instant end, Map<Field, Range> spec) {
        this.kind = kind;
        this.start = start;
        this.end = end;
        this.spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
    }

    /** Holds strictly after {@code start}. */
    public static DateExpression after(Instant start) {
        return new DateExpression(Kind.GT, Objects.requireNonNull(start), null, Map.of());
    }

    /** Holds strictly before {@code end}. */
    public static DateExpression before(Instant end) {
        return new DateExpression(Kind.LT, null, Objects.requireNonNull(end), Map.of());
    }

    /** Holds from {@code start} to {@code end}, both included; one of them may be null (unbounded). */
    public static DateExpression inRange(Instant start, Instant end) {
        if (start == null && end == null) {
            throw new IllegalArgumentException("in_range needs a start or an end");
        }
        return new DateExpression(Kind.IN_RANGE, start, end, Map.of());
    }

    /** Holds when every given field of the time is within its range (no field: always). */
    public static DateExpression dateSpec(Map<Field, Range> spec) {
        return new DateExpression(Kind.DATE_SPEC, null, null, spec);
    }

    /** Pacemaker's operation: {@code gt}, {@code lt}, {@code in_range} or {@code date_spec}. */
    public String operation() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The start ({@code gt}, {@code in_range}), or null. */
    public Instant start() {
        return start;
    }

    /** The end ({@code lt}, {@code in_range}), or null. */
    public Instant end() {
        return end;
    }

    /** The fields of a {@code date_spec} with their ranges, in {@link Field} order; empty for the other operations. */
    public Map<Field, Range> spec() {
        return spec;
    }

    public boolean holdsAt(Instant now) {
        switch (kind) {
            case GT:
                return now.isAfter(start);
            case LT:
                return now.isBefore(end);
            case IN_RANGE:
                return (start == null || !now.isBefore(start)) && (end == null || !now.isAfter(end));
            default:
                OffsetDateTime t = now.atOffset(ZoneOffset.UTC);
                return spec.entrySet().stream().allMatch(e -> e.getValue().contains(e.getKey().of(t)));
        }
    }

    /** Pacemaker's (and BSD pom's) phase of the moon, 0 (new) to 7, from the year and day of year. */
    static int moonPhase(OffsetDateTime t) {
        int goldn = (t.getYear() % 19) + 1;
        int epact = (11 * goldn + 18) % 30;
        if ((epact == 25 && goldn > 11) || epact == 24) {
            epact++;
        }
        return ((((t.getDayOfYear() + epact) * 6) + 11) % 177) / 22 & 7;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DateExpression)) {
            return false;
        }
        DateExpression d = (DateExpression) o;
        return kind == d.kind && Objects.equals(start, d.start) && Objects.equals(end, d.end) && spec.equals(d.spec);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, start, end, spec);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + (start == null ? "" : " start=" + start)
                + (end == null ? "" : " end=" + end) + (spec.isEmpty() ? "" : " " + spec);
    }
}
