package dev.vigil.cluster;

import org.osgi.annotation.versioning.ConsumerType;

/** Told of each new view, in order, on the membership thread; must not block. */
@ConsumerType
@FunctionalInterface
public interface MembershipListener {
    void viewChanged(MembershipView view);
}
