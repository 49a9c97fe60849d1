package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Location rules in the configuration language, after crmsh's syntax:
 *
 * <pre>
 * location ID RSC[:ROLE] rule [$id=ID] [$role=ROLE] [$boolean-op=and|or] SCORE: EXPRESSION [and|or EXPRESSION ...] [rule ...]
 *   SCORE       INTEGER, INFINITY, -INFINITY, or score-attribute=NODE-ATTRIBUTE
 *   EXPRESSION  ATTRIBUTE [TYPE:]OPERATION VALUE | defined ATTRIBUTE | not_defined ATTRIBUTE
 *               (TYPE string, integer, number or version; OPERATION lt, gt, lte, gte, eq, ne)
 * </pre>
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
        if (r.expressions().size() < 2 && !r.and()) {
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
        List<String> current = new ArrayList<>();
        for (String word : t.subList(i + 1, t.size())) {
            if ((word.equals("and") || word.equals("or")) && !current.isEmpty()) {
                if (op != null && !op.equals(word)) {
                    throw new IllegalArgumentException("rule '" + id + "' mixes and and or; use one connective per rule");
                }
                op = word;
                expressions.add(expression(id, current));
                current = new ArrayList<>();
            } else {
                current.add(word);
            }
        }
        if (!current.isEmpty()) {
            expressions.add(expression(id, current));
        }
        if (op != null && !op.equals("and") && !op.equals("or")) {
            throw new IllegalArgumentException("boolean-op must be and or or, not '" + op + "'");
        }
        return Rule.of(id, score, scoreAttribute, role, !"or".equals(op), expressions, List.of());
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
