package dev.vigil.shell.internal;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.vigil.cluster.ClusterConfigService;
import dev.vigil.cluster.ClusterStatusService;
import dev.vigil.cluster.Membership;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.NodeState;
import dev.vigil.cluster.StatusReport;
import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDeviceState;
import dev.vigil.fence.FenceEvent;
import dev.vigil.fence.Fencer;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.ConfigReader;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * A node n1 of n1..n3 as the shell sees it: n3 was lost while running web; a fencer with one
 * device. Services are stand-ins answering only what the commands ask.
 */
final class ShellFixture {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final String FENCING = "property stonith-watchdog-timeout=0\n"
            + "primitive f1 stonith:fence_dummy params pcmk_host_list=\"n1 n2 n3\"\n"
            + "primitive web dummy\n";

    ClusterConfig config = new ConfigReader("t").read(FENCING);

    final MembershipView view = MembershipView.of(4, "n1", new TreeSet<>(List.of("n1", "n2")),
            new TreeMap<>(Map.of("n1", NodeState.ALIVE, "n2", NodeState.ALIVE, "n3", NodeState.DEAD)), 3, true, "n1",
            true, Map.of("n1", 1L, "n2", 2L));

    ClusterStatus status = ClusterStatus.of(new TreeMap<>(Map.of(
            "n1", NodeStatus.of("n1", true, Map.of("f1", ResourceState.of(ResourceRole.STARTED))),
            "n2", NodeStatus.of("n2", true, Map.of()),
            "n3", NodeStatus.unclean("n3", Map.of("web", ResourceState.of(ResourceRole.STARTED)), Map.of()))),
            true, "n1");

    StatusReport report() {
        return StatusReport.of(view, config, status, List.of());
    }

    /** A fencer with device f1 whose fences succeed, and one pending fence of n3 in its history. */
    final class FakeFencer implements Fencer {
        final List<String> asked = new java.util.ArrayList<>();
        FenceEvent.State outcome = FenceEvent.State.SUCCEEDED;
        List<FenceEvent> history = List.of(
                FenceEvent.of("1", "n2", FenceAction.REBOOT, "n1", "n3", "f1", FenceEvent.State.SUCCEEDED, T0,
                        T0.plusSeconds(4), "peer is no longer part of the cluster"),
                FenceEvent.of("2", "n3", FenceAction.REBOOT, "n1", "", "", FenceEvent.State.PENDING,
                        T0.plusSeconds(60), null, "peer is no longer part of the cluster"));
        List<FenceDeviceState> devices = List.of(
                FenceDeviceState.of("f1", "fence_dummy", List.of("n1", "n2", "n3"), true, ""));

        @Override
        public CompletionStage<FenceEvent> fence(String target, FenceAction action, String origin, String reason,
            java.time.Duration delay) {
            asked.add(action.agentName() + " " + target + " by " + origin + ": " + reason);
            return CompletableFuture.completedFuture(FenceEvent.of("3", target, action, origin, "n2", "f1", outcome,
                    T0, T0.plusSeconds(2), outcome == FenceEvent.State.FAILED ? "device f1 timed out" : ""));
        }

        @Override
        public List<FenceEvent> history() {
            return history;
        }

        @Override
        public List<FenceDeviceState> devices() {
            return devices;
        }
    }

    Membership membership() {
        return stub(Membership.class, (name, args) -> switch (name) {
            case "view" -> view;
            case "localNode" -> "n1";
            default -> throw new UnsupportedOperationException(name);
        });
    }

    ClusterConfigService configService() {
        return stub(ClusterConfigService.class, (name, args) -> {
            if (name.equals("current")) {
                return config;
            }
            throw new UnsupportedOperationException(name);
        });
    }

    ClusterStatusService statusService() {
        return stub(ClusterStatusService.class, (name, args) -> {
            if (name.equals("report")) {
                return report();
            }
            throw new UnsupportedOperationException(name);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T stub(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, m, args) -> answer.answer(m.getName(), args)));
    }
}
