package dev.vigil.cluster;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.model.RecordedOperation;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * A node's report of every resource state it holds, sent to all members after every
 * operation; when it answers a request it names that request and its outcome.
 */
public final class LrmUpdate {
    /** Message topic on which executors publish their state. */
    public static final String TOPIC = "lrm.state";
    /** Message topic on which a DC missing some node's states asks every executor to report them again. */
    public static final String QUERY_TOPIC = "lrm.query";
    /**
     * The {@link #completedRequest()} of a report that answers a DC's query: this prefix and the
     * query's token. A new DC decides only once every member answered its own query.
     */
    public static final String QUERY_ANSWER_PREFIX = "query:";

    private final Map<String, ResourceState> states;
    private final String completedRequest;
    private final OperationRecord record;
    private final Map<String, String> pending;

    private LrmUpdate(Map<String, ResourceState> states, String completedRequest, OperationRecord record,
            Map<String, String> pending) {
        this.states = java.util.Collections.unmodifiableMap(new TreeMap<>(states));
        this.completedRequest = completedRequest;
        this.record = record;
        this.pending = java.util.Collections.unmodifiableMap(new TreeMap<>(pending));
    }

    /**
     * @param completedRequest the {@link ActionRequest#id()} this update answers, or null
     * @param record the operation that caused this update, or null
     */
    public static LrmUpdate of(Map<String, ResourceState> states, String completedRequest, OperationRecord record) {
        if (completedRequest != null && !completedRequest.startsWith(QUERY_ANSWER_PREFIX)) {
            Objects.requireNonNull(record, "an answer needs its operation record");
        }
        return new LrmUpdate(states, completedRequest, record, Map.of());
    }

    /** @param pending resource to the operation running on it now for the DC (start, stop...) */
    public static LrmUpdate of(Map<String, ResourceState> states, String completedRequest, OperationRecord record,
            Map<String, String> pending) {
        if (completedRequest != null && !completedRequest.startsWith(QUERY_ANSWER_PREFIX)) {
            Objects.requireNonNull(record, "an answer needs its operation record");
        }
        return new LrmUpdate(states, completedRequest, record, pending);
    }

    /**
     * Operations running now, by resource: a new DC must not act on a resource whose outcome
     * is not known yet (the old DC may have started it a moment before it died).
     */
    public Map<String, String> pending() {
        return pending;
    }

    public Map<String, ResourceState> states() {
        return states;
    }

    public String completedRequest() {
        return completedRequest;
    }

    public OperationRecord record() {
        return record;
    }

    public byte[] encode() {
        Map<String, String> m = new LinkedHashMap<>();
        states.forEach((rsc, s) -> {
            m.put("rsc." + rsc + ".role", s.role().name());
            m.put("rsc." + rsc + ".failcount", Integer.toString(s.failCount()));
            m.put("rsc." + rsc + ".monitor", Long.toString(s.monitorInterval().toMillis()));
            if (s.lastFailure() != null) {
                m.put("rsc." + rsc + ".lastfailure", Long.toString(s.lastFailure().toEpochMilli()));
                m.put("rsc." + rsc + ".reason", s.lastFailureReason());
            }
            if (s.promotionScore() != null) {
                m.put("rsc." + rsc + ".promotion", Integer.toString(s.promotionScore()));
            }
            s.recorded().stream().filter(o -> o.task().equals("start") && o.digest() != null).findFirst()
                    .ifPresent(o -> m.put("rsc." + rsc + ".startdigest", o.digest()));
            if (!s.recurring().isEmpty()) { // the Stopped-role monitors running there, as intervals
                m.put("rsc." + rsc + ".recurring", s.recurring().stream()
                        .map(o -> Long.toString(o.interval().toMillis())).collect(Collectors.joining(",")));
            }
            if (s.migrationSource() != null && s.migrationTarget() != null) {
                m.put("rsc." + rsc + ".migratesource", s.migrationSource());
                m.put("rsc." + rsc + ".migratetarget", s.migrationTarget());
            }
            if (s.agent() != null) { // what a DC needs to stop it once it is no longer configured
                m.put("rsc." + rsc + ".agent", s.agent());
            }
            if (s.failedAction() != null) {
                m.put("rsc." + rsc + ".failedaction", s.failedAction());
                m.put("rsc." + rsc + ".failedinterval", Long.toString(s.failedInterval().toMillis()));
            }
            if ((s.role() == ResourceRole.FAILED || s.role() == ResourceRole.BLOCKED)
                    && s.roleBeforeFailure() != ResourceRole.STARTED) {
                // the role the failure found it in (a failed Promoted instance is demoted first)
                m.put("rsc." + rsc + ".before", s.roleBeforeFailure().name());
            }
        });
        pending.forEach((rsc, action) -> m.put("pending." + rsc, action));
        if (completedRequest != null) {
            m.put("request", completedRequest);
        }
        if (record != null) {
            m.put("op.node", record.node());
            m.put("op.resource", record.resource());
            m.put("op.action", record.action().ocfName());
            m.put("op.interval", Long.toString(record.interval().toMillis()));
            m.put("op.started", Long.toString(record.started().toEpochMilli()));
            m.put("op.finished", Long.toString(record.finished().toEpochMilli()));
            m.put("op.exec", record.execStatus().name());
            m.put("op.rc", Integer.toString(record.ocfStatus().code()));
            m.put("op.reason", record.reason());
            if (record.isRefused()) {
                m.put("op.refused", "true");
            }
            if (record.role() != null) {
                m.put("op.role", record.role());
            }
        }
        return Wire.encode(m);
    }

