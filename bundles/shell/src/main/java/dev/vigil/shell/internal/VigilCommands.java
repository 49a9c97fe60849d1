package dev.vigil.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.vigil.cluster.ClusterConfigService;
import dev.vigil.cluster.ClusterStatusService;
import dev.vigil.cluster.LinkStatus;
import dev.vigil.cluster.Membership;
import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceEvent;
import dev.vigil.fence.Fencer;
import dev.vigil.cluster.StatusReport;
import dev.vigil.model.CibWriter;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ConfigWriter;
import dev.vigil.model.Resource;
import dev.vigil.model.TicketState;

/** The operator's commands, {@code vigil:*}. Thin: each asks a service and returns its answer. */
@Component(service = VigilCommands.class, property = {
    "osgi.command.scope=vigil",
    "osgi.command.function=status", "osgi.command.function=start", "osgi.command.function=stop",
    "osgi.command.function=standby", "osgi.command.function=online", "osgi.command.function=cleanup",
    "osgi.command.function=links", "osgi.command.function=link", "osgi.command.function=config",
    "osgi.command.function=cib", "osgi.command.function=fence", "osgi.command.function=ticket"})
public final class VigilCommands {
    /**
     * How long {@code vigil:fence} waits for the fencer: it answers within the devices' timeouts
     * (every level, with retries), so this bounds only a fencer that does not keep its word.
     */
    static final Duration FENCE_WAIT = Duration.ofMinutes(10);

    private final ClusterStatusService status;
    private final ClusterConfigService config;
    private final Membership membership;
    /** The cluster's fencer, when one runs on this node. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Fencer fencer;

    @Activate
    public VigilCommands(@Reference ClusterStatusService status, @Reference ClusterConfigService config,
            @Reference Membership membership) {
        this.status = status;
        this.config = config;
        this.membership = membership;
    }

    /** For tests: a fixed fencer, or none. */
    VigilCommands(ClusterStatusService status, ClusterConfigService config, Membership membership, Fencer fencer) {
        this(status, config, membership);
        this.fencer = fencer;
    }

    @Descriptor("show nodes, quorum, DC, resources, fencing and failed actions")
    public StatusView status() {
        return new StatusView(status.report(), FencingOverview.of(config.current(), fencer));
    }

    @Descriptor("fence a node now (power it off, or reboot it) and wait for the result")
    public FenceEvent fence(
            @Descriptor("power the node off") @Parameter(names = "--off", presentValue = "true",
                    absentValue = "false") boolean off,
            @Descriptor("reboot the node") @Parameter(names = "--reboot", presentValue = "true",
                    absentValue = "false") boolean reboot,
            @Descriptor("node name") String node) {
        if (off && reboot) {
            throw new IllegalArgumentException("give --off or --reboot, not both");
        }
        requireKnownNode(node);
        Fencer f = requireFencer();
        ClusterConfig c = config.current();
        FenceAction action = off ? FenceAction.OFF : reboot ? FenceAction.REBOOT
                : FenceAction.parse(c.property("stonith-action", "reboot"));
        FenceEvent result = await(f.fence(node, action, "operator@" + membership.localNode(),
                "requested by the operator"), node);
        if (result.state() != FenceEvent.State.SUCCEEDED) {
            throw new IllegalStateException("fencing " + node + " failed: " + result);
        }
        return result;
    }

    @Descriptor("let a resource run (target-role=Started)")
    public String start(@Descriptor("resource id") String resource) {
        return targetRole(resource, "Started");
    }

    @Descriptor("stop a resource and keep it stopped (target-role=Stopped)")
    public String stop(@Descriptor("resource id") String resource) {
        return targetRole(resource, "Stopped");
    }

    @Descriptor("move every resource off a node and keep them off")
    public String standby(@Descriptor("node name") String node) {
        return standbyAttribute(node, "on");
    }

    @Descriptor("let a node in standby run resources again")
    public String online(@Descriptor("node name") String node) {
        return standbyAttribute(node, "off");
    }

    @Descriptor("forget a resource's failures on every node, so it may run there again")
    public String cleanup(@Descriptor("resource id") String resource) {
        status.cleanup(resource);
        return "cleaned up " + resource + " on every node";
    }

