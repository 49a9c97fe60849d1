package dev.vigil.agent;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/** What the executor tells an agent about where it runs. */
@ProviderType
public interface AgentContext {

    /** The name of the node the operation runs on. */
    String nodeName();

    /** A directory private to this node where agents may keep state files. */
    Path stateDirectory();
}
