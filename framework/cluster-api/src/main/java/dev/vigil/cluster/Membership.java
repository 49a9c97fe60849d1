package dev.vigil.cluster;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who is alive, the current view, and reliable, ordered, authenticated messages between nodes
 * (acknowledged and retransmitted over every link).
 */
@ProviderType
public interface Membership {

    String localNode();

    MembershipView view();

    /** Subscribes to view changes; the current view is delivered at once. */
    Registration subscribe(MembershipListener listener);

    /** Queues a message for one node; delivered once, in order, while both stay members. */
    void send(String node, String topic, byte[] payload);

    /** Queues a message for every member, this node included. */
    void broadcast(String topic, byte[] payload);

    Registration subscribe(String topic, MessageHandler handler);

    /** Per link: its state and counters, for operators. */
    List<LinkStatus> links();

    /**
     * Takes a link out of use (no frames sent or accepted on it) or back: for maintenance of a
     * link without touching its configuration.
     *
     * @throws IllegalArgumentException when no link has that name
     */
    void setLinkEnabled(String link, boolean enabled);

    /**
     * Announces that this node is shutting down cleanly (or, with {@code false}, that it no
     * longer is): every member sees it in {@link MembershipView#leaving()}, the DC moves or
     * stops what runs here, and a DC that leaves hands its role to another member.
     */
    void setLeaving(boolean leaving);

    /**
     * The executor says whether anything is active or being started on this node. With a
     * watchdog configured, the node keeps feeding it without a lease only while nothing is.
     */
    void setResourcesActive(boolean active);

    /**
     * The stop budget: how long this node has, at worst, to stop its resources once it has lost
     * its lease, before the majority may start them elsewhere (the majority's wait, less the
     * lease and a keepalive to notice the loss). Null when this membership does not say.
     */
    default Duration stopBudget() {
        return null;
    }

    /**
     * Whether a watchdog resets this node when it keeps resources active without its lease: a
     * stop slower than {@link #stopBudget()} is then covered (the machine resets before the
     * majority acts).
     */
    default boolean watchdogConfigured() {
        return false;
    }
}