    private static List<RecordedOperation> recurringMonitors(String intervals) {
        if (intervals == null || intervals.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(intervals.split(",")).map(ms -> RecordedOperation.of("monitor",
                java.time.Duration.ofMillis(Long.parseLong(ms)), null, null, null)).toList();
    }

    /** @throws IllegalArgumentException for a malformed update, naming what is wrong */
    public static LrmUpdate decode(byte[] payload) {
        Map<String, String> m = Wire.decode(payload);
        Map<String, ResourceState> states = new TreeMap<>();
        try {
            for (String key : m.keySet()) {
                if (key.startsWith("rsc.") && key.endsWith(".role")) {
                    String rsc = key.substring(4, key.length() - ".role".length());
                    String last = m.get("rsc." + rsc + ".lastfailure");
                    ResourceRole role = ResourceRole.valueOf(m.get(key));
                    int failCount = Integer.parseInt(Wire.require(m, "rsc." + rsc + ".failcount"));
                    Instant lastFailure = last == null ? null : Instant.ofEpochMilli(Long.parseLong(last));
                    java.time.Duration monitor = java.time.Duration.ofMillis(
                            Long.parseLong(m.getOrDefault("rsc." + rsc + ".monitor", "0")));
                    String failedAction = m.get("rsc." + rsc + ".failedaction");
                    String promotion = m.get("rsc." + rsc + ".promotion");
                    String startDigest = m.get("rsc." + rsc + ".startdigest");
                    states.put(rsc, (failedAction == null
                            ? ResourceState.of(role, failCount, lastFailure, m.get("rsc." + rsc + ".reason"), monitor)
                            : ResourceState.failedBy(role, failCount, lastFailure, m.get("rsc." + rsc + ".reason"),
                                    failedAction, java.time.Duration.ofMillis(Long.parseLong(
                                            m.getOrDefault("rsc." + rsc + ".failedinterval", "0"))))
                                    .withMonitor(monitor))
                            .withPromotionScore(promotion == null ? null : Integer.valueOf(promotion))
                            .withRecorded(startDigest == null ? List.of() : List.of(RecordedOperation.of("start",
                                    java.time.Duration.ZERO, startDigest, null, null)))
                            .withMigration(m.get("rsc." + rsc + ".migratesource"),
                                    m.get("rsc." + rsc + ".migratetarget"))
                            .withRecurring(recurringMonitors(m.get("rsc." + rsc + ".recurring")))
                            .withAgent(m.get("rsc." + rsc + ".agent")));
                    String before = m.get("rsc." + rsc + ".before");
                    if (before != null) {
                        states.computeIfPresent(rsc, (k, st) -> st.withRoleBeforeFailure(ResourceRole.valueOf(before)));
                    }
                }
            }
            OperationRecord record = null;
            if (m.containsKey("op.node")) {
                record = OperationRecord.of(m.get("op.node"), Wire.require(m, "op.resource"),
                        AgentAction.fromOcfName(Wire.require(m, "op.action")),
                        java.time.Duration.ofMillis(Long.parseLong(Wire.require(m, "op.interval"))),
                        Instant.ofEpochMilli(Long.parseLong(Wire.require(m, "op.started"))),
                        Instant.ofEpochMilli(Long.parseLong(Wire.require(m, "op.finished"))),
                        ExecStatus.valueOf(Wire.require(m, "op.exec")),
                        OcfStatus.fromCode(Integer.parseInt(Wire.require(m, "op.rc"))), m.get("op.reason"));
                if ("true".equals(m.get("op.refused"))) {
                    record = record.asRefused();
                }
                if (m.containsKey("op.role")) {
                    record = record.withRole(m.get("op.role"));
                }
            }
            Map<String, String> pending = new TreeMap<>();
            m.forEach((k, v) -> {
                if (k.startsWith("pending.")) {
                    pending.put(k.substring("pending.".length()), v);
                }
            });
            return of(states, m.get("request"), record, pending);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("malformed state update: " + e);
        }
    }
}
