package dev.vigil.cluster;

/** Undoes a subscription. */
@FunctionalInterface
public interface Registration extends AutoCloseable {
    @Override
    void close();
}
