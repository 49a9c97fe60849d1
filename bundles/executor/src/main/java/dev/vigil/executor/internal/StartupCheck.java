package dev.vigil.executor.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.logging.Logger;

import dev.vigil.agent.AgentAction;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.Resource;

/**
 * A node that comes up without quorum applies no-quorum-policy=stop to what it finds running:
 * no DC will probe it, so it probes every configured resource itself (from its local copy of
 * the configuration) and, if it still has no quorum or lease afterwards, stops whatever its
 * probes found active (a crash left it running, and the majority may run it elsewhere).
 */
final class StartupCheck {
    private static final Logger LOG = Logger.getLogger(StartupCheck.class.getName());
    static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(20);

    private StartupCheck() {
    }

    /** True when the view lets this node keep resources: quorate, with its lease. */
    static boolean quorate(MembershipView v) {
        return v != null && v.quorate() && v.leaseHeld();
    }

    /** Probe requests (without ids) for every configured primitive this node knows nothing about. */
    static List<ActionRequest> probesFor(ClusterConfig config, Map<String, ?> known) {
        List<ActionRequest> out = new ArrayList<>();
        for (Resource r : config.resources()) {
            if (!known.containsKey(r.id())) {
                out.add(ActionRequest.of("probe", r.id(), r.agentSpec(), AgentAction.MONITOR, Duration.ZERO,
                        r.timeoutOf("monitor", DEFAULT_PROBE_TIMEOUT), r.params()));
            }
        }
        return out;
    }

    /** A stop on this node's own initiative for a configured resource, or null when it is not configured. */
    static ActionRequest stopTemplate(ClusterConfig config, String resource) {
        return config.resource(resource).map(r -> ActionRequest.of("stop", r.id(), r.agentSpec(), AgentAction.STOP,
                Duration.ZERO, r.timeoutOf("stop", ResourceExecutor.DEFAULT_SELF_STOP_TIMEOUT), r.params()))
                .orElse(null);
    }

    /**
     * Runs the probes, then stops what they found active if the view is still without quorum or
     * lease and the policy is not freeze/ignore. Completes with the stops made (empty if none).
     */
    static CompletableFuture<List<OperationRecord>> run(ResourceExecutor executor, List<ActionRequest> probes,
            Supplier<MembershipView> view, String noQuorumPolicy) {
        LOG.warning(() -> "no quorum since start: probing " + probes.size() + " configured resource(s) to find "
                + "what still runs here");
        List<CompletableFuture<OperationRecord>> all = new ArrayList<>();
        for (ActionRequest p : probes) {
            all.add(executor.probe(p.resource(), p.agent(), p.timeout(), p.params()));
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenCompose(x -> {
            if (quorate(view.get())) {
                return CompletableFuture.completedFuture(List.of()); // the DC decides now
            }
            if ("freeze".equals(noQuorumPolicy) || "ignore".equals(noQuorumPolicy)) {
                LOG.warning(() -> "no quorum, no-quorum-policy=" + noQuorumPolicy + ": leaving what runs here");
                return CompletableFuture.completedFuture(List.of());
            }
            return executor.stopAll("started without quorum (no-quorum-policy=stop)");
        });
    }
}
