package dev.vigil.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Location rules in the configuration language, after crmsh's syntax:
 *
 * <pre>
 * location ID RSC[:ROLE] rule [$id=ID] [$role=ROLE] [$boolean-op=and|or] SCORE: EXPRESSION [and|or EXPRESSION ...] [rule ...]
 *   SCORE       INTEGER, INFINITY, -INFINITY, or score-attribute=NODE-ATTRIBUTE
 *   EXPRESSION  ATTRIBUTE [TYPE:]OPERATION VALUE | defined ATTRIBUTE | not_defined ATTRIBUTE | DATE
 *               (TYPE string, integer, number or version; OPERATION lt, gt, lte, gte, eq, ne)
 *   DATE        date gt TIME | date lt TIME | date in_range [start=TIME] [end=TIME | DURATION...]
 *               | date date_spec FIELD=RANGE...
 *               (TIME ISO 8601, e.g. 2026-01-01 or "2026-01-01 09:00 +01:00"; DURATION years=N months=N
 *               weeks=N days=N hours=N minutes=N seconds=N, added to start; FIELD years, months,
 *               monthdays, hours, minutes, seconds, yeardays, weekyears, weeks, weekdays or moon;
 *               RANGE N, N-M, N- or -M)
 * </pre>
 *
 * Date expressions are Pacemaker's {@code <date_expression>}: they hold or not at the time the
 * rule is evaluated. A node attribute named {@code date} cannot be compared with an untyped gt
 * or lt: {@code date gt ...} is a date expression.
 *
 * A rule's expressions are joined by one connective, {@code and} or {@code or}, as Pacemaker's
 * boolean-op; {@code $boolean-op} says it for a rule of one expression. Without {@code $id}, a
 * location's rules are {@code ID-rule}, {@code ID-rule-1}... Nested rules are not in the language.
 */
final class LocationRules {
    private LocationRules() {
    }

    static String defaultId(String locationId, int index) {
        return locationId + "-rule" + (index == 0 ? "" : "-" + index);
    }

    static void write(Rule r, String defaultId, StringBuilder out) {
        if (!r.rules().isEmpty()) {
            throw new IllegalArgumentException("rule '" + r.id()
                    + "' nests rules, which the configuration language cannot express");
        }
        out.append(" rule");
        if (!r.id().equals(defaultId)) {
            out.append(" $id=").append(ConfigWriter.quote(r.id()));
        }
        if (r.role() != null) {
            out.append(" $role=").append(r.role());
        }
        if (r.expressions().size() + r.dateExpressions().size() < 2 && !r.and()) {
            out.append(" $boolean-op=or");
        }
        if (r.scoreAttribute() != null) {
            out.append(" score-attribute=").append(ConfigWriter.quote(r.scoreAttribute())).append(':');
        } else if (r.score() != null) {
            out.append(' ').append(r.score()).append(':');
        } else {
            throw new IllegalArgumentException("rule '" + r.id() + "' has no score");
        }
        String connective = r.and() ? " and" : " or";
        for (int i = 0; i < r.expressions().size(); i++) {
            Expression e = r.expressions().get(i);
            out.append(i == 0 ? "" : connective);
            if (e.attribute().equals("date") && e.type() == null && (e.operation().equals("gt")
                    || e.operation().equals("lt"))) {
                throw new IllegalArgumentException("rule '" + r.id() + "' compares node attribute 'date' with "
                        + e.operation() + " and no type, which the language reads as a date expression");
            }
            if (e.missingValue()) {
                throw new IllegalArgumentException("rule '" + r.id() + "' compares '" + e.attribute()
                        + "' with a resource parameter that is not set, which the language cannot express");
            }
            if (e.value() == null && e.operation().endsWith("defined") && e.type() == null) {
                out.append(' ').append(e.operation()).append(' ').append(ConfigWriter.quote(e.attribute()));
            } else {
                out.append(' ').append(ConfigWriter.quote(e.attribute())).append(' ')
                        .append(e.type() == null ? "" : e.type() + ":").append(e.operation());
                if (e.value() != null) {
                    out.append(' ').append(ConfigWriter.quote(e.value()));
                }
            }
        }
        for (int i = 0; i < r.dateExpressions().size(); i++) {
            out.append(i == 0 && r.expressions().isEmpty() ? "" : connective);
            writeDate(r.dateExpressions().get(i), out);
        }
    }

