/** What agents share: running processes with a deadline and a process-group kill, pid files, TCP and HTTP probes. */
@Export
@Version("1.1.0")
package dev.vigil.agent.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
