package dev.vigil.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A Pacemaker CIB as read: the configuration and the status it records. */
public final class Cib {
    private final ClusterConfig config;
    private final ClusterStatus status;
    private final Instant executionDate;

    private Cib(ClusterConfig config, ClusterStatus status, Instant executionDate) {
        this.config = Objects.requireNonNull(config);
        this.status = Objects.requireNonNull(status);
        this.executionDate = executionDate;
    }

    public static Cib of(ClusterConfig config, ClusterStatus status) {
        return new Cib(config, status, null);
    }

    /** The same CIB, saved with the time the scheduler ran on it. */
    public Cib withExecutionDate(Instant when) {
        return new Cib(config, status, when);
    }

    public ClusterConfig config() {
        return config;
    }

    public ClusterStatus status() {
        return status;
    }

    /**
     * When the scheduler ran on this CIB ({@code execution-date}, seconds since the epoch, which
     * Pacemaker writes into the inputs it saves): a replay decides as of that time.
     */
    public Optional<Instant> executionDate() {
        return Optional.ofNullable(executionDate);
    }
}
