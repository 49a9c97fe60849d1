package dev.vigil.fence;

import java.util.List;
import java.util.Objects;

/** A configured fence device as status shows it: its type, the nodes it can fence, and whether it works. */
public final class FenceDeviceState {
    private final String id;
    private final String type;
    private final List<String> targets;
    private final boolean available;
    private final String problem;

    private FenceDeviceState(String id, String type, List<String> targets, boolean available, String problem) {
        this.id = Objects.requireNonNull(id);
        this.type = Objects.requireNonNull(type);
        this.targets = List.copyOf(targets);
        this.available = available;
        this.problem = problem == null ? "" : problem;
    }

    /** @param problem why the device is unavailable (type not installed, last monitor failed), or empty */
    public static FenceDeviceState of(String id, String type, List<String> targets, boolean available, String problem) {
        return new FenceDeviceState(id, type, targets, available, problem);
    }

    public String id() { return id; }

    public String type() { return type; }

    /** The nodes this device can fence (from pcmk_host_list/map, or its list action). */
    public List<String> targets() { return targets; }

    public boolean available() { return available; }

    public String problem() { return problem; }

    @Override
    public String toString() {
        return id + " (" + type + ") fences " + (targets.isEmpty() ? "no known node" : String.join(", ", targets))
                + (available ? "" : ", unavailable: " + problem);
    }
}
