package dev.vigil.model;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes the {@code <status>} section: one {@code node_state} per node in the order the nodes
 * reported, its membership as Pacemaker's controller records it ({@code in_ccm}, {@code crmd},
 * {@code join}, {@code expected}) chosen so that the node reads back as online, offline or
 * unclean for the same reason, its transient attributes, and per resource an operation history
 * ({@link HistoryWriter}) that replays to the same state, digests included.
 */
final class CibStatusWriter {
    private static final String NEVER_SEEN = "node is unclean";

    private final XmlWriter xml;
    private final CibIds ids;
    private final ClusterConfig config;
    private final OperationHistory history;
    /** The migration operations to write, by node and resource. */
    private Map<String, Map<String, HistoryWriter.Migrations>> migrations = Map.of();

    CibStatusWriter(XmlWriter xml, CibIds ids, ClusterConfig config) {
        this.xml = xml;
        this.ids = ids;
        this.config = config;
        this.history = new OperationHistory("written", config);
    }

    void write(ClusterStatus status, Function<String, String> nodeId) {
        migrations = migrationOps(status);
        xml.start("status");
        for (String name : status.reportOrder()) {
            NodeStatus n = status.nodes().get(name);
            if (n.unclean() && NEVER_SEEN.equals(n.uncleanReason()) && n.resources().isEmpty()
                    && n.attributes().isEmpty()) {
                continue; // no node_state at all: never seen since the cluster started
            }
            nodeState(n, nodeId.apply(name));
        }
        tickets();
        xml.end();
    }

    /**
     * Where live migrations are written, so that they read back as the status's unfinished ones
     * ({@link ClusterStatus#migrations()}): a partial migration as a migrate_to on its source
     * and nothing yet on its target; a source that still owes a stop as a completed migration,
     * migrate_to there and migrate_from on the target (the node whose last start was a
     * migrate_from, else another node, before its own history); a resource failed with no
     * failed operation as the migrate_to whose migrate_from failed on another node, else as a
     * migrate_to to a node that is gone (the migration's target left).
     */
    private static Map<String, Map<String, HistoryWriter.Migrations>> migrationOps(ClusterStatus status) {
        Map<String, Map<String, HistoryWriter.Migrations>> out = new LinkedHashMap<>();
        status.migrations().forEach((rsc, m) -> {
            if (m.partialSource() != null) {
                put(out, m.partialSource(), rsc, m.partialTarget(), true, null, false);
            }
            for (String source : m.danglingSources()) {
                ResourceState here = status.nodes().get(source).resources().get(rsc);
                if (here != null && "migrate_to".equals(here.failedAction())) {
                    // a failed migrate_to to a node that has no record of it owes a stop here
                    put(out, source, rsc, goneNode(status, source), false, null, false);
                    continue;
                }
                String target = null;
                boolean before = false;
                for (String node : status.reportOrder()) {
                    ResourceState s = status.nodes().get(node).resources().get(rsc);
                    if (!node.equals(source) && s != null
                            && s.recorded().stream().anyMatch(r -> !r.pending() && r.task().equals("migrate_from"))) {
                        target = node;
                        break;
                    }
                }
                if (target == null) {
                    target = status.reportOrder().stream().filter(n -> !n.equals(source)).findFirst().orElse(null);
                    before = true;
                }
                if (target != null) {
                    put(out, source, rsc, target, false, null, false);
                    put(out, target, rsc, null, false, source, before);
                }
            }
        });
        status.nodes().forEach((target, n) -> n.resources().forEach((rsc, s) -> {
            if (!"migrate_from".equals(s.failedAction())) {
                return;
            }
            // a failed migrate_from leaves the resource failed on its source too: that source
            status.reportOrder().stream().filter(node -> !node.equals(target)).filter(node -> {
                ResourceState there = status.nodes().get(node).resources().get(rsc);
                return there != null && there.role() == ResourceRole.FAILED && there.failedAction() == null;
            }).findFirst().ifPresent(source -> {
                put(out, source, rsc, target, false, null, false);
                put(out, target, rsc, null, false, source, false);
            });
        }));
        status.nodes().forEach((node, n) -> n.resources().forEach((rsc, s) -> {
            boolean migrating = out.containsKey(node) && out.get(node).containsKey(rsc)
                    && out.get(node).get(rsc).migratedTo() != null;
            if (s.role() == ResourceRole.FAILED && s.failedAction() == null && !migrating) {
                put(out, node, rsc, goneNode(status, node), false, null, false);
            }
        }));
        return out;
    }

