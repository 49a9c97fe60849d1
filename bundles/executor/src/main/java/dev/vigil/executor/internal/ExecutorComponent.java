package dev.vigil.executor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.vigil.agent.AgentContext;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.cluster.ClusterConfigService;
import dev.vigil.cluster.LocalResourceManager;
import dev.vigil.cluster.Membership;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.cluster.Registration;
import dev.vigil.model.Durations;
import dev.vigil.model.ResourceState;

/**
 * The node's local resource manager: runs what the DC of its current view asks (and refuses,
 * with an answer, what anyone else asks), reports every state change to all members, and
 * journals every operation under {@code var/}. On shutdown it hands its resources over to the
 * DC first (see {@link ShutdownHandover}); it starts when the framework begins to stop, while
 * every agent bundle is still there.
 */
@Component(service = LocalResourceManager.class, immediate = true, configurationPid = "dev.vigil.executor")
@Designate(ocd = ExecutorComponent.Config.class)
public final class ExecutorComponent implements LocalResourceManager {
    /** Topic of a request to forget a resource's failures; the payload is the resource id. */
    public static final String CLEANUP_TOPIC = NodeExecutor.CLEANUP_TOPIC;
    private static final Logger LOG = Logger.getLogger(ExecutorComponent.class.getName());

    @ObjectClassDefinition(name = "Vigil executor", description = "How this node's executor shuts down and starts")
    public @interface Config {
        @AttributeDefinition(name = "Shutdown escalation", description = "Pacemaker's shutdown-escalation: how "
                + "long a node that is asked to stop waits for the DC to stop or move its resources before it "
                + "stops them itself")
        String shutdown_escalation() default "5m";

        @AttributeDefinition(name = "Operation timeout grace", description = "After an operation timed out and "
                + "its agent was interrupted, how long to wait for the agent to end before the resource's next "
                + "operation runs anyway")
        String operation_timeout_grace() default "3s";

        @AttributeDefinition(name = "Agent startup wait", description = "For this long after the executor "
                + "starts, agent bundles may still be loading: a probe whose agent is missing waits for it and "
                + "leaves the resource's state unknown instead of taking it for stopped")
        String agent_startup_wait() default "30s";

        @AttributeDefinition(name = "Startup quorum wait", description = "A node that has no quorum this long "
                + "after it started probes the configured resources itself and stops what it finds running "
                + "(no-quorum-policy=stop)")
        String startup_quorum_wait() default "15s";
    }

    private final Map<String, ResourceAgent> agents = new ConcurrentHashMap<>();
    private final BundleContext context;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final OperationJournal journal;
    private final NodeExecutor executor;
    private final SynchronousBundleListener frameworkStopping;

    private volatile ClusterConfigService configService;
    private Registration configSubscription;
    private final StopBudgetWarnings stopBudget;

    @Activate
    public ExecutorComponent(BundleContext context, Config config, @Reference Membership membership)
            throws IOException {
        this.context = context;
        Path home = Path.of(System.getProperty("vigil.home", "."));
        Path stateDir = home.resolve("var/state");
        Files.createDirectories(stateDir);
        String node = membership.localNode();
        this.stopBudget = new StopBudgetWarnings(membership.stopBudget(), membership.watchdogConfigured());
        AgentContext agentContext = new AgentContext() {
            @Override
            public String nodeName() {
                return node;
            }

            @Override
            public Path stateDirectory() {
                return stateDir;
            }
        };
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-monitors"));
        this.workers = Executors.newCachedThreadPool(r -> daemon(r, "vigil-agent"));
        this.journal = new OperationJournal(home.resolve("var/operations.log"));
        this.executor = new NodeExecutor(membership, agentContext, this::agentFor, scheduler, workers,
                ResourceExecutor::threadLane, Clock.systemUTC(), System::nanoTime, journal::append, () -> {
                    ClusterConfigService c = configService;
                    return c == null ? null : c.current();
                }, new NodeExecutor.Settings(Durations.parse(config.shutdown_escalation()),
                        Durations.parse(config.operation_timeout_grace()), Durations.parse(config.agent_startup_wait()),
                        Durations.parse(config.startup_quorum_wait())));
        // The framework stops agent bundles before this one: hand over when it *begins* to stop.
        this.frameworkStopping = event -> {
            if (event.getBundle().getBundleId() == 0 && event.getType() == BundleEvent.STOPPING) {
                executor.shutDown("the framework is stopping");
            }
        };
        if (context != null) {
            context.addBundleListener(frameworkStopping);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindConfigService")
    synchronized void bindConfigService(ClusterConfigService service) {
        closeConfigSubscription();
        configService = service;
        configSubscription = service.subscribe(c -> stopBudget.check(c).forEach(LOG::warning));
    }

    synchronized void unbindConfigService(ClusterConfigService service) {
        if (configService == service) {
            closeConfigSubscription();
            configService = null;
        }
    }

    private void closeConfigSubscription() {
        if (configSubscription != null) {
            configSubscription.close();
            configSubscription = null;
        }
    }

    @Modified
    void modified(Config config) {
        // Without this, a changed setting would deactivate the component: a full handover.
        executor.setShutdownEscalation(Durations.parse(config.shutdown_escalation()));
        executor.setAgentStartupWait(Durations.parse(config.agent_startup_wait()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAgent(ResourceAgent agent, Map<String, Object> props) {
        Object type = props.get(ResourceAgent.TYPE_PROPERTY);
        if (type == null) {
            LOG.warning(() -> "agent service " + agent.getClass().getName() + " lacks property "
                    + ResourceAgent.TYPE_PROPERTY + "; ignored");
            return;
        }
        agents.put(type.toString(), agent);
        LOG.info(() -> "agent " + type + " installed");
        NodeExecutor ex = executor;
        if (ex != null) {
            ex.agentInstalled(spec -> agentFor(spec) == agent); // resources that lacked it get probed again
        }
    }

    void removeAgent(ResourceAgent agent, Map<String, Object> props) {
        Object type = props.get(ResourceAgent.TYPE_PROPERTY);
        if (type != null && agents.remove(type.toString(), agent)) {
            LOG.info(() -> "agent " + type + " removed");
        }
    }

    /**
     * {@code webserver} and {@code vigil:webserver} name the Java agent type; OCF scripts are
     * {@code ocf:PROVIDER:TYPE}, published by the OCF bridge; others match exactly.
     */
    private ResourceAgent agentFor(String spec) {
        ResourceAgent a = agents.get(spec);
        if (a == null && spec.startsWith("vigil:")) {
            a = agents.get(spec.substring("vigil:".length()));
        }
        return a;
    }

    @Deactivate
    void deactivate() throws IOException {
        synchronized (this) {
            closeConfigSubscription();
        }
        executor.shutDown("the executor is deactivated");
        if (context != null) {
            try {
                context.removeBundleListener(frameworkStopping);
            } catch (IllegalStateException e) {
                // the bundle context is no longer valid: the listener is gone with it
            }
        }
        executor.close();
        scheduler.shutdownNow();
        workers.shutdownNow();
        journal.close();
    }

    @Override
    public List<OperationRecord> history() {
        return executor.history();
    }

    @Override
    public Map<String, ResourceState> states() {
        return executor.states();
    }

    @Override
    public void cleanup(String resourceId) {
        executor.cleanup(resourceId);
    }
}
