/**
 * The transport SPI: a link is a dumb, best-effort frame pipe. Authentication, ordering and
 * liveness are the membership layer's business.
 */
@Export
@Version("1.0.0")
package dev.vigil.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
