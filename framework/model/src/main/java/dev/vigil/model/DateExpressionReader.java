package dev.vigil.model;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code <date_expression>} elements and the ISO 8601 date-times they carry, in the forms
 * Pacemaker accepts: a calendar ({@code 2019-09-20}), ordinal ({@code 2019-263}) or week date
 * ({@code 2019-W38-5}), optionally followed by a time ({@code T} or a space, {@code HH:MM[:SS]})
 * and an offset ({@code Z}, {@code +02:00}, {@code -0500}). A time without an offset is UTC.
 * Every error is an {@link IllegalArgumentException} naming the bad value.
 */
final class DateExpressionReader {
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})-(?:(\\d{2})-(\\d{2})|(\\d{3})|W(\\d{2})-(\\d))"
            + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final Pattern RANGE = Pattern.compile("(-?\\d+)?(?:(-)(\\d+)?)?");

    private DateExpressionReader() {
    }

    static DateExpression read(XmlElement e) {
        String op = e.attr("operation", "in_range").toLowerCase(Locale.ROOT);
        switch (op) {
            case "gt":
                return DateExpression.after(instant(required(e, "start")));
            case "lt":
                return DateExpression.before(instant(required(e, "end")));
            case "in_range":
                Instant start = e.attr("start") == null ? null : instant(e.attr("start"));
                Instant end = e.attr("end") == null ? null : instant(e.attr("end"));
                XmlElement duration = e.child("duration");
                if (end == null && duration != null) {
                    if (start == null) {
                        throw new IllegalArgumentException("in_range with a duration needs a start");
                    }
                    end = plus(start, duration);
                }
                return DateExpression.inRange(start, end);
            case "date_spec":
                XmlElement spec = e.child("date_spec");
                if (spec == null) {
                    throw new IllegalArgumentException("operation date_spec needs a <date_spec> element");
                }
                return DateExpression.dateSpec(spec(spec));
            default:
                throw new IllegalArgumentException("unknown date_expression operation '" + op
                        + "' (gt, lt, in_range, date_spec)");
        }
    }

    private static String required(XmlElement e, String name) {
        String v = e.attr(name);
        if (v == null) {
            throw new IllegalArgumentException("operation " + e.attr("operation") + " needs attribute " + name);
        }
        return v;
    }

    /** An ISO 8601 date and time as an instant. */
    static Instant instant(String text) {
        Matcher m = DATE_TIME.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an ISO 8601 date and time: '" + text
                    + "' (use e.g. 2019-09-20 15:10:52 +00:00)");
        }
        try {
            int year = Integer.parseInt(m.group(1));
            LocalDate date;
            if (m.group(2) != null) {
                date = LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            } else if (m.group(4) != null) {
                date = LocalDate.ofYearDay(year, Integer.parseInt(m.group(4)));
            } else {
                date = LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, Integer.parseInt(m.group(5)))
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .plusDays(Integer.parseInt(m.group(6)) - 1L);
            }
            LocalTime time = m.group(7) == null ? LocalTime.MIDNIGHT
                    : LocalTime.of(Integer.parseInt(m.group(7)), Integer.parseInt(m.group(8)),
                            m.group(9) == null ? 0 : Integer.parseInt(m.group(9)));
            ZoneOffset offset = m.group(10) == null || m.group(10).equals("Z") ? ZoneOffset.UTC
                    : ZoneOffset.of(normalOffset(m.group(10)));
            return OffsetDateTime.of(date, time, offset).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException("not a valid date and time: '" + text + "' (" + e.getMessage() + ")");
        }
    }

    private static String normalOffset(String o) {
        String digits = o.substring(1).replace(":", "");
        return o.charAt(0) + digits.substring(0, 2) + (digits.length() > 2 ? ":" + digits.substring(2) : "");
    }

    /** {@code <duration years months weeks days hours minutes seconds>} added to a start, by the calendar. */
    private static Instant plus(Instant start, XmlElement duration) {
        OffsetDateTime t = start.atOffset(ZoneOffset.UTC);
        t = t.plusYears(amount(duration, "years")).plusMonths(amount(duration, "months"))
                .plusWeeks(amount(duration, "weeks")).plusDays(amount(duration, "days"))
                .plusHours(amount(duration, "hours")).plusMinutes(amount(duration, "minutes"))
                .plusSeconds(amount(duration, "seconds"));
        return t.toInstant();
    }

    private static long amount(XmlElement duration, String field) {
        String v = duration.attr(field);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration " + field + " '" + v + "' is not a whole number");
        }
    }

    private static Map<DateExpression.Field, DateExpression.Range> spec(XmlElement spec) {
        Map<DateExpression.Field, DateExpression.Range> out = new LinkedHashMap<>();
        for (DateExpression.Field f : DateExpression.Field.values()) {
            String v = spec.attr(f.attribute());
            if (v != null) {
                out.put(f, range(f, v));
            }
        }
        return out;
    }

    /** {@code N}, {@code N-M}, {@code N-} or {@code -M}, as Pacemaker's ranges. */
    static DateExpression.Range range(DateExpression.Field f, String text) {
        Matcher m = RANGE.matcher(text.trim());
        if (text.isBlank() || !m.matches()) {
            throw new IllegalArgumentException("date_spec " + f.attribute() + " '" + text
                    + "' is not a range (N, N-M, N- or -M)");
        }
        Long low = m.group(1) == null ? null : Long.valueOf(m.group(1));
        if (low != null && low < 0) { // "-M": the leading minus is the range's dash
            return DateExpression.Range.of(null, -low);
        }
        if (m.group(2) == null) {
            return DateExpression.Range.of(low, low);
        }
        return DateExpression.Range.of(low, m.group(3) == null ? null : Long.valueOf(m.group(3)));
    }
}
