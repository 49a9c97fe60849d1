package dev.vigil.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A primitive resource: an instance of an agent type with parameters, meta attributes and operations. */
public final class Resource {
    /** Meta attribute: the role the operator wants ({@code Started} or {@code Stopped}). */
    public static final String TARGET_ROLE = "target-role";
    public static final String STICKINESS = "resource-stickiness";
    public static final String MIGRATION_THRESHOLD = "migration-threshold";

    private final String id;
    private final String agentClass;
    private final String agentProvider;
    private final String agentType;
    private final Map<String, String> params;
    private final Map<String, String> meta;
    private final List<Operation> operations;

    private Resource(String id, String agentClass, String agentProvider, String agentType,
            Map<String, String> params, Map<String, String> meta, List<Operation> operations) {
        this.id = Objects.requireNonNull(id);
        this.agentClass = agentClass;
        this.agentProvider = agentProvider;
        this.agentType = Objects.requireNonNull(agentType);
        this.params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.meta = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        this.operations = List.copyOf(operations);
    }

    public static Resource of(String id, String agentClass, String agentProvider, String agentType,
            Map<String, String> params, Map<String, String> meta, List<Operation> operations) {
        return new Resource(id, agentClass, agentProvider, agentType, params, meta, operations);
    }

    public String id() {
        return id;
    }

    /** {@code vigil} for Java agents, {@code ocf} for OCF scripts. */
    public String agentClass() {
        return agentClass;
    }

    public String agentProvider() {
        return agentProvider;
    }

    public String agentType() {
        return agentType;
    }

    /** The agent as written in the configuration: {@code ocf:heartbeat:IPaddr2} or {@code dummy}. */
    public String agentSpec() {
        if (agentClass == null) {
            return agentType;
        }
        String spec = this.spec;
        if (spec == null) { // made once: asked for every resource on every node
            spec = agentProvider == null ? agentClass + ":" + agentType
                    : agentClass + ":" + agentProvider + ":" + agentType;
            this.spec = spec;
        }
        return spec;
    }

    /** {@link #agentSpec()}, once made (immutable, so a race only makes it twice). */
    private String spec;

    public Map<String, String> params() {
        return params;
    }

    public Map<String, String> meta() {
        return meta;
    }

    public List<Operation> operations() {
        return operations;
    }

    /** The recurring monitor, if one is configured. */
    public Optional<Operation> recurringMonitor() {
        return operations.stream()
                .filter(o -> o.name().equals("monitor") && !o.interval().isZero())
                .findFirst();
    }

    /** {@link #recurringMonitor(Role)} for a role by its name (Promoted, Unpromoted). */
    public Optional<Operation> recurringMonitor(String role) {
        return recurringMonitor(Role.parse(role));
    }

    /**
     * The enabled recurring monitor for an instance in a role (Promoted, Unpromoted): the one
     * declared for that role, else the first declared for no role (or Started).
     */
    public Optional<Operation> recurringMonitor(Role role) {
        Operation roleless = null;
        for (Operation o : operations) {
            if (!o.name().equals("monitor") || o.interval().isZero() || !o.enabled()) {
                continue;
            }
            if (o.forRole() == null || o.forRole() == Role.STARTED) {
                roleless = roleless == null ? o : roleless;
            } else if (o.forRole() == role) {
                return Optional.of(o);
            }
        }
        return Optional.ofNullable(roleless);
    }

    /** The configured timeout of an operation, or {@code fallback}. */
    public Duration timeoutOf(String operation, Duration fallback) {
        return operations.stream()
                .filter(o -> o.name().equals(operation))
                .map(Operation::timeout)
                .findFirst().orElse(fallback);
    }

    public Resource withMeta(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(meta);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return new Resource(id, agentClass, agentProvider, agentType, params, m, operations);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Resource)) {
            return false;
        }
        Resource r = (Resource) o;
        return id.equals(r.id) && agentSpec().equals(r.agentSpec()) && params.equals(r.params)
                && meta.equals(r.meta) && operations.equals(r.operations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, agentSpec(), params, meta, operations);
    }
}
