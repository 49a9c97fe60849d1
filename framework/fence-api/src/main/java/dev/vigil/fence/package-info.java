/**
 * Fencing (STONITH): the fence device SPI that device implementations register as whiteboard
 * services (the {@code fence_*} exec bridge, the native local device, tests' devices), and the
 * {@link dev.vigil.fence.Fencer} service through which the coordinator fences a node. Names
 * follow Pacemaker's fencer ({@code pcmk_host_list}, topology levels, fence history).
 */
@Export
@Version("1.0.0")
package dev.vigil.fence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
