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
    private final List<LinkStatus> links;

    private StatusReport(MembershipView view, ClusterConfig config, ClusterStatus status,
            List<OperationRecord> failedActions, List<LinkStatus> links) {
        this.links = List.copyOf(links);
        this.view = Objects.requireNonNull(view);
        this.config = Objects.requireNonNull(config);
        this.status = Objects.requireNonNull(status);
        this.failedActions = List.copyOf(failedActions);
    }

    public static StatusReport of(MembershipView view, ClusterConfig config, ClusterStatus status,
            List<OperationRecord> failedActions) {
        return new StatusReport(view, config, status, failedActions, List.of());
    }

    public static StatusReport of(MembershipView view, ClusterConfig config, ClusterStatus status,
            List<OperationRecord> failedActions, List<LinkStatus> links) {
        return new StatusReport(view, config, status, failedActions, links);
    }

    /** This node's links: peers heard on each, frames dropped by reason. */
    public List<LinkStatus> links() {
        return links;
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
