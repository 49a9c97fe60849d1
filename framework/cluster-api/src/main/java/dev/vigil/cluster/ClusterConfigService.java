package dev.vigil.cluster;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import dev.vigil.model.ClusterConfig;

import org.osgi.annotation.versioning.ProviderType;

/** The replicated, versioned cluster configuration. */
@ProviderType
public interface ClusterConfigService {

    ClusterConfig current();

    /**
     * Applies a change, bumps the version and replicates the result to every member.
     *
     * @throws IllegalArgumentException when the change is refused; the running configuration is untouched
     */
    ClusterConfig update(UnaryOperator<ClusterConfig> change);

    /** Subscribes to configuration changes; the current configuration is delivered at once. */
    Registration subscribe(Consumer<ClusterConfig> listener);
}
