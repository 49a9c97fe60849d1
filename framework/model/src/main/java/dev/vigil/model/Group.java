package dev.vigil.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code group ID RSC...}: members run together on one node, started in order, stopped in reverse. */
public final class Group {
    private final String id;
    private final List<String> members;
    private final Map<String, String> meta;

    private Group(String id, List<String> members, Map<String, String> meta) {
        this.id = Objects.requireNonNull(id);
        this.members = List.copyOf(members);
        this.meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        if (members.isEmpty()) {
            throw new IllegalArgumentException("group '" + id + "' has no members");
        }
    }

    public static Group of(String id, List<String> members, Map<String, String> meta) {
        return new Group(id, members, meta);
    }

    public String id() {
        return id;
    }

    public List<String> members() {
        return members;
    }

    public Map<String, String> meta() {
        return meta;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Group)) {
            return false;
        }
        Group g = (Group) o;
        return id.equals(g.id) && members.equals(g.members) && meta.equals(g.meta);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, members, meta);
    }
}