    private static void writeDate(DateExpression d, StringBuilder out) {
        out.append(" date ").append(d.operation());
        switch (d.operation()) {
            case "gt":
                out.append(' ').append(time(d.start()));
                break;
            case "lt":
                out.append(' ').append(time(d.end()));
                break;
            case "in_range":
                if (d.start() != null) {
                    out.append(" start=").append(time(d.start()));
                }
                if (d.end() != null) {
                    out.append(" end=").append(time(d.end()));
                }
                break;
            default:
                for (DateExpression.Field f : DateExpression.Field.values()) {
                    if (d.spec().containsKey(f)) {
                        out.append(' ').append(f.attribute()).append('=').append(d.spec().get(f).text());
                    }
                }
        }
    }

    /** An instant as ISO 8601 in UTC, one word: 2026-01-01T09:00:00Z. */
    private static String time(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
                .format(t.atOffset(ZoneOffset.UTC));
    }

    /** The rules from {@code t[from]} (the word {@code rule}) to the end of the statement. */
    static List<Rule> read(String locationId, List<String> t, int from) {
        List<Rule> rules = new ArrayList<>();
        int i = from;
        while (i < t.size()) {
            if (!t.get(i).equals("rule")) {
                throw new IllegalArgumentException("expected 'rule' in location '" + locationId + "', found '"
                        + t.get(i) + "'");
            }
            int end = i + 1;
            while (end < t.size() && !t.get(end).equals("rule")) {
                end++;
            }
            rules.add(rule(locationId, rules.size(), t.subList(i + 1, end)));
            i = end;
        }
        return rules;
    }

