package dev.vigil.model;

import java.util.Objects;

/** A Pacemaker CIB as read: the configuration and the status it records. */
public final class Cib {
    private final ClusterConfig config;
    private final ClusterStatus status;
    private final String featureSet;

    private Cib(ClusterConfig config, ClusterStatus status, String featureSet) {
        this.config = Objects.requireNonNull(config);
        this.status = Objects.requireNonNull(status);
        this.featureSet = featureSet;
    }

    public static Cib of(ClusterConfig config, ClusterStatus status) {
        return new Cib(config, status, null);
    }

    /**
     * The same, with the {@code crm_feature_set} of the Pacemaker version that wrote it: Pacemaker
     * keeps older behaviour for older CIBs, so {@link CibWriter} writes it back unchanged.
     */
    public Cib withFeatureSet(String version) {
        return new Cib(config, status, version);
    }

    public ClusterConfig config() {
        return config;
    }

    public ClusterStatus status() {
        return status;
    }

    /** The CIB's {@code crm_feature_set}, or null when it has none. */
    public String featureSet() {
        return featureSet;
    }
}
