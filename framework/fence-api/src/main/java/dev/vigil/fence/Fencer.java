package dev.vigil.fence;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The cluster's fencer, as the coordinator and the operator use it: fences a node with the
 * configured devices (topology levels in order, with their delays, timeouts and retries) or,
 * where no device serves the target and every node runs a watchdog, by waiting out
 * {@code stonith-watchdog-timeout}; keeps the fence history. A node never powers itself off:
 * a fence of its own node is delegated to another member of the view, which runs it with its
 * own devices (the stage completes FAILED when no other member is there to ask).
 */
@ProviderType
public interface Fencer {
    /**
     * Fences {@code target}. The stage completes once the node is known to be fenced (its event
     * {@link FenceEvent.State#SUCCEEDED}) or every way to fence it failed (FAILED, with the
     * reason); it never completes exceptionally. A request for a node already being fenced
     * joins that operation.
     *
     * @param origin who asks (a node name, or {@code operator})
     * @param reason why, for the history and the journal
     */
    default CompletionStage<FenceEvent> fence(String target, FenceAction action, String origin, String reason) {
        return fence(target, action, origin, reason, Duration.ZERO);
    }

    /**
     * As {@link #fence(String, FenceAction, String, String)}, waiting {@code delay} more before
     * the first device acts (Pacemaker's {@code priority-fencing-delay}, which the coordinator
     * computes for the target); a request that joins one in progress does not add its delay.
     *
     * @param action {@link FenceAction#OFF}, {@link FenceAction#REBOOT} or {@link FenceAction#ON} (unfencing)
     * @throws IllegalArgumentException for another action or an empty target
     */
    CompletionStage<FenceEvent> fence(String target, FenceAction action, String origin, String reason,
            Duration delay);

    /**
     * Every fence operation of the cluster this node heard of since it joined (each completed
     * fence is shared with every member), oldest first (Pacemaker's {@code stonith_admin --history}).
     */
    List<FenceEvent> history();

    /** The configured devices and their last known state, for status. */
    List<FenceDeviceState> devices();
}
