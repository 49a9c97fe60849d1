package dev.vigil.shell.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.vigil.cluster.LinkStatus;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.NodeState;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.cluster.StatusReport;
import dev.vigil.fence.FenceDeviceState;
import dev.vigil.fence.FenceEvent;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceState;

/** The one place where command results become text for a terminal. */
final class StatusFormatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private StatusFormatter() {
    }

    static String format(StatusView view) {
        StatusReport report = view.report();
        FencingOverview fencing = view.fencing();
        MembershipView v = report.view();
        ClusterConfig c = report.config();
        StringBuilder out = new StringBuilder();
        out.append("Cluster: view ").append(v.number()).append(", ").append(v.members().size()).append(" of ")
                .append(v.expectedVotes()).append(" nodes, ").append(v.quorate() ? "quorate" : "NO QUORUM")
                .append(v.agreed() ? "" : " (settling)")
                .append(", DC: ").append(v.dc() == null ? "none" : v.dc())
                .append(", configuration version ").append(c.version()).append('\n');
        out.append("Local node: ").append(v.localNode())
                .append(v.leaseHeld() ? "" : ", NO LEASE: no majority vouches for it, it runs nothing").append('\n');
        if (!fencing.configured()) {
            out.append("fencing: not configured\n");
        } else if (!fencing.fencerRunning()) {
            out.append("fencing: no fencer running\n");
        }
        out.append("\nNodes:\n");
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, NodeState> e : v.states().entrySet()) {
            String node = e.getKey();
            List<String> flags = new ArrayList<>();
            if (node.equals(v.dc())) {
                flags.add("DC");
            }
            if (c.isStandby(node)) {
                flags.add("standby");
            }
            if (v.leaving().contains(node)) {
                flags.add("shutting down");
            }
            if (fencing.inProgress().contains(node)) {
                flags.add("fencing in progress");
            }
            NodeStatus status = report.status().nodes().get(node);
            String state = status != null && status.unclean() ? "UNCLEAN (offline)"
                    : e.getValue().isMember() && !v.members().contains(node) ? "online (outside the view)"
                    : nodeState(e.getValue());
            rows.add(new String[] {"  " + node, state, String.join(", ", flags)});
        }
        table(out, rows);
        out.append("\nResources:\n");
        rows = new ArrayList<>();
        for (Resource r : c.resources()) {
            rows.add(new String[] {"  " + r.id(), "(" + r.agentSpec() + ")", where(report, r),
                    targetNote(c, r)});
        }
        if (rows.isEmpty()) {
            out.append("  (none configured)\n");
        }
        table(out, rows);
        if (fencing.configured() && fencing.fencerRunning()) {
            out.append("\nFence devices:\n");
            rows = new ArrayList<>();
            for (FenceDeviceState d : fencing.devices()) {
                rows.add(new String[] {"  " + d.id(), "(" + d.type() + ")",
                        d.targets().isEmpty() ? "no targets" : "fences " + String.join(",", d.targets()),
                        d.available() ? "available"
                                : "UNAVAILABLE" + (d.problem().isEmpty() ? "" : ": " + d.problem())});
            }
            if (rows.isEmpty()) {
                out.append("  (none configured: watchdog fencing only)\n");
            }
            table(out, rows);
        }
        if (!report.links().isEmpty()) {
            out.append("\nLinks of ").append(v.localNode()).append(":\n");
            rows = new ArrayList<>();
            for (LinkStatus l : report.links()) {
                rows.add(new String[] {"  " + l.name(), "peers heard: " + (l.peersHeard().isEmpty() ? "none"
                        : String.join(",", l.peersHeard())), l.dropped().isEmpty() ? "" : "dropped " + l.dropped()});
            }
            table(out, rows);
        }
        if (!report.failedActions().isEmpty()) {
            out.append("\nFailed actions:\n");
            for (OperationRecord f : report.failedActions()) {
                out.append("  ").append(f).append(" at ").append(TIME.format(f.finished())).append('\n');
            }
        }
        return out.toString();
    }

    /** The answer of {@code vigil:fence}: one line, as the history shows it. */
    static String format(FenceEvent e) {
        return e + (e.completed() == null ? "" : " at " + TIME.format(e.completed()));
    }

    /** {@code vigil:fence-history}: one row an operation, oldest first. */
    static String format(FenceHistory history) {
        if (history.events().isEmpty()) {
            return "no fence operations\n";
        }
        StringBuilder out = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REQUESTED", "TARGET", "ACTION", "STATE", "ORIGIN", "EXECUTOR", "DEVICE", "COMPLETED",
            "REASON"});
        for (FenceEvent e : history.events()) {
            rows.add(new String[] {TIME.format(e.requested()), e.target(), e.action().agentName(),
                e.state().name().toLowerCase(Locale.ROOT), dash(e.origin()), dash(e.executor()), dash(e.device()),
                e.completed() == null ? "-" : TIME.format(e.completed()), e.reason()});
        }
        table(out, rows);
        return out.toString();
    }

    private static String dash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    private static String nodeState(NodeState s) {
        switch (s) {
            case ALIVE:
                return "online";
            case LATE:
                return "online (late)";
            case DEAD:
                return "OFFLINE";
            case INCOMPATIBLE:
                return "INCOMPATIBLE (another deadtime, lease or node list: see its log)";
            default:
                return "unknown (waiting for initdead)";
        }
    }

    private static String where(StatusReport report, Resource r) {
        List<String> started = new ArrayList<>(), promoted = new ArrayList<>(), failed = new ArrayList<>();
        boolean promotable = report.config().cloneOf(r.id()).map(c -> c.promotable()).orElse(false);
        for (NodeStatus n : report.status().nodes().values()) {
            ResourceState s = n.resource(r.id());
            String name = n.unclean() ? n.name() + " (UNCLEAN)" : n.name(); // may still run there
            switch (s.role()) {
                case STARTED:
                    started.add(name);
                    break;
                case PROMOTED:
                    promoted.add(name);
                    break;
                case FAILED:
                case BLOCKED:
                    failed.add(name + " " + s.role());
                    break;
                case AGENT_MISSING:
                    failed.add("agent not installed on " + n.name());
                    break;
                default:
                    break;
            }
            String op = n.pending().get(r.id());
            if (op != null) {
                failed.add(op + " on " + n.name() + " in progress"); // e.g. "start on n1 in progress"
            }
        }
        List<String> parts = new ArrayList<>();
        if (!promoted.isEmpty()) {
            parts.add("Promoted " + String.join(" ", promoted));
        }
        if (!started.isEmpty()) {
            parts.add((promotable ? "Unpromoted " : "Started ") + String.join(" ", started));
        }
        parts.addAll(failed);
        return parts.isEmpty() ? "Stopped" : String.join("; ", parts);
    }

    private static String targetNote(ClusterConfig c, Resource r) {
        String target = r.meta().get(Resource.TARGET_ROLE);
        return target == null ? "" : "target-role=" + target;
    }

    static String format(List<LinkStatus> links) {
        StringBuilder out = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"LINK", "PEERS HEARD", "FRAMES IN", "DROPPED"});
        for (LinkStatus l : links) {
            rows.add(new String[] {l.name(), l.peersHeard().isEmpty() ? "-" : String.join(",", l.peersHeard()),
                    Long.toString(l.framesReceived()),
                    l.dropped().isEmpty() ? "0" : l.dropped().toString()});
        }
        table(out, rows);
        return out.toString();
    }

    /** Left-aligned columns, two spaces apart. */
    private static void table(StringBuilder out, List<String[]> rows) {
        int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
