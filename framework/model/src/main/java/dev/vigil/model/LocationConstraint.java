package dev.vigil.model;

import java.util.Objects;

/** {@code location ID RSC SCORE: NODE}: a resource's preference for (or against) a node. */
public final class LocationConstraint {
    private final String id;
    private final String resource;
    private final String node;
    private final Score score;

    private LocationConstraint(String id, String resource, String node, Score score) {
        this.id = Objects.requireNonNull(id);
        this.resource = Objects.requireNonNull(resource);
        this.node = Objects.requireNonNull(node);
        this.score = Objects.requireNonNull(score);
    }

    public static LocationConstraint of(String id, String resource, String node, Score score) {
        return new LocationConstraint(id, resource, node, score);
    }

    public String id() {
        return id;
    }

    public String resource() {
        return resource;
    }

    public String node() {
        return node;
    }

    public Score score() {
        return score;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LocationConstraint)) {
            return false;
        }
        LocationConstraint c = (LocationConstraint) o;
        return id.equals(c.id) && resource.equals(c.resource) && node.equals(c.node) && score.equals(c.score);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, resource, node, score);
    }
}
