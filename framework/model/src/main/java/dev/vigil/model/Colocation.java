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

    private Colocation(String id, String resource, String withResource, Score score, String role, String withRole) {
        this.id = Objects.requireNonNull(id);
        this.resource = Objects.requireNonNull(resource);
        this.withResource = Objects.requireNonNull(withResource);
        this.score = Objects.requireNonNull(score);
        this.role = role;
        this.withRole = withRole;
    }

    public static Colocation of(String id, String resource, String withResource, Score score, String role,
            String withRole) {
        return new Colocation(id, resource, withResource, score, role, withRole);
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

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Colocation)) {
            return false;
        }
        Colocation c = (Colocation) o;
        return id.equals(c.id) && resource.equals(c.resource) && withResource.equals(c.withResource)
                && score.equals(c.score) && Objects.equals(role, c.role) && Objects.equals(withRole, c.withRole);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, resource, withResource, score, role, withRole);
    }
}
