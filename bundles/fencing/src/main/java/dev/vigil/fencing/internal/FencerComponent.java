package dev.vigil.fencing.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
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
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.vigil.cluster.ClusterConfigService;
import dev.vigil.cluster.Membership;
import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDevice;
import dev.vigil.fence.FenceDeviceState;
import dev.vigil.fence.FenceEvent;
import dev.vigil.fence.Fencer;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.Durations;

/**
 * This node's fencer: the {@link Fencer} service over the configured {@code class=stonith}
 * devices and the installed {@link FenceDevice} types (whiteboard), delegating what this node
 * must not run to another member and sharing the history (see {@link ClusterFencer}). Every fence event is a line
 * in {@code var/fencing.log} ({@code epochMillis fence: ...}) and in the node's log; device
 * monitors run every {@code monitor.interval}.
 */
@Component(service = Fencer.class, immediate = true, configurationPid = "dev.vigil.fencing")
@Designate(ocd = FencerComponent.Config.class)
public final class FencerComponent implements Fencer {
    private static final Logger LOG = Logger.getLogger(FencerComponent.class.getName());

    @ObjectClassDefinition(name = "Vigil fencer", description = "How this node's fencer watches its devices")
    public @interface Config {
        @AttributeDefinition(name = "Monitor interval", description = "How often every configured fence device's "
                + "monitor runs (0s: never)")
        String monitor_interval() default "60s";
    }

    private final Map<String, FenceDevice> types = new ConcurrentHashMap<>();
    private final ExecutorService operations;
    private final ScheduledExecutorService monitors;
    private final Writer journalFile;
    private final FencingService service;
    private final ClusterFencer cluster;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterConfigService configService;

    @Activate
    public FencerComponent(Config config, @Reference Membership membership) throws IOException {
        Path log = Path.of(System.getProperty("vigil.home", ".")).resolve("var/fencing.log");
        Files.createDirectories(log.getParent());
        this.journalFile = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        this.operations = Executors.newCachedThreadPool(r -> daemon(r, "vigil-fence"));
        this.monitors = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-fence-monitor"));
        this.service = new FencingService(membership.localNode(), this::currentConfig, types::get,
                DeviceCaller.guarded(operations), Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()), new SecureRandom(), operations, this::journal);
        service.memberCheck(n -> membership.view().members().contains(n));
        this.cluster = new ClusterFencer(membership, service, Clock.systemUTC(), operations, this::journal).start();
        long every = monitorInterval(config.monitor_interval());
        if (every > 0) {
            monitors.scheduleWithFixedDelay(this::monitorDevices, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** The monitor interval; a value that cannot be read keeps the default (a fencer must run regardless). */
    private static long monitorInterval(String value) {
        try {
            return Durations.parse(value).toMillis();
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "fencer: monitor.interval '" + value + "' is not a duration (" + e.getMessage()
                    + "); using 60s");
            return 60_000;
        }
    }

    private ClusterConfig currentConfig() {
        ClusterConfigService c = configService;
        return c == null ? ClusterConfig.empty() : c.current();
    }

    private void monitorDevices() {
        try {
            service.monitorDevices();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "fence device monitors failed", e);
        }
    }

    private synchronized void journal(String line) {
        LOG.info(line);
        try {
            journalFile.write(System.currentTimeMillis() + " " + line.replace('\n', ' ') + "\n");
            journalFile.flush();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write the fencing journal", e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDevice(FenceDevice device, Map<String, Object> props) {
        Object type = props.get(FenceDevice.TYPE_PROPERTY);
        if (type == null) {
            LOG.warning(() -> "fence device service " + device.getClass().getName() + " lacks property "
                    + FenceDevice.TYPE_PROPERTY + "; ignored");
            return;
        }
        types.put(type.toString(), device);
        LOG.fine(() -> "fence device type " + type + " installed");
    }

    void removeDevice(FenceDevice device, Map<String, Object> props) {
        Object type = props.get(FenceDevice.TYPE_PROPERTY);
        if (type != null && types.remove(type.toString(), device)) {
            LOG.fine(() -> "fence device type " + type + " removed");
        }
    }

    @Override
    public CompletionStage<FenceEvent> fence(String target, FenceAction action, String origin, String reason,
            Duration delay) {
        return cluster.fence(target, action, origin, reason, delay);
    }

    @Override
    public List<FenceEvent> history() {
        return cluster.history();
    }

    @Override
    public List<FenceDeviceState> devices() {
        return service.devices();
    }

    @Deactivate
    void deactivate() throws IOException {
        cluster.stop();
        monitors.shutdownNow();
        operations.shutdownNow();
        synchronized (this) {
            journalFile.close();
        }
    }
}
