package dev.vigil.cluster;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives reliable messages of one topic, in the order each sender sent them. */
@ConsumerType
@FunctionalInterface
public interface MessageHandler {
    void onMessage(String fromNode, byte[] payload);
}
