package dev.vigil.transport;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One link to the other nodes (a UDP socket, a serial line, an in-JVM pipe). Registered as a
 * service with the property {@value #LINK_PROPERTY}; the membership layer opens it.
 */
@ConsumerType
public interface Transport {

    /** Service property: the link's name, unique on the node. */
    String LINK_PROPERTY = "vigil.link";

    String linkName();

    /** Starts delivering received frames to {@code sink}. */
    void open(FrameSink sink);

    /**
     * Sends one frame to every peer on the link. Best effort: never blocks for long and never
     * throws for a network error (a lost frame is the same as an undelivered one).
     */
    void send(ByteBuffer frame);

    /** Stops delivering and releases the link's resources. */
    void close();
}
