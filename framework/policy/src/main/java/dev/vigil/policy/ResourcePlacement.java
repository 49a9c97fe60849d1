package dev.vigil.policy;

import java.util.Objects;

/** Where a resource is (or will be) active and in what role, as crm_simulate lists it. */
public final class ResourcePlacement {
    private final String resource;
    private final String role;
    private final String node;

    private ResourcePlacement(String resource, String role, String node) {
        this.resource = Objects.requireNonNull(resource);
        this.role = Objects.requireNonNull(role);
        this.node = Objects.requireNonNull(node);
    }

    public static ResourcePlacement of(String resource, String role, String node) {
        return new ResourcePlacement(resource, role, node);
    }

    public String resource() {
        return resource;
    }

    /** Started, FAILED, with flags: {@code Started (unmanaged)}, {@code FAILED (blocked)}. */
    public String role() {
        return role;
    }

    public String node() {
        return node;
    }
}