    /** A migration target that is not a node of the cluster (any more). */
    private static String goneNode(ClusterStatus status, String source) {
        String gone = source + "-migration-target";
        while (status.nodes().containsKey(gone)) {
            gone += "-gone";
        }
        return gone;
    }

    private static void put(Map<String, Map<String, HistoryWriter.Migrations>> out, String node, String rsc,
            String to, boolean partial, String from, boolean fromBefore) {
        Map<String, HistoryWriter.Migrations> byRsc = out.computeIfAbsent(node, k -> new LinkedHashMap<>());
        HistoryWriter.Migrations was = byRsc.getOrDefault(rsc,
                new HistoryWriter.Migrations(node, null, false, null, false));
        byRsc.put(rsc, new HistoryWriter.Migrations(node, to != null ? to : was.migratedTo(),
                to != null ? partial : was.partial(), from != null ? from : was.migratedFrom(),
                from != null ? fromBefore : was.fromBeforeHistory()));
    }

    /** The tickets' states, as {@code crm_ticket} records them. */
    private void tickets() {
        if (config.ticketStates().isEmpty()) {
            return;
        }
        xml.start("tickets");
        for (TicketState t : config.ticketStates().values()) {
            xml.start("ticket_state").attr("id", t.ticket()).attr("granted", t.granted())
                    .attr("standby", t.standby() ? "true" : null).attr("last-granted", t.lastGranted()).end();
        }
        xml.end();
    }

    private void nodeState(NodeStatus n, String id) {
        Map<String, String> attrs = new LinkedHashMap<>(n.attributes());
        xml.start("node_state").attr("id", id).attr("uname", n.name());
        membership(n, attrs);
        if (n.shuttingDown() && !attrs.containsKey("shutdown")) {
            xml.attr("shutdown", "1");
        }
        n.resources().forEach((rsc, s) -> {
            if (s.promotionScore() != null) {
                attrs.putIfAbsent("master-" + rsc, Integer.toString(s.promotionScore()));
            }
            if (s.failCount() > 0 && s.failCount() < Score.INFINITY
                    && history.recordedFailCount(rsc, attrs) < s.failCount()) {
                attrs.put("fail-count-" + rsc, Integer.toString(s.failCount()));
            }
        });
        if (!attrs.isEmpty()) {
            xml.start("transient_attributes").attr("id", id);
            String setId = ids.derive("status", id);
            xml.start("instance_attributes").attr("id", setId);
            attrs.forEach((k, v) -> xml.start("nvpair").attr("id", ids.derive(setId, k)).attr("name", k)
                    .attr("value", v).end());
            xml.end().end();
        }
        xml.start("lrm").attr("id", id).start("lrm_resources");
        Map<String, String> finalAttrs = attrs;
        n.resources().forEach((rsc, s) -> {
            if (s.role() != ResourceRole.UNKNOWN) {
                resource(n.name(), rsc, s, history.recordedFailCount(rsc, finalAttrs) >= Score.INFINITY);
            }
        });
        xml.end().end();
        xml.end();
    }

