package dev.vigil.model;

import java.util.LinkedHashMap;
import java.util.Map;
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

    CibStatusWriter(XmlWriter xml, CibIds ids, ClusterConfig config) {
        this.xml = xml;
        this.ids = ids;
        this.config = config;
        this.history = new OperationHistory("written", config);
    }

    void write(ClusterStatus status, Function<String, String> nodeId) {
        xml.start("status");
        for (String name : status.reportOrder()) {
            NodeStatus n = status.nodes().get(name);
            if (n.unclean() && NEVER_SEEN.equals(n.uncleanReason()) && n.resources().isEmpty()
                    && n.attributes().isEmpty()) {
                continue; // no node_state at all: never seen since the cluster started
            }
            nodeState(n, nodeId.apply(name));
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
                resource(rsc, s, history.recordedFailCount(rsc, finalAttrs) >= Score.INFINITY);
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

    private void resource(String rsc, ResourceState s, boolean hardErrorFromAttributes) {
        Resource r = config.resource(history.primitiveOf(rsc)).orElse(null);
        // an orphan (no longer configured) keeps no agent in the model: Pacemaker needs one to stop it
        String cls = r == null ? "ocf" : r.agentClass() == null ? "ocf" : r.agentClass();
        String provider = r == null ? "pacemaker"
                : r.agentClass() == null ? CibWriter.VIGIL_PROVIDER : r.agentProvider();
        xml.start("lrm_resource").attr("id", rsc).attr("type", r == null ? "Dummy" : r.agentType())
                .attr("class", cls).attr("provider", provider);
        java.util.Set<String> opIds = new java.util.HashSet<>();
        for (HistoryWriter.Op op : HistoryWriter.history(s, hardErrorFromAttributes)) {
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
