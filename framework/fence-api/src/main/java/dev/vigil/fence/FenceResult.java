package dev.vigil.fence;

import java.util.List;
import java.util.Objects;

/** What a fence device answered. A device never throws: every failure is a result with a reason. */
public final class FenceResult {
    /** How the call ended. */
    public enum Status {
        /** The action was carried out (for status: the target is powered on). */
        OK,
        /** For status only: the target is powered off. */
        OFF,
        /** The device answered that it failed, or its output could not be understood. */
        FAILED,
        /** The device did not answer in time (its process group was killed). */
        TIMEOUT,
        /** The device could not be run at all (not installed, bad parameters). */
        ERROR
    }

    private final Status status;
    private final String reason;
    private final List<String> targets;

    private FenceResult(Status status, String reason, List<String> targets) {
        this.status = Objects.requireNonNull(status);
        this.reason = reason == null ? "" : reason;
        this.targets = List.copyOf(targets);
    }

    public static FenceResult of(Status status, String reason) {
        return new FenceResult(status, reason, List.of());
    }

    /** The answer to {@link FenceAction#LIST}: the ports the device knows. */
    public static FenceResult listed(List<String> ports) {
        return new FenceResult(Status.OK, "", ports);
    }

    public Status status() {
        return status;
    }

    public boolean ok() {
        return status == Status.OK || status == Status.OFF;
    }

    /** Why it failed, or the device's own words; empty when there is nothing to say. */
    public String reason() {
        return reason;
    }

    /** The ports a list action found; empty for other actions. */
    public List<String> targets() {
        return targets;
    }

    @Override
    public String toString() {
        return status + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
