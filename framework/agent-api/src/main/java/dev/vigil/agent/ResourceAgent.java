package dev.vigil.agent;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A resource agent type (an OCF "type"). Registered as an OSGi service with the property
 * {@value #TYPE_PROPERTY} naming the type resources refer to. Implementations must be
 * stateless with respect to resources: everything a call needs is in its request.
 *
 * <p>Every method returns a result rather than throwing; an exception escaping an agent is
 * recorded by the executor as {@link OcfStatus#ERR_GENERIC}.
 */
@ConsumerType
public interface ResourceAgent {

    /** Service property naming the agent type, e.g. {@code dummy}. */
    String TYPE_PROPERTY = "vigil.agent.type";

    AgentMetadata metadata();

    AgentResult validate(AgentRequest request);

    AgentResult start(AgentRequest request);

    AgentResult stop(AgentRequest request);

    /** Interval 0 is a probe: answer {@link OcfStatus#NOT_RUNNING} cleanly when stopped. */
    AgentResult monitor(AgentRequest request);

    /** Calls the method of {@code agent} that the request's action names. */
    static AgentResult perform(ResourceAgent agent, AgentRequest request) {
        switch (request.action()) {
            case START:
                return agent.start(request);
            case STOP:
                return agent.stop(request);
            case MONITOR:
                return agent.monitor(request);
            case VALIDATE:
                return agent.validate(request);
            case PROMOTE:
                return agent.promote(request);
            case DEMOTE:
                return agent.demote(request);
            case NOTIFY:
                return agent.notify(request);
            case RELOAD:
                return agent.reload(request);
            case MIGRATE_TO:
                return agent.migrateTo(request);
            case MIGRATE_FROM:
                return agent.migrateFrom(request);
            default:
                return AgentResult.of(OcfStatus.UNIMPLEMENTED, request.action().ocfName() + " is not an operation");
        }
    }

    default AgentResult promote(AgentRequest request) {
        return AgentResult.of(OcfStatus.UNIMPLEMENTED, "promote is not implemented");
    }

    default AgentResult demote(AgentRequest request) {
        return AgentResult.of(OcfStatus.UNIMPLEMENTED, "demote is not implemented");
    }

    /**
     * A clone notification ({@link AgentRequest#notifyVariables()} says what happens around the
     * instance). An agent with nothing to do on notifications answers success, as this default
     * does; a failed notification is logged, never held against the resource (as Pacemaker).
     */
    default AgentResult notify(AgentRequest request) {
        return AgentResult.of(OcfStatus.OK, "nothing to do on notifications");
    }

    default AgentResult reload(AgentRequest request) {
        return AgentResult.of(OcfStatus.UNIMPLEMENTED, "reload is not implemented");
    }

    /**
     * Live migration, first half, on the node where it runs: hand the resource over to
     * {@link AgentRequest#migrateTarget()}. Only asked of resources configured with
     * allow-migrate; a stop on this node follows once the target took over.
     */
    default AgentResult migrateTo(AgentRequest request) {
        return AgentResult.of(OcfStatus.UNIMPLEMENTED, "migrate_to is not implemented");
    }

    /** Live migration, second half, on the target: take the resource over from {@link AgentRequest#migrateSource()}. */
    default AgentResult migrateFrom(AgentRequest request) {
        return AgentResult.of(OcfStatus.UNIMPLEMENTED, "migrate_from is not implemented");
    }
}
