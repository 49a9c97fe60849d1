package dev.vigil.model;

import java.util.Objects;

/** A Pacemaker CIB as read: the configuration and the status it records. */
public final class Cib {
    private final ClusterConfig config;
    private final ClusterStatus status;

    private Cib(ClusterConfig config, ClusterStatus status) {
        this.config = Objects.requireNonNull(config);
        this.status = Objects.requireNonNull(status);
    }

    public static Cib of(ClusterConfig config, ClusterStatus status) {
        return new Cib(config, status);
    }

    public ClusterConfig config() {
        return config;
    }

    public ClusterStatus status() {
        return status;
    }
}
