package dev.vigil.fencing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDevice;
import dev.vigil.fence.FenceDeviceMetadata;
import dev.vigil.fence.FenceDeviceState;
import dev.vigil.fence.FenceRequest;
import dev.vigil.fence.FenceResult;
import dev.vigil.model.ClusterConfig;

/**
 * The configured devices joined with the installed device types: which device can fence which
 * node ({@code pcmk_host_check}), how a device is called (its request, with the target's port
 * and the action's name), and each device's state from its last monitor.
 */
final class DeviceCatalog {
    /** How long a {@code list} answer is trusted before the device is asked again (Pacemaker: 60 s). */
    static final Duration LIST_CACHE = Duration.ofSeconds(60);

    private record Listed(List<String> ports, Instant at) {
    }

    private record Monitored(boolean ok, String problem) {
    }

    private final Function<String, FenceDevice> types;
    private final DeviceCaller caller;
    private final Clock clock;
    private final Map<String, Listed> lists = new ConcurrentHashMap<>();
    private final Map<String, Monitored> monitors = new ConcurrentHashMap<>();

    DeviceCatalog(Function<String, FenceDevice> types, DeviceCaller caller, Clock clock) {
        this.types = types;
        this.caller = caller;
        this.clock = clock;
    }

    Optional<FenceDevice> type(DeviceSettings d) {
        return Optional.ofNullable(types.apply(d.type()));
    }

    /**
     * Why this device cannot fence the target, or empty when it can.
     *
     * @param timeout stonith-timeout, for the list or status action a check may run (unless
     *        {@code pcmk_list_timeout}/{@code pcmk_status_timeout} say otherwise)
     */
    Optional<String> cannotFence(DeviceSettings d, String target, Duration timeout) {
        Optional<FenceDevice> type = type(d);
        if (type.isEmpty()) {
            return Optional.of("device " + d.id() + ": type " + d.type() + " is not installed");
        }
        FenceDeviceMetadata m = metadata(type.get());
        HostCheck check;
        try {
            check = d.hostCheck(m.supports(FenceAction.LIST), m.supports(FenceAction.STATUS));
        } catch (IllegalArgumentException e) {
            return Optional.of("device " + d.id() + ": " + e.getMessage());
        }
        switch (check) {
            case NONE:
                return Optional.empty();
            case STATIC_LIST:
                boolean listed = d.hostList().stream().anyMatch(h -> h.equalsIgnoreCase(target))
                        || d.hostMap().containsKey(target.toLowerCase(Locale.ROOT));
                return listed ? Optional.empty() : Optional.of("device " + d.id() + " cannot fence " + target
                        + " (not in pcmk_host_list or pcmk_host_map)");
            case DYNAMIC_LIST:
                List<String> ports = list(d, type.get(), d.timeout(FenceAction.LIST, timeout));
                String port = d.port(target);
                return ports.stream().anyMatch(p -> p.equalsIgnoreCase(port)) ? Optional.empty()
                        : Optional.of("device " + d.id() + " cannot fence " + target + " (" + port
                                + " is not in its list " + ports + ")");
            default:
                FenceResult status = call(d, type.get(), FenceAction.STATUS, target,
                        d.timeout(FenceAction.STATUS, timeout));
                return status.ok() ? Optional.empty() : Optional.of("device " + d.id() + " cannot fence " + target
                        + " (status: " + status + ")");
        }
    }

    private List<String> list(DeviceSettings d, FenceDevice type, Duration timeout) {
        Listed cached = lists.get(d.id());
        Instant now = clock.instant();
        if (cached != null && Duration.between(cached.at(), now).compareTo(LIST_CACHE) < 0) {
            return cached.ports();
        }
        FenceResult r = call(d, type, FenceAction.LIST, null, timeout);
        if (r.ok()) {
            lists.put(d.id(), new Listed(r.targets(), now));
            return r.targets();
        }
        return cached == null ? List.of() : cached.ports(); // Pacemaker reuses the last good list
    }

    /** Calls the device once (see {@link DeviceCaller}). */
    FenceResult call(DeviceSettings d, FenceDevice type, FenceAction action, String target, Duration timeout) {
        return caller.call(type, request(d, type, action, target, timeout));
    }

