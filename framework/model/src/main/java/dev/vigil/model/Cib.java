package dev.vigil.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A Pacemaker CIB as read: the configuration and the status it records. */
public final class Cib {
    private final ClusterConfig config;
    private final ClusterStatus status;
    private final Instant executionDate;
    private final String featureSet;

    private Cib(ClusterConfig config, ClusterStatus status, Instant executionDate, String featureSet) {
        this.config = Objects.requireNonNull(config);
        this.status = Objects.requireNonNull(status);
        this.executionDate = executionDate;
        this.featureSet = featureSet;
    }

    public static Cib of(ClusterConfig config, ClusterStatus status) {
        return new Cib(config, status, null, null);
    }

    /** The same CIB, saved with the time the scheduler ran on it. */
    public Cib withExecutionDate(Instant when) {
        return new Cib(config, status, when, featureSet);
    }

    /**
     * The same, with the {@code crm_feature_set} of the Pacemaker version that wrote it: Pacemaker
     * keeps older behaviour for older CIBs, so {@link CibWriter} writes it back unchanged.
     */
    public Cib withFeatureSet(String version) {
        return new Cib(config, status, executionDate, version);
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

    /** The CIB's {@code crm_feature_set}, or null when it has none. */
    public String featureSet() {
        return featureSet;
    }
}
