package dev.vigil.model;

import java.util.Objects;

/**
 * {@code colocation ID SCORE: RSC[:ROLE] WITH[:ROLE]}: RSC is placed relative to WITH, which is
 * placed first. INFINITY: only where WITH runs; -INFINITY: never where it runs; finite scores
 * are preferences.
 */
public final class Colocation {
    private final String id;
    private final String resource;
    private final String withResource;
    private final Score score;
    private final String role;
    private final String withRole;
    /** {@link #role} and {@link #withRole} parsed when read. */
    private final Role dependentRole;
    private final Role primaryRole;
    private final String nodeAttribute;

    private Colocation(String id, String resource, String withResource, Score score, String role, String withRole,
            String nodeAttribute) {
        this.id = Objects.requireNonNull(id);
        this.resource = Objects.requireNonNull(resource);
        this.withResource = Objects.requireNonNull(withResource);
        this.score = Objects.requireNonNull(score);
        this.role = role;
        this.withRole = withRole;
        this.dependentRole = Role.parse(role);
        this.primaryRole = Role.parse(withRole);
        this.nodeAttribute = nodeAttribute == null || nodeAttribute.equals(NODE_NAME) ? null : nodeAttribute;
    }

    public static Colocation of(String id, String resource, String withResource, Score score, String role,
            String withRole) {
        return new Colocation(id, resource, withResource, score, role, withRole, null);
    }

    /**
     * A colocation by node attribute ({@code node-attribute}): "together" means on nodes with the
     * same value of that attribute rather than on the same node; null or {@value #NODE_NAME} is the
     * node itself.
     */
    public static Colocation of(String id, String resource, String withResource, Score score, String role,
            String withRole, String nodeAttribute) {
        return new Colocation(id, resource, withResource, score, role, withRole, nodeAttribute);
    }

    /** The attribute Pacemaker compares by default: the node's name. */
    public static final String NODE_NAME = "#uname";

    /** The node attribute whose values must match, or null for the node itself. */
    public String nodeAttribute() {
        return nodeAttribute;
    }

    public String id() {
        return id;
    }

    public String resource() {
        return resource;
    }

    public String withResource() {
        return withResource;
    }

    public Score score() {
        return score;
    }

    public String role() {
        return role;
    }

    public String withRole() {
        return withRole;
    }

    /** {@link #role()} parsed when the configuration was read; null when none is given. */
    public Role dependentRole() {
        return dependentRole;
    }

    /** {@link #withRole()} parsed when the configuration was read; null when none is given. */
    public Role primaryRole() {
        return primaryRole;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Colocation)) {
            return false;
        }
        Colocation c = (Colocation) o;
        return id.equals(c.id) && resource.equals(c.resource) && withResource.equals(c.withResource)
                && score.equals(c.score) && Objects.equals(role, c.role) && Objects.equals(withRole, c.withRole)
                && Objects.equals(nodeAttribute, c.nodeAttribute);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, resource, withResource, score, role, withRole, nodeAttribute);
    }
}
