package dev.vigil.model;

import java.time.Duration;
import java.util.Objects;

/**
 * An operation recorded in a resource's history since it last started, with the digests of the
 * parameters it ran with (Pacemaker's {@code op-digest}, {@code op-restart-digest} and
 * {@code op-force-restart}): what the engine compares with the configuration to find a
 * definition change.
 */
public final class RecordedOperation {
    private final String task;
    private final Duration interval;
    private final String digest;
    private final String restartDigest;
    private final String forceRestart;
    private final String secureDigest;
    private final String secureParams;
    private final String featureSet;
    private final boolean pending;

    private RecordedOperation(String task, Duration interval, String digest, String restartDigest,
            String forceRestart, String secureDigest, String secureParams, String featureSet, boolean pending) {
        this.pending = pending;
        this.secureDigest = secureDigest;
        this.secureParams = secureParams;
        this.featureSet = featureSet;
        this.task = Objects.requireNonNull(task);
        this.interval = Objects.requireNonNull(interval);
        this.digest = digest;
        this.restartDigest = restartDigest;
        this.forceRestart = forceRestart;
    }

    /**
     * @param digest the digest of all its parameters, or null when none was recorded
     * @param restartDigest the digest of the parameters a reload cannot change, or null when the
     *        agent does not support reload
     * @param forceRestart those parameters' names, space-separated, or null
     */
    public static RecordedOperation of(String task, Duration interval, String digest, String restartDigest,
            String forceRestart) {
        return new RecordedOperation(task, interval, digest, restartDigest, forceRestart, null, null, null, false);
    }

    /**
     * The same, with the digest of its parameters without the secret ones
     * ({@code op-secure-digest}), their names ({@code op-secure-params}) and the version of the
     * recording controller ({@code crm_feature_set}), which decides how that digest was made.
     */
    public RecordedOperation withSecureDigest(String digest, String params, String version) {
        return new RecordedOperation(task, interval, this.digest, restartDigest, forceRestart, digest, params,
                version, pending);
    }

    /**
     * As {@code of(...).withSecureDigest(...)}, and {@link #asPending()} when {@code pending}: one
     * object made, not two or three (a replay makes one per operation recorded since the start).
     */
    static RecordedOperation recorded(String task, Duration interval, String digest, String restartDigest,
            String forceRestart, String secureDigest, String secureParams, String featureSet, boolean pending) {
        return new RecordedOperation(task, interval, digest, restartDigest, forceRestart, secureDigest, secureParams,
                featureSet, pending);
    }

    /** The same, still in flight (its result not yet recorded). */
    public RecordedOperation asPending() {
        return new RecordedOperation(task, interval, digest, restartDigest, forceRestart, secureDigest, secureParams,
                featureSet, true);
    }

    public boolean pending() {
        return pending;
    }

    public String secureDigest() {
        return secureDigest;
    }

    public String secureParams() {
        return secureParams;
    }

    /** The feature set of the controller that recorded it, or null. */
    public String featureSet() {
        return featureSet;
    }

    public String task() {
        return task;
    }

    public Duration interval() {
        return interval;
    }

    public String digest() {
        return digest;
    }

    public String restartDigest() {
        return restartDigest;
    }

    public String forceRestart() {
        return forceRestart;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecordedOperation)) {
            return false;
        }
        RecordedOperation r = (RecordedOperation) o;
        return task.equals(r.task) && interval.equals(r.interval) && Objects.equals(digest, r.digest)
                && Objects.equals(restartDigest, r.restartDigest) && Objects.equals(forceRestart, r.forceRestart)
                && Objects.equals(secureDigest, r.secureDigest) && Objects.equals(secureParams, r.secureParams)
                && Objects.equals(featureSet, r.featureSet) && pending == r.pending;
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, interval, digest, restartDigest);
    }

    @Override
    public String toString() {
        return task + "_" + interval.toMillis() + (digest == null ? "" : " " + digest);
    }
}
