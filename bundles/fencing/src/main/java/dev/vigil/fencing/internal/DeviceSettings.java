package dev.vigil.fencing.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.vigil.fence.FenceAction;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.Durations;
import dev.vigil.model.Resource;

/**
 * A configured fence device: a {@code class=stonith} primitive, with Pacemaker's fencing
 * parameters read ({@code pcmk_host_list}, {@code pcmk_host_map}, {@code pcmk_host_check},
 * {@code pcmk_delay_base}/{@code pcmk_delay_max}, {@code pcmk_<action>_action},
 * {@code pcmk_<action>_timeout}, {@code pcmk_<action>_retries}, {@code pcmk_host_argument})
 * and kept apart from the parameters the agent gets.
 *
 * @param agentParameters the primitive's parameters without any {@code pcmk_*} one
 * @param hostList the nodes of {@code pcmk_host_list}
 * @param hostMap node (lower case) to port, from {@code pcmk_host_map}
 * @param hostCheck {@code pcmk_host_check} as configured, or null for Pacemaker's default
 * @param priority the device's {@code priority} (meta, else parameter); higher is tried first
 */
record DeviceSettings(String id, String type, Map<String, String> agentParameters, Map<String, String> fencing,
        List<String> hostList, Map<String, String> hostMap, String hostCheck, int priority) {
    static final int DEFAULT_RETRIES = 2;

    /** The {@code class=stonith} primitives of a configuration, in configuration order. */
    static List<DeviceSettings> of(ClusterConfig config) {
        List<DeviceSettings> out = new ArrayList<>();
        for (Resource r : config.resources()) {
            if ("stonith".equalsIgnoreCase(r.agentClass())) {
                out.add(of(r, config));
            }
        }
        return out;
    }

    static DeviceSettings of(Resource r, ClusterConfig config) {
        Map<String, String> agent = new LinkedHashMap<>(), fencing = new LinkedHashMap<>();
        r.params().forEach((k, v) -> (k.startsWith("pcmk_") ? fencing : agent).put(k, v));
        agent.remove("priority"); // a fencer setting, not the agent's
        String priority = config.meta(r, "priority", r.params().getOrDefault("priority", "0"));
        int prio;
        try {
            prio = Integer.parseInt(priority.trim());
        } catch (NumberFormatException e) {
            prio = 0;
        }
        return new DeviceSettings(r.id(), r.agentType(), Map.copyOf(agent), Map.copyOf(fencing),
                TargetList.parse(fencing.get("pcmk_host_list")), hostMap(fencing.get("pcmk_host_map")),
                fencing.get("pcmk_host_check"), prio);
    }

    /** {@code n1:port1;n2:port2} (also {@code =}, and spaces or tabs between mappings). */
    static Map<String, String> hostMap(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String mapping : text.strip().split("[;\\s]+")) {
            String[] kv = mapping.split("[:=]", 2);
            if (kv.length == 2 && !kv[0].isEmpty() && !kv[1].isEmpty()) {
                out.put(kv[0].toLowerCase(Locale.ROOT), kv[1]);
            }
        }
        return out;
    }

    /** How to tell whether this device can fence a node; Pacemaker's default from what is configured and supported. */
    HostCheck hostCheck(boolean supportsList, boolean supportsStatus) {
        if (hostCheck != null && !hostCheck.isBlank()) {
            return HostCheck.parse(hostCheck);
        }
        if (!hostList.isEmpty() || !hostMap.isEmpty()) {
            return HostCheck.STATIC_LIST;
        }
        if (supportsList) {
            return HostCheck.DYNAMIC_LIST;
        }
        return supportsStatus ? HostCheck.STATUS : HostCheck.NONE;
    }

    /** The target as the device names it: its {@code pcmk_host_map} port, else the node's name. */
    String port(String target) {
        return hostMap.getOrDefault(target.toLowerCase(Locale.ROOT), target);
    }

    /** {@code pcmk_host_argument}: the agent parameter that names the target; null for the agent's default. */
    String hostArgument() {
        return fencing.get("pcmk_host_argument");
    }

    /** The action as the agent is told it: {@code pcmk_reboot_action=off} renames a reboot. */
    String agentAction(FenceAction action) {
        String v = fencing.get("pcmk_" + action.agentName() + "_action");
        return v == null || v.isBlank() ? action.agentName() : v.trim();
    }

    /** {@code pcmk_<action>_timeout}, else the fallback ({@code stonith-timeout}). */
    Duration timeout(FenceAction action, Duration fallback) {
        return duration("pcmk_" + action.agentName() + "_timeout").orElse(fallback);
    }

    /** {@code pcmk_<action>_retries}: how many times the action may be tried in all, within its timeout. */
    int tries(FenceAction action) {
        String v = fencing.get("pcmk_" + action.agentName() + "_retries");
        try {
            return v == null ? DEFAULT_RETRIES : Math.max(1, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRIES;
        }
    }

    /**
     * The delay before a fencing action (off, reboot) against the target: {@code pcmk_delay_base}
     * (one duration, or per node {@code n1:5s;n2:0s}) plus a random part up to
     * {@code pcmk_delay_max}, so that the delay falls in [base, max] (a base above the max is cut
     * to it; without a max the delay is the base). Other actions have no delay.
     */
    Duration delay(FenceAction action, String target, Random random) {
        if (!action.removesPower()) {
            return Duration.ZERO;
        }
        Duration max = duration("pcmk_delay_max").orElse(Duration.ZERO);
        Duration base = Duration.ZERO;
        String b = fencing.get("pcmk_delay_base");
        if (b != null && !b.isBlank()) {
            String value = b.strip();
            if (value.contains(":")) {
                value = hostMap(value).getOrDefault(target.toLowerCase(Locale.ROOT), "0");
            }
            base = parse(value).orElse(Duration.ZERO);
        }
        if (max.isZero()) {
            return base;
        }
        if (base.compareTo(max) > 0) {
            base = max;
        }
        long spread = max.minus(base).toMillis();
        return base.plusMillis(spread == 0 ? 0 : (long) (random.nextDouble() * (spread + 1)));
    }

    private java.util.Optional<Duration> duration(String key) {
        String v = fencing.get(key);
        return v == null ? java.util.Optional.empty() : parse(v);
    }

    private static java.util.Optional<Duration> parse(String v) {
        try {
            return java.util.Optional.of(Durations.parse(v.strip()));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
