package dev.vigil.fencing.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDevice;
import dev.vigil.fence.FenceDeviceMetadata;
import dev.vigil.fence.FenceResult;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.Resource;

/**
 * The resource agent of a {@code class=stonith} primitive ({@code stonith:<type>}), so that the
 * cluster places and monitors fence devices like any resource, as Pacemaker does: start checks
 * the device with its monitor and marks it started on this node, stop forgets it, and a monitor
 * of a started device runs the device's monitor. Fencing itself does not depend on where the
 * resource runs: every node's fencer reads the devices from the configuration.
 */
final class StonithResourceAgent implements ResourceAgent {
    static final String CLASS_PREFIX = "stonith:";

    private final String type;
    private final FenceDevice device;

    StonithResourceAgent(String type, FenceDevice device) {
        this.type = type;
        this.device = device;
    }

    @Override
    public AgentMetadata metadata() {
        FenceDeviceMetadata m = device.metadata();
        List<AgentMetadata.Parameter> params = new ArrayList<>();
        for (FenceDeviceMetadata.Parameter p : m.parameters()) {
            if (!p.name().equals("action")) {
                params.add(AgentMetadata.Parameter.of(p.name(), "string", null, false, p.description()));
            }
        }
        return AgentMetadata.of(CLASS_PREFIX + type, "1.0", m.description(), params,
                AgentMetadata.Action.startStopMonitor(Duration.ofSeconds(20), Duration.ofSeconds(20),
                        Duration.ofSeconds(60)));
    }

    @Override
    public AgentResult validate(AgentRequest request) {
        try {
            settings(request).hostCheck(true, true);
            return AgentResult.ok();
        } catch (IllegalArgumentException e) {
            return AgentResult.of(OcfStatus.ERR_CONFIGURED, e.getMessage());
        }
    }

    @Override
    public AgentResult start(AgentRequest request) {
        AgentResult checked = check(request);
        if (checked.status() != OcfStatus.OK) {
            return checked;
        }
        try {
            Files.createDirectories(marker(request).getParent());
            Files.writeString(marker(request), type);
            return AgentResult.ok();
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, "cannot record the start: " + e.getMessage());
        }
    }

    @Override
    public AgentResult stop(AgentRequest request) {
        try {
            Files.deleteIfExists(marker(request));
            return AgentResult.ok();
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, "cannot record the stop: " + e.getMessage());
        }
    }

    @Override
    public AgentResult monitor(AgentRequest request) {
        if (!Files.exists(marker(request))) {
            return AgentResult.notRunning();
        }
        return check(request);
    }

    /** The device's monitor (or list, as Pacemaker falls back) with the resource's parameters. */
    private AgentResult check(AgentRequest request) {
        DeviceSettings d = settings(request);
        FenceDeviceMetadata m = device.metadata();
        FenceAction probe = m.supports(FenceAction.MONITOR) || !m.supports(FenceAction.LIST) ? FenceAction.MONITOR
                : FenceAction.LIST;
        DeviceCatalog catalog = new DeviceCatalog(t -> device, DeviceCaller.direct(), java.time.Clock.systemUTC());
        FenceResult r = catalog.call(d, device, probe, null, d.timeout(probe, request.timeout()));
        return r.ok() ? AgentResult.ok() : AgentResult.of(OcfStatus.ERR_GENERIC, type + " " + probe.agentName()
                + " failed: " + r);
    }

    private DeviceSettings settings(AgentRequest request) {
        Map<String, String> params = request.parameters();
        return DeviceSettings.of(Resource.of(request.resourceId(), "stonith", null, type, params, Map.of(), List.of()),
                ClusterConfig.empty());
    }

    private static Path marker(AgentRequest request) {
        return request.context().stateDirectory().resolve("stonith").resolve(request.resourceId() + ".started");
    }
}
