package dev.vigil.executor.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.vigil.agent.AgentContext;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.LocalResourceManager;
import dev.vigil.cluster.LrmUpdate;
import dev.vigil.cluster.Membership;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.cluster.Registration;
import dev.vigil.model.ResourceState;

/**
 * The node's local resource manager: runs what the DC asks, reports every state change to
 * all members, and journals every operation under {@code var/}.
 */
@Component(service = LocalResourceManager.class, immediate = true)
public final class ExecutorComponent implements LocalResourceManager {
    /** Topic of a request to forget a resource's failures; the payload is the resource id. */
    public static final String CLEANUP_TOPIC = "lrm.cleanup";
    private static final Logger LOG = Logger.getLogger(ExecutorComponent.class.getName());

    private final Map<String, ResourceAgent> agents = new ConcurrentHashMap<>();
    private final Membership membership;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final OperationJournal journal;
    private final ResourceExecutor executor;
    private final List<Registration> registrations;
    private volatile MembershipView lastView;

    @Activate
    public ExecutorComponent(@Reference Membership membership) throws IOException {
        this.membership = membership;
        Path home = Path.of(System.getProperty("vigil.home", "."));
        Path stateDir = home.resolve("var/state");
        Files.createDirectories(stateDir);
        String node = membership.localNode();
        AgentContext context = new AgentContext() {
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
        this.executor = new ResourceExecutor(node, context, this::agentFor, scheduler, workers, Clock.systemUTC(),
                new ResourceExecutor.Listener() {
                    @Override
                    public void completed(OperationRecord record, ActionRequest answering, boolean changed) {
                        ExecutorComponent.this.completed(record, answering, changed);
                    }

                    @Override
                    public void starting(ActionRequest request) {
                        publish(null, null); // say it is pending: a new DC must not act on it meanwhile
                    }
                });
        this.registrations = List.of(
                membership.subscribe(ActionRequest.TOPIC, this::onRequest),
                membership.subscribe(CLEANUP_TOPIC, (from, payload) -> {
                    executor.cleanup(new String(payload, StandardCharsets.UTF_8));
                    publish(null, null);
                }),
                membership.subscribe(LrmUpdate.QUERY_TOPIC, (from, payload) -> publish(null, null)),
                membership.subscribe(this::onView));
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
        ResourceExecutor ex = executor;
        if (ex != null && ex.agentInstalled(spec -> agentFor(spec) == agent)) {
            publish(null, null); // resources that lacked this agent get probed again
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

    private void onRequest(String from, byte[] payload) {
        ActionRequest request;
        try {
            request = ActionRequest.decode(payload);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "ignoring a malformed action request from " + from + ": " + e.getMessage());
            return;
        }
        MembershipView view = lastView;
        boolean starting = request.action() == dev.vigil.agent.AgentAction.START
                || request.action() == dev.vigil.agent.AgentAction.PROMOTE;
        if (starting && view != null && !view.leaseHeld()) {
            LOG.warning(() -> "refusing " + request + " from " + from + ": this node holds no lease");
            return; // the requester times out; a node cut off from the majority starts nothing
        }
        LOG.info(() -> "executing " + request + " for " + from);
        executor.submit(request);
    }

    private void completed(OperationRecord record, ActionRequest answering, boolean changed) {
        journal.append(record);
        LOG.info(() -> "completed " + record);
        publish(answering == null ? null : answering.id(), record);
    }

    private void publish(String answering, OperationRecord record) {
        membership.broadcast(LrmUpdate.TOPIC,
                LrmUpdate.of(executor.states(), answering, record, executor.pending()).encode());
    }

    /** A new view may have a new DC that needs this node's state: report it again. */
    private void onView(MembershipView view) {
        MembershipView before = lastView;
        lastView = view;
        if (!view.leaseHeld() && (before == null || before.leaseHeld())) {
            executor.stopAll("lease lost: no majority heard within the lease; the majority may start it elsewhere");
        }
        if (before == null || !before.members().equals(view.members())
                || !before.incarnations().equals(view.incarnations())) {
            publish(null, null);
        }
    }

    @Deactivate
    void deactivate() throws IOException {
        registrations.forEach(Registration::close);
        executor.shutdown();
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
        publish(null, null);
    }
}
