package dev.vigil.transport;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives raw frames from a link. Called on the link's receiver thread; must not block. */
@ConsumerType
@FunctionalInterface
public interface FrameSink {
    void onFrame(String linkName, ByteBuffer frame);
}
