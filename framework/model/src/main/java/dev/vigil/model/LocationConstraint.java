package dev.vigil.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A resource's preference for (or against) nodes: {@code location ID RSC SCORE: NODE} for one
 * node, or rules that pick nodes by their attributes. {@code role} limits it to a role.
 */
public final class LocationConstraint {
    private final String id;
    private final String resource;
    private final String node;
    private final Score score;
    private final String role;
    /** {@link #role} parsed when read. */
    private final Role forRole;
    private final List<Rule> rules;
    /** Pacemaker's resource-discovery: always (the default), never, or exclusive. */
    private String discovery = "always";

    private LocationConstraint(String id, String resource, String node, Score score, String role, List<Rule> rules) {
        this.id = Objects.requireNonNull(id);
        this.resource = Objects.requireNonNull(resource);
        this.node = node;
        this.score = score;
        this.role = role;
        this.forRole = Role.parse(role);
        this.rules = List.copyOf(rules);
        if ((node == null) == rules.isEmpty()) {
            throw new IllegalArgumentException("location '" + id + "' needs either a node and score or rules");
        }
        if (node != null && score == null) {
            throw new IllegalArgumentException("location '" + id + "' names a node but no score");
        }
    }

    public static LocationConstraint of(String id, String resource, String node, Score score) {
        return new LocationConstraint(id, resource, node, score, null, List.of());
    }

    public static LocationConstraint of(String id, String resource, String node, Score score, String role) {
        return new LocationConstraint(id, resource, node, score, role, List.of());
    }

    public static LocationConstraint ofRules(String id, String resource, String role, List<Rule> rules) {
        return new LocationConstraint(id, resource, null, null, role, rules);
    }

    public String id() {
        return id;
    }

    public String resource() {
        return resource;
    }

    /** The node, or null for a rule-based constraint. */
    public String node() {
        return node;
    }

    /** The score for {@link #node()}, or null for a rule-based constraint. */
    public Score score() {
        return score;
    }

    public String role() {
        return role;
    }

    /** {@link #role()} parsed when the configuration was read; null when none is given. */
    public Role forRole() {
        return forRole;
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * The same constraint with Pacemaker's {@code resource-discovery}: {@code always} (probe the
     * resource on the nodes it names), {@code never} (never probe it there), {@code exclusive}
     * (probe it, and let it run, only on nodes that an exclusive constraint of it names).
     */
    public LocationConstraint withDiscovery(String mode) {
        if (!Set.of("always", "never", "exclusive").contains(mode)) {
            throw new IllegalArgumentException("location '" + id + "': resource-discovery '" + mode
                    + "' is not always, never or exclusive");
        }
        LocationConstraint c = new LocationConstraint(id, resource, node, score, role, rules);
        c.discovery = mode;
        return c;
    }

    /** Its resource-discovery: always, never or exclusive. */
    public String discovery() {
        return discovery;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LocationConstraint)) {
            return false;
        }
        LocationConstraint c = (LocationConstraint) o;
        return id.equals(c.id) && resource.equals(c.resource) && Objects.equals(node, c.node)
                && Objects.equals(score, c.score) && Objects.equals(role, c.role) && rules.equals(c.rules)
                && discovery.equals(c.discovery);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, resource, node, score, role, rules);
    }
}
