package dev.vigil.shell.internal;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.vigil.cluster.ClusterConfigService;
import dev.vigil.cluster.ClusterStatusService;
import dev.vigil.cluster.LinkStatus;
import dev.vigil.cluster.Membership;
import dev.vigil.cluster.StatusReport;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ConfigWriter;
import dev.vigil.model.Resource;

/** The operator's commands, {@code vigil:*}. Thin: each asks a service and returns its answer. */
@Component(service = VigilCommands.class, property = {
    "osgi.command.scope=vigil",
    "osgi.command.function=status", "osgi.command.function=start", "osgi.command.function=stop",
    "osgi.command.function=standby", "osgi.command.function=online", "osgi.command.function=cleanup",
    "osgi.command.function=links", "osgi.command.function=link", "osgi.command.function=config"})
public final class VigilCommands {
    private final ClusterStatusService status;
    private final ClusterConfigService config;
    private final Membership membership;

    @Activate
    public VigilCommands(@Reference ClusterStatusService status, @Reference ClusterConfigService config,
            @Reference Membership membership) {
        this.status = status;
        this.config = config;
        this.membership = membership;
    }

    @Descriptor("show nodes, quorum, DC, resources and failed actions")
    public StatusReport status() {
        return status.report();
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

    @Descriptor("show the cluster configuration")
    public String config() {
        return ConfigWriter.write(config.current());
    }

    private String targetRole(String resource, String role) {
        ClusterConfig c = config.update(cfg -> cfg.withResourceMeta(resource, Resource.TARGET_ROLE, role));
        return resource + ": target-role=" + role + " (configuration version " + c.version() + ")";
    }

    private String standbyAttribute(String node, String value) {
        if (!membership.view().states().containsKey(node) && !config.current().nodeAttributes().containsKey(node)) {
            throw new IllegalArgumentException("no such node: '" + node + "' (known: "
                    + membership.view().states().keySet() + ")");
        }
        ClusterConfig c = config.update(cfg -> cfg.withNodeAttribute(node, ClusterConfig.NODE_STANDBY, value));
        return node + ": standby=" + value + " (configuration version " + c.version() + ")";
    }
}
