/**
 * The services the cluster layers offer each other and the shell: membership and messaging,
 * the replicated configuration, the local resource manager and the cluster status.
 */
@Export
@Version("1.6.0")
package dev.vigil.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