    @Descriptor("list this node's links with the peers heard and frames dropped")
    public List<LinkStatus> links() {
        return membership.links();
    }

    @Descriptor("take a link out of use (down) or back (up), e.g. for maintenance")
    public String link(@Descriptor("link name") String name, @Descriptor("up or down") String state) {
        if (!state.equals("up") && !state.equals("down")) {
            throw new IllegalArgumentException("link state must be up or down, not '" + state + "'");
        }
        membership.setLinkEnabled(name, state.equals("up"));
        return "link " + name + " " + state;
    }

    @Descriptor("list the tickets and their state")
    public String ticket() {
        List<String> lines = new ArrayList<>();
        ClusterConfig c = config.current();
        Set<String> names = new TreeSet<>();
        c.ticketConstraints().forEach(t -> names.add(t.ticket()));
        names.addAll(c.ticketStates().keySet());
        for (String name : names) {
            TicketState t = c.ticketState(name);
            lines.add(name + ": " + (t.granted() ? "granted" : "revoked") + (t.standby() ? ", standby" : "")
                    + (t.lastGranted() == null ? "" : ", last granted " + Instant.ofEpochSecond(t.lastGranted())));
        }
        return lines.isEmpty() ? "no tickets" : String.join("\n", lines);
    }

    @Descriptor("grant, revoke, put in standby or activate a ticket (resources that need it follow)")
    public String ticket(@Descriptor("grant, revoke, standby or activate") String action,
            @Descriptor("ticket name") String name) {
        ClusterConfig c = config.update(cfg -> {
            TicketState t = cfg.ticketState(name);
            switch (action) {
                case "grant":
                    return cfg.withTicketState(TicketState.of(name, true, t.standby(),
                            Instant.now().getEpochSecond()));
                case "revoke":
                    return cfg.withTicketState(TicketState.of(name, false, t.standby(), t.lastGranted()));
                case "standby":
                case "activate":
                    return cfg.withTicketState(TicketState.of(name, t.granted(), action.equals("standby"),
                            t.lastGranted()));
                default:
                    throw new IllegalArgumentException("ticket action must be grant, revoke, standby or activate, not '"
                            + action + "'");
            }
        });
        TicketState now = c.ticketState(name);
        return name + ": granted=" + now.granted() + " standby=" + now.standby() + " (configuration version "
                + c.version() + ")";
    }

    @Descriptor("show the cluster configuration")
    public String config() {
        return ConfigWriter.write(config.current());
    }

    @Descriptor("print the running cluster's configuration and status as Pacemaker CIB XML (crm_simulate -x reads it)")
    public String cib() {
        StatusReport report = status.report();
        return CibWriter.write(report.config(), report.status());
    }

    private String targetRole(String resource, String role) {
        ClusterConfig c = config.update(cfg -> cfg.withResourceMeta(resource, Resource.TARGET_ROLE, role));
        return resource + ": target-role=" + role + " (configuration version " + c.version() + ")";
    }

    private static FenceEvent await(CompletionStage<FenceEvent> stage, String node) {
        try {
            return stage.toCompletableFuture().get(FENCE_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the fencer about " + node + " after "
                    + FENCE_WAIT.toMinutes() + " min: see vigil:fence-history", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fencing " + node
                    + ": the fence goes on, see vigil:fence-history", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the fencer failed: " + e.getCause(), e.getCause());
        }
    }

    private Fencer requireFencer() {
        return FenceHistoryCommand.require(fencer, membership.localNode());
    }

    private void requireKnownNode(String node) {
        if (!membership.view().states().containsKey(node) && !config.current().nodeAttributes().containsKey(node)) {
            throw new IllegalArgumentException("no such node: '" + node + "' (known: "
                    + membership.view().states().keySet() + ")");
        }
    }

    private String standbyAttribute(String node, String value) {
        requireKnownNode(node);
        ClusterConfig c = config.update(cfg -> cfg.withNodeAttribute(node, ClusterConfig.NODE_STANDBY, value));
        return node + ": standby=" + value + " (configuration version " + c.version() + ")";
    }
}
