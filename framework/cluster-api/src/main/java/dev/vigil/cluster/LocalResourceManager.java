package dev.vigil.cluster;

import java.util.List;
import java.util.Map;

import dev.vigil.model.ResourceState;

import org.osgi.annotation.versioning.ProviderType;

/** This node's executor: what it ran and what it believes runs here. */
@ProviderType
public interface LocalResourceManager {

    /** Completed operations, oldest first (bounded; the journal file keeps all). */
    List<OperationRecord> history();

    /** Resources this node has run an operation for, with their state. */
    Map<String, ResourceState> states();

    /** Forgets a resource's failures on this node (fail count and last failure). */
    void cleanup(String resourceId);
}
