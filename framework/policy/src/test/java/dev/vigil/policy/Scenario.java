package dev.vigil.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.ConfigReader;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/** Compact inputs and readable outputs for engine tests. */
final class Scenario {
    private Scenario() {
    }

    static ClusterConfig config(String text) {
        return new ConfigReader("test").read(text);
    }

    /**
     * A status from lines like {@code "n1:web=STARTED,db=FAILED/2,pg=PROMOTED@1000"}: per
     * resource its role, then optionally {@code /FAILCOUNT} and {@code @PROMOTION-SCORE};
     * {@code "n3!"} is an offline node. n1 is the DC; the partition is quorate.
     */
    static ClusterStatus status(String... nodes) {
        Map<String, NodeStatus> out = new LinkedHashMap<>();
        for (String spec : nodes) {
            String[] parts = spec.split(":", 2);
            boolean offline = parts[0].endsWith("!");
            String name = offline ? parts[0].substring(0, parts[0].length() - 1) : parts[0];
            Map<String, ResourceState> rs = new LinkedHashMap<>();
            if (parts.length > 1 && !parts[1].isEmpty()) {
                for (String r : parts[1].split(",")) {
                    String[] kv = r.split("=");
                    String[] withScore = kv[1].split("@");
                    String[] roleAndFails = withScore[0].split("/");
                    int fails = roleAndFails.length > 1 ? Integer.parseInt(roleAndFails[1]) : 0;
                    ResourceState s = ResourceState.of(ResourceRole.valueOf(roleAndFails[0]), fails, null, "",
                            java.time.Duration.ZERO);
                    rs.put(kv[0], withScore.length > 1 ? s.withPromotionScore(Integer.parseInt(withScore[1])) : s);
                }
            }
            out.put(name, NodeStatus.of(name, !offline, rs));
        }
        return ClusterStatus.of(out, true, "n1");
    }

    /** The transition summary as crm_simulate prints it: "Move web ( n1 -> n2 )". */
    static List<String> summary(Transition t) {
        return t.changes().stream().map(c -> c.verb() + " " + c.resource() + " ( " + c.detail() + " )")
                .collect(Collectors.toList());
    }

    /** The placement after the transition: "web Started n2", in the engine's order. */
    static List<String> revised(Transition t) {
        return t.revised().stream().map(p -> p.resource() + " " + p.role() + " " + p.node())
                .collect(Collectors.toList());
    }

    /** The actions by Pacemaker's key and node: "web_start_0 n2". */
    static List<String> actions(Transition t) {
        return t.actions().stream().map(Action::toString).collect(Collectors.toList());
    }
}
