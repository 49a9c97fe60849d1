package dev.vigil.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One level of the fencing topology (Pacemaker's {@code fencing-level}): for the nodes it
 * targets, the devices that must all succeed for this level to fence a node. Levels of a
 * target are tried in {@link #index()} order until one succeeds. The target is a node name, a
 * regular expression over node names ({@code target-pattern}, matched anywhere in the name as
 * Pacemaker's regexec does), or a node attribute and its value.
 */
public final class FencingLevel {
    /** How a level names the nodes it applies to. */
    public enum TargetKind { NODE, PATTERN, ATTRIBUTE }

    private final TargetKind kind;
    private final String target;
    private final String attributeValue;
    private final int index;
    private final List<String> devices;
    private final Pattern pattern;

    private FencingLevel(TargetKind kind, String target, String attributeValue, int index, List<String> devices) {
        this.kind = Objects.requireNonNull(kind);
        this.target = Objects.requireNonNull(target);
        this.attributeValue = attributeValue;
        if (index < 1 || index > 9) {
            throw new IllegalArgumentException("fencing level index " + index + " is out of range (1 to 9)");
        }
        this.index = index;
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("fencing level " + index + " for " + describeTarget() + " has no devices");
        }
        this.devices = List.copyOf(devices);
        try {
            this.pattern = kind == TargetKind.PATTERN ? Pattern.compile(target) : null;
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("fencing level target-pattern '" + target + "' is not a regular expression: "
                    + e.getDescription());
        }
    }

    /** A level for one node. */
    public static FencingLevel forNode(String node, int index, List<String> devices) {
        return new FencingLevel(TargetKind.NODE, node, null, index, devices);
    }

    /** A level for every node whose name the regular expression matches ({@code target-pattern}). */
    public static FencingLevel forPattern(String regex, int index, List<String> devices) {
        return new FencingLevel(TargetKind.PATTERN, regex, null, index, devices);
    }

    /** A level for every node whose attribute has the value ({@code target-attribute}, {@code target-value}). */
    public static FencingLevel forAttribute(String attribute, String value, int index, List<String> devices) {
        return new FencingLevel(TargetKind.ATTRIBUTE, attribute, Objects.requireNonNull(value), index, devices);
    }

    public TargetKind kind() {
        return kind;
    }

    /** The node name, the regular expression, or the attribute name, by {@link #kind()}. */
    public String target() {
        return target;
    }

    /** For {@link TargetKind#ATTRIBUTE}: the value the attribute must have; null otherwise. */
    public String attributeValue() {
        return attributeValue;
    }

    /** 1 to 9; lower levels are tried first. */
    public int index() {
        return index;
    }

    /** The fence devices (ids of {@code class=stonith} primitives) of this level, all of which must succeed. */
    public List<String> devices() {
        return devices;
    }

    /** Whether this level applies to a node, given that node's attributes. */
    public boolean appliesTo(String node, Map<String, String> nodeAttributes) {
        switch (kind) {
            case NODE:
                return target.equalsIgnoreCase(node);
            case PATTERN:
                return pattern.matcher(node).find();
            default:
                return attributeValue.equals(nodeAttributes.get(target));
        }
    }

    /** The target as the configuration language writes it: {@code n1:}, {@code pattern:REGEX}, {@code attr:NAME=VALUE}. */
    public String describeTarget() {
        switch (kind) {
            case NODE:
                return target + ":";
            case PATTERN:
                return "pattern:" + target;
            default:
                return "attr:" + target + "=" + attributeValue;
        }
    }

    /** True when both levels name their targets the same way. */
    public boolean sameTarget(FencingLevel other) {
        return kind == other.kind && target.equals(other.target) && Objects.equals(attributeValue, other.attributeValue);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FencingLevel)) {
            return false;
        }
        FencingLevel l = (FencingLevel) o;
        return sameTarget(l) && index == l.index && devices.equals(l.devices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, target, attributeValue, index, devices);
    }

    @Override
    public String toString() {
        return describeTarget() + " level " + index + " " + String.join(",", devices);
    }
}
