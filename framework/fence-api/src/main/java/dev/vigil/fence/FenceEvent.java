package dev.vigil.fence;

import java.time.Instant;
import java.util.Objects;

/** One entry of the fence history: a request to fence a node and how it ended (Pacemaker's stonith history). */
public final class FenceEvent {
    /** Where the operation stands. */
    public enum State { PENDING, SUCCEEDED, FAILED }

    private final String id;
    private final String target;
    private final FenceAction action;
    private final String origin;
    private final String executor;
    private final String device;
    private final State state;
    private final Instant requested;
    private final Instant completed;
    private final String reason;

    private FenceEvent(String id, String target, FenceAction action, String origin, String executor, String device,
            State state, Instant requested, Instant completed, String reason) {
        this.id = Objects.requireNonNull(id);
        this.target = Objects.requireNonNull(target);
        this.action = Objects.requireNonNull(action);
        this.origin = origin == null ? "" : origin;
        this.executor = executor == null ? "" : executor;
        this.device = device == null ? "" : device;
        this.state = Objects.requireNonNull(state);
        this.requested = Objects.requireNonNull(requested);
        this.completed = completed;
        this.reason = reason == null ? "" : reason;
    }

    /**
     * @param origin the node that asked (the DC, or an operator's node)
     * @param executor the node that ran the device, empty while not known
     * @param device the device (or {@code watchdog}) that fenced, or the last one tried
     * @param completed null while pending
     */
    public static FenceEvent of(String id, String target, FenceAction action, String origin, String executor,
            String device, State state, Instant requested, Instant completed, String reason) {
        return new FenceEvent(id, target, action, origin, executor, device, state, requested, completed, reason);
    }

    public String id() { return id; }

    public String target() { return target; }

    public FenceAction action() { return action; }

    public String origin() { return origin; }

    public String executor() { return executor; }

    public String device() { return device; }

    public State state() { return state; }

    public Instant requested() { return requested; }

    /** Null while pending. */
    public Instant completed() { return completed; }

    public String reason() { return reason; }

    @Override
    public String toString() {
        return action.agentName() + " of " + target + " " + state.name().toLowerCase(java.util.Locale.ROOT)
                + (device.isEmpty() ? "" : " by " + device) + (executor.isEmpty() ? "" : " on " + executor)
                + (reason.isEmpty() ? "" : ": " + reason);
    }
}