    /**
     * The device's request: its agent parameters; the target's port ({@code pcmk_host_map}),
     * given under {@code pcmk_host_argument} when that is set ({@code none}: no port at all) and
     * otherwise left to the device's own default; the action renamed by {@code pcmk_<action>_action}.
     */
    static FenceRequest request(DeviceSettings d, FenceDevice type, FenceAction action, String target,
            Duration timeout) {
        Map<String, String> params = new java.util.LinkedHashMap<>(d.agentParameters());
        String port = target == null ? null : d.port(target);
        String hostArgument = d.hostArgument();
        if (port != null && hostArgument != null && !hostArgument.isBlank()) {
            if (hostArgument.equalsIgnoreCase("none")) {
                port = null;
            } else {
                String configured = params.get(hostArgument);
                if (configured == null || configured.equalsIgnoreCase("dynamic")) {
                    params.put(hostArgument, port);
                }
            }
        }
        return FenceRequest.of(d.id(), action, target, port, params, timeout).withAgentAction(d.agentAction(action));
    }

    private static FenceDeviceMetadata metadata(FenceDevice type) {
        try {
            return type.metadata();
        } catch (RuntimeException e) {
            return FenceDeviceMetadata.of("unknown", "metadata failed: " + e, List.of(), java.util.Set.of());
        }
    }

    boolean supports(DeviceSettings d, FenceAction action) {
        return type(d).map(t -> metadata(t).supports(action)).orElse(false);
    }

    /** Runs the device's monitor (or, without one, its status/list as Pacemaker does) and remembers the answer. */
    void monitor(DeviceSettings d, Duration timeout) {
        Optional<FenceDevice> type = type(d);
        if (type.isEmpty()) {
            monitors.put(d.id(), new Monitored(false, "type " + d.type() + " is not installed"));
            return;
        }
        FenceDeviceMetadata m = metadata(type.get());
        FenceAction probe = m.supports(FenceAction.MONITOR) ? FenceAction.MONITOR
                : m.supports(FenceAction.LIST) ? FenceAction.LIST : FenceAction.MONITOR;
        FenceResult r = call(d, type.get(), probe, null, timeout);
        if (probe == FenceAction.LIST && r.ok()) {
            lists.put(d.id(), new Listed(r.targets(), clock.instant()));
        }
        monitors.put(d.id(), new Monitored(r.ok(), r.ok() ? "" : probe.agentName() + " failed: " + r));
    }

    /** Each configured device with the nodes it can fence and whether it works, for status. */
    List<FenceDeviceState> states(ClusterConfig config) {
        List<FenceDeviceState> out = new ArrayList<>();
        for (DeviceSettings d : DeviceSettings.of(config)) {
            Optional<FenceDevice> type = type(d);
            Monitored last = monitors.get(d.id());
            String problem = type.isEmpty() ? "type " + d.type() + " is not installed"
                    : last != null && !last.ok() ? last.problem() : "";
            out.add(FenceDeviceState.of(d.id(), d.type(), targets(d, type, config), problem.isEmpty(), problem));
        }
        return out;
    }

    private List<String> targets(DeviceSettings d, Optional<FenceDevice> type, ClusterConfig config) {
        LinkedHashSet<String> nodes = new LinkedHashSet<>();
        HostCheck check;
        try {
            FenceDeviceMetadata m = type.map(DeviceCatalog::metadata).orElse(null);
            check = d.hostCheck(m != null && m.supports(FenceAction.LIST), m != null && m.supports(FenceAction.STATUS));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        switch (check) {
            case STATIC_LIST:
                nodes.addAll(d.hostList());
                for (String n : config.nodeAttributes().keySet()) {
                    if (d.hostMap().containsKey(n.toLowerCase(Locale.ROOT))) {
                        nodes.add(n);
                    }
                }
                d.hostMap().keySet().stream().filter(k -> nodes.stream().noneMatch(n -> n.equalsIgnoreCase(k)))
                        .forEach(nodes::add);
                break;
            case DYNAMIC_LIST:
                Listed l = lists.get(d.id());
                if (l != null) {
                    for (String n : config.nodeAttributes().keySet()) {
                        if (l.ports().stream().anyMatch(p -> p.equalsIgnoreCase(d.port(n)))) {
                            nodes.add(n);
                        }
                    }
                }
                break;
            default:
                nodes.addAll(config.nodeAttributes().keySet());
        }
        return List.copyOf(nodes);
    }
}