    /**
     * {@code in_ccm}, {@code crmd}, {@code join} and {@code expected} as the controller records a
     * node in this state (see OperationHistory's reading of them, after Pacemaker's
     * determine_online_status_fencing).
     */
    private void membership(NodeStatus n, Map<String, String> attrs) {
        String inCcm, crmd, join, expected;
        if (!n.unclean()) {
            boolean up = n.online();
            inCcm = up ? "true" : "false";
            crmd = up ? "online" : "offline";
            join = up ? "member" : "down";
            expected = join;
        } else {
            String reason = n.uncleanReason() == null ? NodeStatus.LOST : n.uncleanReason();
            expected = "member";
            switch (reason) {
                case "peer has not been seen by the cluster":
                    inCcm = null;
                    crmd = "offline";
                    join = "down";
                    break;
                case "peer failed Pacemaker membership criteria":
                    inCcm = n.online() ? "true" : "false";
                    crmd = "online";
                    join = "banned";
                    break;
                case "peer process is no longer available":
                    inCcm = "true";
                    crmd = "offline";
                    join = "member";
                    break;
                case "termination was requested":
                    inCcm = "true";
                    crmd = "online";
                    join = "member";
                    attrs.putIfAbsent("terminate", "true");
                    break;
                case "peer was in an unknown state":
                    inCcm = "true";
                    crmd = "online";
                    join = "nack";
                    break;
                default: // lost from the membership without a clean shutdown
                    inCcm = "false";
                    crmd = "offline";
                    join = "member";
            }
        }
        xml.attr("in_ccm", inCcm).attr("crmd", crmd).attr("crm-debug-origin", "vigil").attr("join", join)
                .attr("expected", expected);
    }

    /**
     * Class, provider (or null) and type of the agent the node recorded the resource with: the
     * state's, else the configured primitive's; an orphan that recorded none is written as
     * ocf:pacemaker:Dummy (Pacemaker needs an agent to stop it).
     */
    private String[] agent(String rsc, ResourceState s) {
        if (s.agent() != null) {
            String[] parts = s.agent().split(":", 3);
            if (parts.length == 3) {
                return parts;
            }
            if (parts.length == 2) {
                return new String[] {parts[0], null, parts[1]};
            }
        }
        Resource r = config.resource(history.primitiveOf(rsc)).orElse(null);
        if (r == null) {
            return new String[] {"ocf", "pacemaker", "Dummy"};
        }
        if (r.agentClass() == null) {
            return new String[] {"ocf", CibWriter.VIGIL_PROVIDER, r.agentType()};
        }
        return new String[] {r.agentClass(), r.agentProvider(), r.agentType()};
    }

    private void resource(String node, String rsc, ResourceState s, boolean hardErrorFromAttributes) {
        String[] agent = agent(rsc, s);
        xml.start("lrm_resource").attr("id", rsc).attr("type", agent[2]).attr("class", agent[0])
                .attr("provider", agent[1]);
        Set<String> opIds = new HashSet<>();
        HistoryWriter.Migrations migrating = migrations.getOrDefault(node, Map.of()).getOrDefault(rsc,
                new HistoryWriter.Migrations(node, null, false, null, false));
        for (HistoryWriter.Op op : HistoryWriter.history(s, hardErrorFromAttributes, migrating)) {
            long ms = op.interval().toMillis();
            String key = rsc + "_" + op.task() + "_" + ms;
            String opId = key;
            for (int i = 1; !opIds.add(opId); i++) {
                opId = key + "-" + i;
            }
            RecordedOperation rec = op.recorded();
            String transitionKey = "0:0:" + op.expectedRc() + ":00000000-0000-0000-0000-000000000000";
            xml.start("lrm_rsc_op").attr("id", opId).attr("operation_key", key).attr("operation", op.task())
                    .attr("crm-debug-origin", "vigil")
                    .attr("crm_feature_set", rec == null ? CibWriter.FEATURE_SET : rec.featureSet())
                    .attr("transition-key", transitionKey)
                    .attr("transition-magic", op.opStatus() + ":" + op.rc() + ";" + transitionKey)
                    .attr("call-id", op.callId()).attr("rc-code", op.rc()).attr("op-status", op.opStatus())
                    .attr("migrate_source", op.migrateSource()).attr("migrate_target", op.migrateTarget())
                    .attr("interval", ms)
                    .attr("last-rc-change", op.lastChange() == null ? null : op.lastChange().getEpochSecond())
                    .attr("exec-time", 0).attr("queue-time", 0);
            if (rec != null) {
                xml.attr("op-digest", rec.digest()).attr("op-restart-digest", rec.restartDigest())
                        .attr("op-force-restart", rec.forceRestart()).attr("op-secure-digest", rec.secureDigest())
                        .attr("op-secure-params", rec.secureParams());
            }
            xml.end();
        }
        xml.end();
    }
}
