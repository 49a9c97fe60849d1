package dev.vigil.controller.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.ClusterConfigService;
import dev.vigil.cluster.ClusterStatusService;
import dev.vigil.cluster.LrmUpdate;
import dev.vigil.cluster.Membership;
import dev.vigil.cluster.Registration;
import dev.vigil.cluster.StatusReport;
import dev.vigil.fence.Fencer;

/**
 * Runs on every node: gathers the cluster status from the executors' reports, and drives the
 * {@link Controller}, which acts only while this node is the DC. All inputs are serialized
 * on one event thread.
 */
@Component(service = ClusterStatusService.class, immediate = true)
public final class ControllerComponent implements ClusterStatusService {
    /** Same topic as the executor's cleanup request. */
    static final String CLEANUP_TOPIC = "lrm.cleanup";
    private static final Logger LOG = Logger.getLogger(ControllerComponent.class.getName());

    private final Membership membership;
    private final ClusterConfigService configService;
    private final ScheduledExecutorService events;
    private final StatusCollector collector = new StatusCollector();
    private final Controller controller;
    private final List<Registration> registrations;
    /** The cluster's fencer, when one runs: optional, and may come and go while the node runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Fencer fencer;

    @Activate
    public ControllerComponent(@Reference Membership membership, @Reference ClusterConfigService configService) {
        this.membership = membership;
        this.configService = configService;
        this.events = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-controller");
            t.setDaemon(true);
            return t;
        });
        Path home = Path.of(System.getProperty("vigil.home", "."));
        this.controller = new Controller(collector,
                (node, request) -> membership.send(node, ActionRequest.TOPIC, request.encode()),
                new InputArchive(home.resolve("var/pe")),
                token -> membership.broadcast(LrmUpdate.QUERY_TOPIC, token.getBytes(StandardCharsets.UTF_8)),
                Clock.systemUTC(), new FenceGateway(() -> fencer, this::onEvent,
                        new FenceJournal(home.resolve("var/fence.log"))));
        this.registrations = List.of(
                membership.subscribe(v -> onEvent(() -> controller.onView(v))),
                configService.subscribe(c -> onEvent(() -> controller.onConfig(c))),
                membership.subscribe(LrmUpdate.TOPIC, this::onUpdate));
        events.scheduleWithFixedDelay(() -> onEvent(controller::onTimer), 1, 1, TimeUnit.SECONDS);
        membership.broadcast(LrmUpdate.QUERY_TOPIC, new byte[0]); // states sent before this existed are lost
    }

    private void onUpdate(String from, byte[] payload) {
        LrmUpdate update;
        try {
            update = LrmUpdate.decode(payload);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "ignoring a malformed state update from " + from + ": " + e.getMessage());
            return;
        }
        onEvent(() -> controller.onUpdate(from, update));
    }

    private void onEvent(Runnable r) {
        events.execute(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "controller failed on an event", e);
            }
        });
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(Registration::close);
        events.shutdownNow();
    }

    @Override
    public StatusReport report() {
        java.util.List<dev.vigil.cluster.LinkStatus> links = membership.links();
        return call(() -> StatusReport.of(membership.view(), configService.current(), collector.snapshot(),
                collector.failures(), links));
    }

    @Override
    public void cleanup(String resourceId) {
        if (configService.current().resource(resourceId).isEmpty()) {
            throw new IllegalArgumentException("no such resource: '" + resourceId + "'");
        }
        call(() -> {
            collector.forgetFailures(resourceId);
            return null;
        });
        membership.broadcast(CLEANUP_TOPIC, resourceId.getBytes(StandardCharsets.UTF_8));
    }

    private <T> T call(Callable<T> c) {
        try {
            return events.submit(c).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("controller did not answer: " + e, e);
        }
    }
}
