package dev.vigil.membership.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.vigil.cluster.LinkStatus;
import dev.vigil.cluster.Membership;
import dev.vigil.cluster.MembershipListener;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.MessageHandler;
import dev.vigil.cluster.Registration;
import dev.vigil.heartbeat.KeyRing;
import dev.vigil.heartbeat.Timing;
import dev.vigil.model.Durations;
import dev.vigil.transport.Transport;

/**
 * Hosts every link of the node and runs the {@link MembershipEngine} on one thread: frames
 * from all links and the keepalive tick are serialized there. Listeners and message handlers
 * run on a second thread so that a slow one never delays a heartbeat.
 */
@Component(service = Membership.class, configurationPid = "dev.vigil.node",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = MembershipComponent.Config.class)
public final class MembershipComponent implements Membership {
    private static final Logger LOG = Logger.getLogger(MembershipComponent.class.getName());

    @ObjectClassDefinition(name = "Vigil node", description = "This node's identity, peers and heartbeat timing")
    public @interface Config {
        @AttributeDefinition(name = "Node name")
        String node_name();

        @AttributeDefinition(name = "Cluster name")
        String cluster_name() default "vigil";

        @AttributeDefinition(name = "Nodes", description = "Every node of the cluster, comma-separated; one vote each")
        String nodes();

        @AttributeDefinition(name = "Key file", description = "HMAC keys, relative to vigil.home")
        String key_file() default "etc/authkeys";

        String keepalive() default "200ms";

        String warntime() default "600ms";

        String deadtime() default "1s";

        String initdead() default "5s";

        @AttributeDefinition(name = "Lease", description = "How long resources keep running without hearing "
                + "from a majority; shorter than deadtime. Empty: half of deadtime")
        String lease() default "";

        @AttributeDefinition(name = "Two-node mode", description = "Corosync's two_node: with exactly two nodes, "
                + "one alone keeps quorum. Both halves of a split then keep it: use only with fencing")
        boolean two_node() default false;

        @AttributeDefinition(name = "Watchdog device", description = "Fed while this node holds its lease or "
                + "runs nothing: /dev/watchdog (softdog), or a test twin's FIFO. Empty: no watchdog")
        String watchdog_device() default "";

        @AttributeDefinition(name = "Watchdog timeout", description = "The device's own timeout (e.g. softdog's "
                + "soft_margin; a kernel watchdog counts whole seconds); the majority waits at least this long before "
                + "taking a lost node's resources")
        String watchdog_timeout() default "5s";

        @AttributeDefinition(name = "Wait for all", description = "No quorum until every node was seen together "
                + "once. Empty: on in two-node mode, off otherwise")
        String wait_for_all() default "";
    }

    private final Map<String, Transport> transports = new ConcurrentHashMap<>();
    private final java.util.Set<String> disabledLinks = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService engineThread;
    private final ExecutorService eventThread;
    private final MembershipEngine engine;
    private final NodeSettings settings;
    private final WatchdogGuard watchdog;

    @Activate
    public MembershipComponent(Config config) throws IOException {
        NodeSettings settings = settings(config);
        this.settings = settings;
        this.engineThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-membership"));
        this.eventThread = Executors.newSingleThreadExecutor(r -> daemon(r, "vigil-membership-events"));
        Instant boot = now();
        long incarnation = Incarnations.next(Path.of(System.getProperty("vigil.home", ".")).resolve("var/incarnation"));
        this.engine = new MembershipEngine(settings, incarnation, boot, this::sendOnAllLinks, eventThread);
        this.watchdog = new WatchdogGuard(settings.watchdogDevice, settings.watchdogTimeout);
        engine.setLeaseGuard(watchdog);
        if (settings.watchdogDevice != null && !java.nio.file.Files.isWritable(settings.watchdogDevice)) {
            throw new IllegalStateException("watchdog.device " + settings.watchdogDevice + " does not exist or "
                    + "cannot be written: load a watchdog driver (e.g. 'modprobe softdog soft_margin=5'), or leave "
                    + "watchdog.device empty to run without one");
        }
        long period = settings.timing.keepalive().toMillis();
        // Fixed delay, not fixed rate: after a stall, missed ticks must not run back to back ahead
        // of the frames that queued meanwhile (they would convict every peer).
        engineThread.scheduleWithFixedDelay(() -> onEngine(this::tick), 0, period, TimeUnit.MILLISECONDS);
        LOG.info(() -> "node " + settings.nodeName + " started, incarnation " + incarnation + ", cluster "
                + settings.cluster + " " + settings.nodes);
        transports.values().forEach(this::openLink);
    }

