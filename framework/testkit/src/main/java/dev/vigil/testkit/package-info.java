/** In-JVM twins for tests: a fake clock and a loopback network with loss, delay and partition knobs. */
@Export
@Version("1.0.0")
package dev.vigil.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
