package dev.vigil.fence;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A fence device type (a {@code fence_*} agent, the native local device, a test device),
 * registered as a whiteboard service with the property {@value #TYPE_PROPERTY}. Configured
 * devices ({@code class=stonith} primitives) name a type; the fencer calls it with each
 * device's parameters. Implementations are stateless, honour the request's timeout, and never
 * throw: an exception escaping is recorded as {@link FenceResult.Status#ERROR}.
 */
@ConsumerType
public interface FenceDevice {
    /** Service property naming the device type, e.g. {@code fence_dummy}. */
    String TYPE_PROPERTY = "vigil.fence.type";

    FenceDeviceMetadata metadata();

    FenceResult execute(FenceRequest request);
}
