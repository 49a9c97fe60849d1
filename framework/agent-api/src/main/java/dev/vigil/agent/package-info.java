/**
 * The resource agent SPI, modelled on OCF so that an OCF script bridge is a parser, not a
 * translator. Agents are stateless types registered as whiteboard services; only the
 * executor calls them.
 */
@Export
@Version("1.2.0")
package dev.vigil.agent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
