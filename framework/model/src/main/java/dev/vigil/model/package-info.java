/**
 * Immutable cluster configuration and status types, the score type, the reader and writer
 * of the line-oriented configuration language (crmsh {@code configure} style), and the reader
 * and writer of Pacemaker CIB XML.
 */
@Export
@Version("1.9.0")
package dev.vigil.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
