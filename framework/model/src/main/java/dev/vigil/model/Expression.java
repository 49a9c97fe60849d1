package dev.vigil.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One node-attribute test of a rule, as Pacemaker's {@code <expression>}: an attribute, an
 * operation (lt, gt, lte, gte, eq, ne, defined, not_defined) and a value compared as a
 * string, integer, number or version.
 */
public final class Expression {
    private static final Set<String> OPERATIONS =
            Set.of("lt", "gt", "lte", "gte", "eq", "ne", "defined", "not_defined");
    private static final Set<String> TYPES = Set.of("string", "integer", "number", "version");

    private final String attribute;
    private final String operation;
    private final String value;
    private final String type;
    /** The value was to come from a resource parameter or meta attribute that is not set. */
    private final boolean missingValue;
    /**
     * The value on a node, given its attributes, when it comes from a resource parameter whose
     * attribute sets have rules (null: the value is the same on every node).
     */
    private final Function<Map<String, String>, String> valueOnNode;

    private Expression(String attribute, String operation, String value, String type, boolean missingValue) {
        this(attribute, operation, value, type, missingValue, null);
    }

    private Expression(String attribute, String operation, String value, String type, boolean missingValue,
            Function<Map<String, String>, String> valueOnNode) {
        this.valueOnNode = valueOnNode;
        this.missingValue = missingValue;
        this.attribute = Objects.requireNonNull(attribute);
        this.operation = Objects.requireNonNull(operation);
        this.value = value;
        this.type = type;
        if (!OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("unknown expression operation '" + operation + "'");
        }
        if (type != null && !TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown expression type '" + type + "'");
        }
        if (value == null && !missingValue && !operation.endsWith("defined")) {
            throw new IllegalArgumentException("expression on '" + attribute + "' with " + operation + " needs a value");
        }
    }

    /** @param type string, integer, number or version; null means Pacemaker's default for the operation */
    public static Expression of(String attribute, String operation, String value, String type) {
        return new Expression(attribute, operation.toLowerCase(Locale.ROOT), value,
                type == null ? null : type.toLowerCase(Locale.ROOT), false);
    }

    /**
     * An expression whose value was to be taken from a resource's parameter or meta attribute
     * ({@code value-source="param"} or {@code "meta"}) that the resource does not set: as in
     * Pacemaker, a set attribute then compares greater than the missing value.
     */
    public static Expression againstMissingValue(String attribute, String operation, String type) {
        return new Expression(attribute, operation.toLowerCase(Locale.ROOT), null,
                type == null ? null : type.toLowerCase(Locale.ROOT), true);
    }

    /**
     * An expression whose value is a resource parameter that differs by node (its attribute
     * sets have rules): {@code valueOnNode} gives it from a node's attributes (null: not set
     * there); {@code value}, its value without a node (null: not set), is what {@link #value()}
     * reports.
     */
    public static Expression withValueOnNode(String attribute, String operation, String value, String type,
            Function<Map<String, String>, String> valueOnNode) {
        return new Expression(attribute, operation.toLowerCase(Locale.ROOT), value,
                type == null ? null : type.toLowerCase(Locale.ROOT), value == null, valueOnNode);
    }

    public String attribute() {
        return attribute;
    }

    public String operation() {
        return operation;
    }

    public String value() {
        return value;
    }

    public String type() {
        return type;
    }

    /** Whether the value was to come from a resource's parameter or meta attribute that is not set. */
    public boolean missingValue() {
        return missingValue;
    }

    /** Evaluates against a node's attributes (built-ins such as #uname included by the caller). */
    public boolean matches(Map<String, String> attributes) {
        if (valueOnNode != null) {
            String here = valueOnNode.apply(attributes);
            return (here == null ? againstMissingValue(attribute, operation, type) : of(attribute, operation, here, type))
                    .matches(attributes);
        }
        String actual = attributes.get(attribute);
        switch (operation) {
            case "defined":
                return actual != null;
            case "not_defined":
                return actual == null;
            default:
                break;
        }
        if (actual == null) {
            return operation.equals("ne");
        }
        int c = missingValue ? 1 : compareLeniently(actual);
        switch (operation) {
            case "lt":
                return c < 0;
            case "gt":
                return c > 0;
            case "lte":
                return c <= 0;
            case "gte":
                return c >= 0;
            case "eq":
                return c == 0;
            default:
                return c != 0;
        }
    }

    private int compareLeniently(String actual) {
        try {
            return compare(actual, value, effectiveType(actual));
        } catch (NumberFormatException e) {
            // Pacemaker compares as strings when a value does not parse as the type.
            return actual.compareTo(value);
        }
    }

    /**
     * Without a type, equality is textual and ordering comparisons are numeric, as Pacemaker
     * does: integer unless either side has a decimal point.
     */
    private String effectiveType(String actual) {
        if (type != null) {
            return type;
        }
        if (operation.equals("eq") || operation.equals("ne")) {
            return "string";
        }
        return actual.indexOf('.') >= 0 || value.indexOf('.') >= 0 ? "number" : "integer";
    }

    private static int compare(String a, String b, String type) {
        switch (type) {
            case "integer":
                return Long.compare(leadingInteger(a), leadingInteger(b));
            case "number":
                return new BigDecimal(a.trim()).compareTo(new BigDecimal(b.trim()));
            case "version":
                return compareVersions(a, b);
            default:
                return a.compareTo(b);
        }
    }

    /**
     * The integer a value starts with, as C's strtoll reads it (Pacemaker's integer type): "3.6"
     * is 3, characters after the digits are ignored.
     *
     * @throws NumberFormatException when the value does not start with an integer
     */
    static long leadingInteger(String text) {
        String t = text.stripLeading();
        int end = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
        int digits = end;
        while (end < t.length() && Character.isDigit(t.charAt(end)) && t.charAt(end) < 128) {
            end++;
        }
        if (end == digits) {
            throw new NumberFormatException("no digits in '" + text + "'");
        }
        return Long.parseLong(t.substring(0, end));
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0, q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Expression)) {
            return false;
        }
        Expression e = (Expression) o;
        return attribute.equals(e.attribute) && operation.equals(e.operation) && Objects.equals(value, e.value)
                && Objects.equals(type, e.type) && missingValue == e.missingValue;
    }

    @Override
    public int hashCode() {
        return Objects.hash(attribute, operation, value, type);
    }
}
