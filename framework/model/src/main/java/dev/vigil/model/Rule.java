package dev.vigil.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A location rule: when its expressions (and nested rules) hold for a node, the node gets the
 * rule's score, or the value of the node attribute named by {@code score-attribute}. Its date
 * expressions hold or not at the time the rule is evaluated.
 */
public final class Rule {
    private final String id;
    private final Score score;
    private final String scoreAttribute;
    private final String role;
    /** {@link #role} parsed when read. */
    private final Role forRole;
    private final boolean and;
    private final List<Expression> expressions;
    private final List<DateExpression> dates;
    private final List<Rule> rules;

    private Rule(String id, Score score, String scoreAttribute, String role, boolean and, List<Expression> expressions,
            List<DateExpression> dates, List<Rule> rules) {
        this.dates = List.copyOf(dates);
        this.id = Objects.requireNonNull(id);
        this.score = score;
        this.scoreAttribute = scoreAttribute;
        this.role = role;
        this.forRole = Role.parse(role);
        this.and = and;
        this.expressions = List.copyOf(expressions);
        this.rules = List.copyOf(rules);
    }

    /** @param and true for boolean-op "and" (the default), false for "or" */
    public static Rule of(String id, Score score, String scoreAttribute, String role, boolean and,
            List<Expression> expressions, List<Rule> rules) {
        return new Rule(id, score, scoreAttribute, role, and, expressions, List.of(), rules);
    }

    /** The same, with date expressions beside the attribute expressions. */
    public static Rule of(String id, Score score, String scoreAttribute, String role, boolean and,
            List<Expression> expressions, List<DateExpression> dates, List<Rule> rules) {
        return new Rule(id, score, scoreAttribute, role, and, expressions, dates, rules);
    }

    public List<DateExpression> dateExpressions() {
        return dates;
    }

    /** Whether the rule tests the time: then its outcome may change without any other change. */
    public boolean dependsOnTime() {
        return !dates.isEmpty() || rules.stream().anyMatch(Rule::dependsOnTime);
    }

    public String id() {
        return id;
    }

    /** The score when the rule holds; null when {@link #scoreAttribute()} gives it. */
    public Score score() {
        return score;
    }

    public String scoreAttribute() {
        return scoreAttribute;
    }

    /** The role the rule applies to (e.g. Promoted), or null for any. */
    public String role() {
        return role;
    }

    /** {@link #role()} parsed when the configuration was read; null for any. */
    public Role forRole() {
        return forRole;
    }

    /** True for boolean-op "and" (every expression and nested rule must hold), false for "or". */
    public boolean and() {
        return and;
    }

    public List<Expression> expressions() {
        return expressions;
    }

    /** Nested rules, combined with the expressions by {@link #and()}. */
    public List<Rule> rules() {
        return rules;
    }

    /** Evaluates the rule for a node's attributes; date expressions do not hold (no time given). */
    public boolean matches(Map<String, String> attributes) {
        return matches(attributes, null);
    }

    /** Evaluates the rule for a node's attributes at a time ({@code now}; null: date expressions do not hold). */
    public boolean matches(Map<String, String> attributes, Instant now) {
        if (expressions.isEmpty() && dates.isEmpty() && rules.isEmpty()) {
            return true;
        }
        if (and) {
            return expressions.stream().allMatch(e -> e.matches(attributes))
                    && dates.stream().allMatch(d -> now != null && d.holdsAt(now))
                    && rules.stream().allMatch(r -> r.matches(attributes, now));
        }
        return expressions.stream().anyMatch(e -> e.matches(attributes))
                || dates.stream().anyMatch(d -> now != null && d.holdsAt(now))
                || rules.stream().anyMatch(r -> r.matches(attributes, now));
    }

    /** The score this rule gives a node whose attributes match it. */
    public Score scoreFor(Map<String, String> attributes) {
        if (scoreAttribute != null) {
            String v = attributes.get(scoreAttribute);
            if (v == null) {
                return Score.ZERO;
            }
            try {
                return Score.parse(v);
            } catch (IllegalArgumentException e) {
                return Score.ZERO;
            }
        }
        return score == null ? Score.ZERO : score;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Rule)) {
            return false;
        }
        Rule r = (Rule) o;
        return id.equals(r.id) && Objects.equals(score, r.score) && Objects.equals(scoreAttribute, r.scoreAttribute)
                && Objects.equals(role, r.role) && and == r.and && expressions.equals(r.expressions) && dates.equals(r.dates)
                && rules.equals(r.rules);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, score, scoreAttribute, role, and, expressions, rules);
    }
}