    private static Rule rule(String locationId, int index, List<String> t) {
        String id = defaultId(locationId, index), role = null, op = null;
        int i = 0;
        for (; i < t.size() && t.get(i).startsWith("$"); i++) {
            String word = t.get(i);
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(1, eq), value = eq < 0 ? "" : word.substring(eq + 1);
            switch (name) {
                case "id":
                    id = value;
                    break;
                case "role":
                    role = value;
                    break;
                case "boolean-op":
                    op = value;
                    break;
                default:
                    throw new IllegalArgumentException("unknown rule option '" + word + "' (use $id=, $role=, "
                            + "$boolean-op=)");
            }
        }
        if (i >= t.size() || !t.get(i).endsWith(":")) {
            throw new IllegalArgumentException("rule in location '" + locationId + "' needs a score: "
                    + "rule SCORE: EXPRESSION (SCORE an integer, INFINITY or score-attribute=NAME)");
        }
        String scoreWord = t.get(i).substring(0, t.get(i).length() - 1);
        Score score = null;
        String scoreAttribute = null;
        if (scoreWord.startsWith("score-attribute=")) {
            scoreAttribute = scoreWord.substring("score-attribute=".length());
        } else {
            score = Score.parse(scoreWord);
        }
        List<Expression> expressions = new ArrayList<>();
        List<DateExpression> dates = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String word : t.subList(i + 1, t.size())) {
            if ((word.equals("and") || word.equals("or")) && !current.isEmpty()) {
                if (op != null && !op.equals(word)) {
                    throw new IllegalArgumentException("rule '" + id + "' mixes and and or; use one connective per rule");
                }
                op = word;
                add(id, current, expressions, dates);
                current = new ArrayList<>();
            } else {
                current.add(word);
            }
        }
        if (!current.isEmpty()) {
            add(id, current, expressions, dates);
        }
        if (op != null && !op.equals("and") && !op.equals("or")) {
            throw new IllegalArgumentException("boolean-op must be and or or, not '" + op + "'");
        }
        return Rule.of(id, score, scoreAttribute, role, !"or".equals(op), expressions, dates, List.of());
    }

    private static void add(String ruleId, List<String> w, List<Expression> expressions, List<DateExpression> dates) {
        if (w.size() >= 2 && w.get(0).equals("date")
                && List.of("gt", "lt", "in_range", "date_spec").contains(w.get(1))) {
            try {
                dates.add(date(w.get(1), w.subList(2, w.size())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rule '" + ruleId + "': " + e.getMessage(), e);
            }
        } else {
            expressions.add(expression(ruleId, w));
        }
    }

    /** {@code date OPERATION ...} after the operation. */
    private static DateExpression date(String operation, List<String> w) {
        switch (operation) {
            case "gt":
            case "lt":
                if (w.size() != 1) {
                    throw new IllegalArgumentException("expected 'date " + operation + " TIME', found "
                            + (w.isEmpty() ? "no time" : "'" + String.join(" ", w) + "'"));
                }
                Instant t = DateExpressionReader.instant(w.get(0));
                return operation.equals("gt") ? DateExpression.after(t) : DateExpression.before(t);
            case "in_range":
                return inRange(w);
            default:
                Map<DateExpression.Field, DateExpression.Range> spec = new LinkedHashMap<>();
                for (String word : w) {
                    String[] nv = nameValue(word);
                    DateExpression.Field field = Arrays.stream(DateExpression.Field.values())
                            .filter(f -> f.attribute().equals(nv[0])).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("unknown date_spec field '" + nv[0]
                                    + "' (years, months, monthdays, hours, minutes, seconds, yeardays, weekyears, "
                                    + "weeks, weekdays, moon)"));
                    spec.put(field, DateExpressionReader.range(field, nv[1]));
                }
                return DateExpression.dateSpec(spec);
        }
    }

    private static final List<String> DURATION = List.of("years", "months", "weeks", "days", "hours", "minutes",
            "seconds");

    /** {@code start=TIME end=TIME}, or {@code start=TIME} and duration fields added to it by the calendar. */
    private static DateExpression inRange(List<String> w) {
        Instant start = null, end = null;
        Map<String, Long> duration = new HashMap<>();
        for (String word : w) {
            String[] nv = nameValue(word);
            if (nv[0].equals("start")) {
                start = DateExpressionReader.instant(nv[1]);
            } else if (nv[0].equals("end")) {
                end = DateExpressionReader.instant(nv[1]);
            } else if (DURATION.contains(nv[0])) {
                try {
                    duration.put(nv[0], Long.parseLong(nv[1]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("duration " + nv[0] + " '" + nv[1] + "' is not a whole number");
                }
            } else {
                throw new IllegalArgumentException("unknown in_range option '" + nv[0] + "' (start=, end= or a "
                        + "duration: years= months= weeks= days= hours= minutes= seconds=)");
            }
        }
        if (!duration.isEmpty()) {
            if (start == null || end != null) {
                throw new IllegalArgumentException("a duration needs start= and no end=");
            }
            OffsetDateTime t = start.atOffset(ZoneOffset.UTC)
                    .plusYears(duration.getOrDefault("years", 0L)).plusMonths(duration.getOrDefault("months", 0L))
                    .plusWeeks(duration.getOrDefault("weeks", 0L)).plusDays(duration.getOrDefault("days", 0L))
                    .plusHours(duration.getOrDefault("hours", 0L)).plusMinutes(duration.getOrDefault("minutes", 0L))
                    .plusSeconds(duration.getOrDefault("seconds", 0L));
            end = t.toInstant();
        }
        return DateExpression.inRange(start, end);
    }

    private static String[] nameValue(String word) {
        int eq = word.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected NAME=VALUE, found '" + word + "'");
        }
        return new String[] {word.substring(0, eq), word.substring(eq + 1)};
    }

    private static Expression expression(String ruleId, List<String> w) {
        if (w.size() == 2 && (w.get(0).equals("defined") || w.get(0).equals("not_defined"))) {
            return Expression.of(w.get(1), w.get(0), null, null);
        }
        if (w.size() == 2 || w.size() == 3) {
            String[] typed = w.get(1).split(":", 2);
            String type = typed.length == 2 ? typed[0] : null, operation = typed[typed.length - 1];
            return Expression.of(w.get(0), operation, w.size() == 3 ? w.get(2) : null, type);
        }
        throw new IllegalArgumentException("rule '" + ruleId + "': expected 'ATTRIBUTE [TYPE:]OPERATION VALUE', "
                + "'defined ATTRIBUTE' or 'not_defined ATTRIBUTE', found '" + String.join(" ", w) + "'");
    }
}
