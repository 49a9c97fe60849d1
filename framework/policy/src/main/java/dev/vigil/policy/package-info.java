/**
 * The policy engine, a pure function from configuration, status and time to a transition (a
 * DAG of actions), and the graph runner that walks a transition whatever executes it.
 */
@Export
@Version("1.5.0")
package dev.vigil.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
