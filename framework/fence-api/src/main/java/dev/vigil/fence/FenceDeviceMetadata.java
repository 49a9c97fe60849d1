package dev.vigil.fence;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What a device type says of itself (a {@code fence_*} agent's {@code -o metadata}). */
public final class FenceDeviceMetadata {
    /** One parameter the device takes. */
    public static final class Parameter {
        private final String name;
        private final boolean required;
        private final String description;

        private Parameter(String name, boolean required, String description) {
            this.name = Objects.requireNonNull(name);
            this.required = required;
            this.description = description == null ? "" : description;
        }

        public static Parameter of(String name, boolean required, String description) {
            return new Parameter(name, required, description);
        }

        public String name() {
            return name;
        }

        public boolean required() {
            return required;
        }

        public String description() {
            return description;
        }
    }

    private final String type;
    private final String description;
    private final List<Parameter> parameters;
    private final Set<FenceAction> actions;

    private FenceDeviceMetadata(String type, String description, List<Parameter> parameters, Set<FenceAction> actions) {
        this.type = Objects.requireNonNull(type);
        this.description = description == null ? "" : description;
        this.parameters = List.copyOf(parameters);
        this.actions = Set.copyOf(actions);
    }

    public static FenceDeviceMetadata of(String type, String description, List<Parameter> parameters,
            Set<FenceAction> actions) {
        return new FenceDeviceMetadata(type, description, parameters, actions);
    }

    /** The device type, e.g. {@code fence_ipmilan}. */
    public String type() {
        return type;
    }

    public String description() {
        return description;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** The actions the device supports. */
    public Set<FenceAction> actions() {
        return actions;
    }

    public boolean supports(FenceAction action) {
        return actions.contains(action);
    }

    /** Whether the device takes a parameter of that name. */
    public boolean hasParameter(String name) {
        return parameters.stream().anyMatch(p -> p.name().equals(name));
    }
}
