/**
 * The pure core of membership: the signed frame format, the replay window, liveness as a
 * function of last-heard times, quorum arithmetic, the coordinator choice, and the state of
 * reliable message streams. No sockets, threads or clocks: time is always an argument.
 */
@Export
@Version("2.0.0")
package dev.vigil.heartbeat;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
