package dev.vigil.cluster;

import java.util.List;
import java.util.Objects;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;

/** Everything {@code vigil:status} shows, as data. */
public final class StatusReport {
    private final MembershipView view;
    private final ClusterConfig config;
    private final ClusterStatus status;
    private final List<OperationRecord> failedActions;

    private StatusReport(MembershipView view, ClusterConfig config, ClusterStatus status,
            List<OperationRecord> failedActions) {
        this.view = Objects.requireNonNull(view);
        this.config = Objects.requireNonNull(config);
        this.status = Objects.requireNonNull(status);
        this.failedActions = List.copyOf(failedActions);
    }

    public static StatusReport of(MembershipView view, ClusterConfig config, ClusterStatus status,
            List<OperationRecord> failedActions) {
        return new StatusReport(view, config, status, failedActions);
    }

    public MembershipView view() {
        return view;
    }

    public ClusterConfig config() {
        return config;
    }

    public ClusterStatus status() {
        return status;
    }

    public List<OperationRecord> failedActions() {
        return failedActions;
    }
}
