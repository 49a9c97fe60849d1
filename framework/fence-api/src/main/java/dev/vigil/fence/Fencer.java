package dev.vigil.fence;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The cluster's fencer, as the coordinator and the operator use it: fences a node with the
 * configured devices (topology levels in order, run from a node other than the target, with
 * their delays, timeouts and retries) or, where no device serves the target and every node
 * runs a watchdog, by waiting out {@code stonith-watchdog-timeout}; keeps the fence history.
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
    CompletionStage<FenceEvent> fence(String target, FenceAction action, String origin, String reason);

    /** Every fence operation this node knows of, oldest first (Pacemaker's {@code stonith_admin --history}). */
    List<FenceEvent> history();

    /** The configured devices and their last known state, for status. */
    List<FenceDeviceState> devices();
}
