package dev.vigil.simulation;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.vigil.cluster.LinkStatus;
import dev.vigil.cluster.Membership;
import dev.vigil.cluster.MembershipListener;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.MessageHandler;
import dev.vigil.cluster.Registration;
import dev.vigil.membership.internal.MembershipEngine;

/**
 * The {@link Membership} service of one simulated node, as {@code MembershipComponent} offers it,
 * over the real {@link MembershipEngine}, called on the simulation's thread. Every message that
 * goes through it is recorded for the {@link MessageAudit}.
 */
final class SimMembership implements Membership {
    private final MembershipEngine engine;
    private final Clock clock;
    private final MessageAudit audit;
    private final Set<String> topics = new HashSet<>();

    SimMembership(MembershipEngine engine, Clock clock, MessageAudit audit) {
        this.engine = engine;
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    public String localNode() {
        return engine.localNode();
    }

    @Override
    public MembershipView view() {
        return engine.view();
    }

    @Override
    public Registration subscribe(MembershipListener listener) {
        return engine.subscribe(listener);
    }

    @Override
    public void send(String node, String topic, byte[] payload) {
        long id = audit.newId();
        // Recorded before the engine sends (a message to itself is delivered to the queue at once).
        audit.sent(id, localNode(), engine.incarnation(), node, topic, clock.instant());
        if (!engine.send(node, topic, audit.tag(id, payload), clock.instant())) {
            audit.notSent(id, node);
        }
    }

    @Override
    public void broadcast(String topic, byte[] payload) {
        long id = audit.newId();
        for (String member : engine.view().members()) {
            audit.sent(id, localNode(), engine.incarnation(), member, topic, clock.instant());
        }
        engine.broadcast(topic, audit.tag(id, payload), clock.instant());
    }

    @Override
    public Registration subscribe(String topic, MessageHandler handler) {
        if (!topics.add(topic)) {
            throw new IllegalStateException("one handler per topic in the simulation (the audit counts deliveries): "
                    + topic);
        }
        return engine.subscribe(topic, (from, tagged) -> {
            audit.delivered(MessageAudit.idOf(tagged), from, localNode(), engine.incarnation(), clock.instant());
            handler.onMessage(from, MessageAudit.payloadOf(tagged));
        });
    }

    @Override
    public List<LinkStatus> links() {
        return List.of();
    }

    @Override
    public void setLinkEnabled(String link, boolean enabled) {
        throw new UnsupportedOperationException("one link in the simulation");
    }

    @Override
    public void setLeaving(boolean leaving) {
        engine.setLeaving(leaving);
    }

    @Override
    public void setResourcesActive(boolean active) {
        engine.setResourcesActive(active);
    }
}