    private static NodeSettings settings(Config c) throws IOException {
        if (c.node_name() == null || c.nodes() == null) {
            throw new IllegalArgumentException("configuration dev.vigil.node must set node.name and nodes (got node.name="
                    + c.node_name() + ", nodes=" + c.nodes() + ")");
        }
        List<String> nodes = Arrays.stream(c.nodes().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
        Timing timing = Timing.of(Durations.parse(c.keepalive()), Durations.parse(c.warntime()),
                Durations.parse(c.deadtime()), Durations.parse(c.initdead()));
        Path keyFile = Path.of(System.getProperty("vigil.home", ".")).resolve(c.key_file());
        KeyRing keys = KeyFile.load(keyFile);
        java.time.Duration lease = c.lease() == null || c.lease().isBlank() ? timing.deadtime().dividedBy(2)
                : Durations.parse(c.lease());
        boolean waitForAll = c.wait_for_all() == null || c.wait_for_all().isBlank() ? c.two_node()
                : Boolean.parseBoolean(c.wait_for_all().trim());
        if (c.two_node()) {
            LOG.warning("two.node is on: a lone node keeps quorum, and so would both halves of a split; "
                    + "safe only where fencing decides which half survives");
        }
        Path watchdog = c.watchdog_device() == null || c.watchdog_device().isBlank() ? null
                : Path.of(c.watchdog_device().trim());
        NodeSettings s = new NodeSettings(c.node_name(), c.cluster_name(), nodes, timing, keys, lease, c.two_node(),
                waitForAll, watchdog, Durations.parse(c.watchdog_timeout()));
        if (watchdog == null) {
            LOG.warning("no watchdog.device: a node cut off from the majority has a stop budget of "
                    + s.stopBudget().toMillis() + " ms (deadtime " + timing.deadtime().toMillis() + " ms - lease "
                    + lease.toMillis() + " ms - a keepalive) to stop its resources before the majority starts them "
                    + "elsewhere; a slower stop, or a paused or hung process, can leave two copies running until it "
                    + "stops. A watchdog covers both");
        }
        return s;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Monotonic time: wall-clock steps must not make peers look dead or alive. */
    private static Instant now() {
        return Instant.ofEpochSecond(0, System.nanoTime());
    }

    /** On the engine thread: a tick proves the engine runs, so the watchdog is fed from here only. */
    private void tick() {
        engine.tick(now());
        watchdog.tick(engine.mayFeedWatchdog());
    }

    private void onEngine(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "membership engine failed", e);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTransport(Transport t) {
        transports.put(t.linkName(), t);
        if (engine != null) {
            openLink(t);
        }
    }

    void removeTransport(Transport t) {
        if (transports.remove(t.linkName(), t)) {
            t.close();
            LOG.info(() -> "link " + t.linkName() + " removed");
        }
    }

    private void openLink(Transport t) {
        t.open((link, frame) -> {
            if (disabledLinks.contains(link)) {
                return;
            }
            ByteBuffer copy = ByteBuffer.allocate(frame.remaining()).put(frame).flip();
            Instant at = now();
            engineThread.execute(() -> onEngine(() -> engine.onFrame(link, copy, at)));
        });
        LOG.info(() -> "link " + t.linkName() + " open");
    }

    private void sendOnAllLinks(ByteBuffer frame) {
        for (Transport t : transports.values()) {
            if (disabledLinks.contains(t.linkName())) {
                continue;
            }
            try {
                t.send(frame.duplicate());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "link " + t.linkName() + " failed to send", e);
            }
        }
    }

    @Deactivate
    void deactivate() {
        try {
            engineThread.submit(() -> watchdog.stop(engine.resourcesActive())).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "watchdog left armed", e);
        }
        engineThread.shutdownNow();
        eventThread.shutdownNow();
        transports.values().forEach(Transport::close);
    }

    @Override
    public java.time.Duration stopBudget() {
        return settings.stopBudget();
    }

    @Override
    public boolean watchdogConfigured() {
        return settings.watchdogDevice != null;
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
        return callOnEngine(() -> engine.subscribe(listener));
    }

    @Override
    public void send(String node, String topic, byte[] payload) {
        engineThread.execute(() -> onEngine(() -> engine.send(node, topic, payload, now())));
    }

    @Override
    public void broadcast(String topic, byte[] payload) {
        engineThread.execute(() -> onEngine(() -> engine.broadcast(topic, payload, now())));
    }

    @Override
    public Registration subscribe(String topic, MessageHandler handler) {
        return engine.subscribe(topic, handler);
    }

    @Override
    public List<LinkStatus> links() {
        return callOnEngine(() -> engine.links(transports.keySet(), now()));
    }

    @Override
    public void setLinkEnabled(String link, boolean enabled) {
        if (!transports.containsKey(link)) {
            throw new IllegalArgumentException("no link '" + link + "' (links: " + transports.keySet() + ")");
        }
        if (enabled ? disabledLinks.remove(link) : disabledLinks.add(link)) {
            LOG.warning(() -> "link " + link + (enabled ? " back in use" : " taken out of use by the operator"));
        }
    }

    @Override
    public void setResourcesActive(boolean active) {
        engineThread.execute(() -> onEngine(() -> engine.setResourcesActive(active)));
    }

    @Override
    public void setLeaving(boolean leaving) {
        engineThread.execute(() -> onEngine(() -> engine.setLeaving(leaving)));
    }

    private <T> T callOnEngine(java.util.concurrent.Callable<T> c) {
        try {
            return engineThread.submit(c).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("membership engine did not answer: " + e, e);
        }
    }
}
