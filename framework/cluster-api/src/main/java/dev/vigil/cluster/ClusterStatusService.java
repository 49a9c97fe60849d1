package dev.vigil.cluster;

import org.osgi.annotation.versioning.ProviderType;

/** The cluster as this node knows it: every node's resource states, gathered from their reports. */
@ProviderType
public interface ClusterStatusService {

    StatusReport report();

    /** Asks every node to forget the resource's failures. */
    void cleanup(String resourceId);
}
