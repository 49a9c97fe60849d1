package dev.vigil.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the CIB status section into a {@link ClusterStatus}: which nodes are members, their
 * transient attributes, and per resource the role its operation history leaves it in.
 *
 * <p>A resource's history on a node is replayed in call order by {@link HistoryReducer}, the
 * reducer the executor's live table shares (its rules after Pacemaker's unpack_rsc_op); the
 * replay adds what is its own: each operation's expected result and on-fail, the operations
 * recorded since the start, the recurring ones running, and the fail counts from the
 * fail-count-* attributes.
 */
final class OperationHistory {
    private static final int OCF_OK = HistoryReducer.OCF_OK;
    private static final int OCF_NOT_RUNNING = HistoryReducer.OCF_NOT_RUNNING;
    private static final int OCF_RUNNING_PROMOTED = HistoryReducer.OCF_RUNNING_PROMOTED;
    private static final int STATUS_DONE = 0;
    private static final int STATUS_PENDING = -1;
    private static final int STATUS_CANCELLED = 1;
    private static final int STATUS_TIMEOUT = 2;
    private static final int STATUS_ERROR = 4;
    private static final int STATUS_NOT_INSTALLED = 7;
    /** The kind {@link CibReader} records for a node declared {@code type="remote"}. */
    private static final String REMOTE_KIND = "remote";

    private final String source;
    private final ClusterConfig config;
    /** The operation record read last, whose repeated values the next one shares ({@link Op}). */
    private Op lastRead;

    OperationHistory(String source, ClusterConfig config) {
        this.source = source;
        this.config = config;
    }

    ClusterStatus unpack(XmlElement status, Map<String, String> nodeIds, boolean quorate, String dc) {
        Map<String, NodeStatus> nodes = new TreeMap<>();
        Map<String, XmlElement> states = new LinkedHashMap<>();
        if (status != null) {
            for (XmlElement ns : status.children("node_state")) {
                String uname = ns.attr("uname", nodeIds.get(ns.attr("id")));
                if (uname == null) {
                    // Pacemaker: a node that has no name yet and is not configured is not part of the cluster
                    continue;
                }
                states.put(uname, ns);
            }
        }
        List<String> names = new ArrayList<>(config.nodeAttributes().keySet());
        states.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        boolean fencing = ClusterConfig.isTrue(config.property("stonith-enabled", "true"));
        boolean startupFencing = ClusterConfig.isTrue(config.property("startup-fencing", "true"));
        // Each node's states are final only once the migrations across nodes are read.
        Map<String, Map<String, ResourceState>> statesByNode = new LinkedHashMap<>();
        Set<String> reordered = new HashSet<>(); // nodes whose resources are no longer in id order
        Map<String, Map<String, MigrationHistory.NodeRecord>> records = new TreeMap<>();
        Map<String, MigrationHistory.NodeRecord> presence = new TreeMap<>();
        Map<String, Map<String, Long>> shutdownLocks = new TreeMap<>();
        Map<String, String> removedLaunchers = new TreeMap<>();
        List<Runnable> finish = new ArrayList<>();
        Set<String> migrated = new HashSet<>(); // resources with a migration recorded on some node
        Map<String, XmlElement> lrmByNode = new LinkedHashMap<>();
        Map<String, NodeRead> reads = readAll(states, names);
        RemoteNodes remotes = RemoteNodes.of(config).withOrphans(recordedRemoteNodes(states, reads));
        remotes.connections().keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        for (String node : names) {
            NodeRead read = reads.get(node);
            if (read == null && remotes.defines(node)) {
                read = read(XmlElement.parse(source, "<node_state/>"));
            }
            if (read == null) {
                // Never seen in this cluster's lifetime: it may run anything (startup-fencing).
                nodes.put(node, fencing && startupFencing
                        ? NodeStatus.unclean(node, false, Map.of(), Map.of(), "node is unclean")
                        : NodeStatus.of(node, false, Map.of()));
                continue;
            }
            XmlElement ns = read.state;
            Map<String, String> attrs = read.attrs;
            boolean online = isOnline(ns);
            boolean shutdown = read.shutdown;
            Map<String, ResourceState> resources = read.resources;
            XmlElement lrmResources = read.lrmResources;
            migrated.addAll(read.migrated);
            read.launchers.forEach(removedLaunchers::putIfAbsent);
            read.shutdownLocks.forEach((id, lock) -> shutdownLocks.computeIfAbsent(id, k -> new TreeMap<>())
                    .put(node, lock));
            boolean remote = remotes.defines(node);
            String unclean = fencing && !remote ? uncleanReason(ns, attrs, shutdown) : null;
            statesByNode.put(node, resources);
            presence.put(node, new MigrationHistory.NodeRecord(List.of(), online, unclean != null));
            if (lrmResources != null) {
                lrmByNode.put(node, lrmResources);
            }
            XmlElement state = ns;
            if (remote) {
                finish.add(() -> nodes.put(node, RemoteNodeStatus.of(node, remotes, resources, attrs, shutdown,
                        statesByNode, presence, fencing)));
                continue;
            }
            // (the migrations below change resources before this)
            finish.add(() -> nodes.put(node, NodeStatus.read(node, unclean != null ? truthy(state.attr("in_ccm")) : online,
                    resources, !reordered.contains(node), attrs, shutdown, unclean)));
        }
        // Every node's record of each resource that migrated somewhere (only those: most never did).
        if (!migrated.isEmpty()) {
            lrmByNode.forEach((node, lrmResources) -> {
                MigrationHistory.NodeRecord p = presence.get(node);
                for (XmlElement r : lrmResources.children("lrm_resource")) {
                    String id = r.attr("id");
                    if (migrated.contains(id)) {
                        records.computeIfAbsent(id, k -> new TreeMap<>()).put(node,
                                new MigrationHistory.NodeRecord(r.children("lrm_rsc_op"), p.online(), p.unclean()));
                    }
                }
            });
        }
        MigrationHistory migrations = migrations(records, presence, statesByNode, migrated, reordered);
        finish.forEach(Runnable::run);
        return ClusterStatus.of(nodes, quorate, dc, new ArrayList<>(states.keySet()))
                .withMigrations(migrations.migrations()).withShutdownLocks(shutdownLocks)
                .withRemovedLaunchers(removedLaunchers);
    }

    /** Below this many resource records in the status, its nodes are read on one thread. */
    private static final int TWO_THREADS_FROM = 4096;

    /**
     * What each node's state records of its own, by node: read node by node, on two cores for a
     * large status (each node's records are independent of the others'; see {@link TwoThreads}).
     */
    private Map<String, NodeRead> readAll(Map<String, XmlElement> states, List<String> names) {
        List<String> order = names.stream().filter(states::containsKey).toList(); // as the nodes are listed
        List<NodeRead> read = TwoThreads.map(order, node -> weight(states.get(node)), TWO_THREADS_FROM,
                () -> {
                    // a reader of its own on each thread: it shares values between the records it reads
                    OperationHistory reader = new OperationHistory(source, config);
                    return node -> reader.read(states.get(node));
                });
        Map<String, NodeRead> byNode = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            byNode.put(order.get(i), read.get(i));
        }
        Map<String, NodeRead> out = new LinkedHashMap<>(); // in document order
        states.keySet().forEach(node -> out.put(node, byNode.get(node)));
        return out;
    }

    /** How much reading a node_state takes: the number of resources it records. */
    private static int weight(XmlElement nodeState) {
        XmlElement lrmResources = lrmResources(nodeState);
        return lrmResources == null ? 1 : lrmResources.children.size();
    }

    private static XmlElement lrmResources(XmlElement nodeState) {
        XmlElement lrm = nodeState.child("lrm");
        return lrm == null ? null : lrm.child("lrm_resources");
    }

    /**
     * What a node_state records: its transient attributes, whether it asked to shut down, and
     * per resource the state its history leaves it in (before migrations across nodes are read).
     */
    private NodeRead read(XmlElement ns) {
        Map<String, String> attrs = new LinkedHashMap<>();
        XmlElement transient_ = ns.child("transient_attributes");
        if (transient_ != null) {
            transient_.children("instance_attributes").forEach(set -> CibReader.nvpairs(set).forEach(
                    attrs::putIfAbsent));
        }
        // Pacemaker's shutdown request: the transient attribute (older CIBs: the node_state's).
        String requested = attrs.getOrDefault("shutdown", ns.attr("shutdown", "0"));
        boolean shutdown = !requested.equals("0") && !requested.isEmpty();
        Map<String, ResourceState> resources = new HashMap<>();
        List<String> migrated = new ArrayList<>();
        Map<String, String> launchers = new LinkedHashMap<>();
        Map<String, Long> locks = new LinkedHashMap<>();
        List<String> remoteConnections = new ArrayList<>();
        // (most nodes record no fail count: then no resource needs to look for its own)
        boolean failCounts = false;
        for (String name : attrs.keySet()) {
            failCounts |= name.startsWith("fail-count-");
        }
        XmlElement lrmResources = lrmResources(ns);
        if (lrmResources != null) {
            for (XmlElement r : lrmResources.children("lrm_resource")) {
                String id = r.attr("id");
                List<XmlElement> ops = r.children("lrm_rsc_op");
                String agent = agentOf(r);
                ResourceState s = replay(id, ops, agent);
                for (XmlElement op : ops) {
                    if (op.attrStartsWith("operation", "migrate_")) {
                        migrated.add(id);
                        break;
                    }
                }
                int failCount = failCounts ? Math.max(recordedFailCount(id, attrs), s.failCount()) : s.failCount();
                resources.put(id, failCount > 0 ? s.withFailCount(failCount) : s);
                boolean configured = config.resource(id).isPresent();
                if (r.attr("container") != null && !configured) {
                    launchers.putIfAbsent(id, r.attr("container"));
                }
                Long lock = epochSeconds(r.attr("shutdown-lock"));
                if (lock != null) {
                    locks.put(id, lock);
                }
                if (RemoteNodes.REMOTE_AGENT.equals(agent) && !configured) {
                    remoteConnections.add(id);
                }
            }
        }
        // sorted here, on the thread that read them, for NodeStatus to keep as they are
        return new NodeRead(ns, attrs, shutdown, NodeStatus.inIdOrder(resources), lrmResources, migrated, launchers, locks,
                remoteConnections);
    }

    /**
     * What {@link #read} found in a node_state. {@code launchers}: the container of each removed
     * resource that names one; {@code shutdownLocks}: when each resource's lock was set;
     * {@code remoteConnections}: the removed connection resources (agent ocf:pacemaker:remote).
     */
    private record NodeRead(XmlElement state, Map<String, String> attrs, boolean shutdown,
            Map<String, ResourceState> resources, XmlElement lrmResources, List<String> migrated,
            Map<String, String> launchers, Map<String, Long> shutdownLocks, List<String> remoteConnections) {
    }

    /** A recorded time in seconds since the epoch; null when absent, zero or not a number. */
    private static Long epochSeconds(String v) {
        if (v == null || !v.trim().matches("\\d+")) {
            return null;
        }
        try {
            long t = Long.parseLong(v.trim());
            return t == 0 ? null : t;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Applies {@link MigrationHistory} to every resource that has migration operations recorded ({@code migrated}). */
    private static MigrationHistory migrations(Map<String, Map<String, MigrationHistory.NodeRecord>> records,
            Map<String, MigrationHistory.NodeRecord> presence, Map<String, Map<String, ResourceState>> statesByNode,
            Set<String> migrated, Set<String> reordered) {
        MigrationHistory history = new MigrationHistory();
        records.forEach((rsc, byNode) -> {
            if (!migrated.contains(rsc)) {
                return;
            }
            Map<String, MigrationHistory.NodeRecord> all = new TreeMap<>(byNode);
            presence.forEach(all::putIfAbsent); // nodes with no record of it: known, but it is unknown there
            Map<String, ResourceState> states = new TreeMap<>();
            statesByNode.forEach((n, m) -> {
                if (m.containsKey(rsc)) {
                    states.put(n, m.get(rsc));
                }
            });
            history.apply(rsc, all, states);
            states.forEach((n, s) -> {
                if (statesByNode.get(n).put(rsc, s) == null) {
                    reordered.add(n); // added last
                }
            });
        });
        return history;
    }

    /**
     * The remote nodes known other than by a configured connection (Pacemaker's unpack_nodes and
     * process_orphan_resource): a node declared {@code type="remote"} in {@code <nodes>}, a
     * node_state marked {@code remote_node}, and the node of a removed connection resource still in
     * some node's history (an lrm_resource of agent ocf:pacemaker:remote that no primitive
     * configures). Without a running connection such a node is offline, never unclean.
     */
    private List<String> recordedRemoteNodes(Map<String, XmlElement> states, Map<String, NodeRead> reads) {
        Set<String> out = new LinkedHashSet<>();
        config.nodeAttributes().forEach((n, attrs) -> {
            if (REMOTE_KIND.equals(attrs.get(CibReader.NODE_KIND))) {
                out.add(n);
            }
        });
        states.forEach((n, ns) -> {
            if (truthy(ns.attr("remote_node"))) {
                out.add(n);
            }
        });
        reads.values().forEach(read -> out.addAll(read.remoteConnections));
        return new ArrayList<>(out);
    }

    /** The agent an lrm_resource records ({@code class:provider:type} or {@code class:type}), or null. */
    private String agentOf(XmlElement lrmResource) {
        String cls = lrmResource.attrShared("class", lastClass), provider = lrmResource.attrShared("provider",
                lastProvider), type = lrmResource.attrShared("type", lastType);
        if (cls == null || type == null) {
            return null;
        }
        if (cls != lastClass || provider != lastProvider || type != lastType || lastAgent == null) {
            // most records name the agent the previous one named: its text is made once
            lastClass = cls;
            lastProvider = provider;
            lastType = type;
            lastAgent = provider == null ? cls + ":" + type : cls + ":" + provider + ":" + type;
        }
        return lastAgent;
    }

    /** The agent {@link #agentOf} read last, and its parts. */
    private String lastClass, lastProvider, lastType, lastAgent;

    /**
     * The configured primitive an lrm_resource id names: itself, or for a clone instance
     * ({@code rsc:2}) the cloned primitive.
     */
    String primitiveOf(String id) {
        int colon = id.lastIndexOf(':');
        if (colon > 0 && id.substring(colon + 1).matches("\\d+") && config.resource(id).isEmpty()) {
            return id.substring(0, colon);
        }
        return id;
    }

    /**
     * Why a node must be fenced, from its membership state, when fencing is enabled; null when it
     * is clean (Pacemaker's determine_online_status_fencing in lib/pengine/unpack.c): not seen by
     * the membership layer at all, banned from joining, expected up but gone from the membership
     * or with its controller gone, or asked to terminate.
     */
    private static String uncleanReason(XmlElement ns, Map<String, String> attrs, boolean shutdown) {
        String inCcm = ns.attr("in_ccm");
        String join = ns.attr("join");
        boolean inCluster = truthy(inCcm);
        boolean controller = "online".equals(ns.attr("crmd")) || truthy(ns.attr("crmd"));
        String term = attrs.get("terminate");
        boolean terminate = ClusterConfig.isTrue(term)
                || (term != null && !term.isEmpty() && Character.isDigit(term.charAt(0)) && term.charAt(0) != '0');
        if (shutdown) {
            return null; // a node shutting down cleanly is not fenced for being down
        } else if (inCcm == null) {
            return "peer has not been seen by the cluster";
        } else if ("banned".equals(join)) {
            return "peer failed Pacemaker membership criteria";
        } else if (!terminate && ns.attr("expected", "down").equals("down")) {
            return null; // down as expected, or still coming up
        } else if (terminate && "down".equals(join) && !inCluster && !controller) {
            return null; // just fenced
        } else if (!inCluster) {
            return NodeStatus.LOST;
        } else if (!controller) {
            return "peer process is no longer available";
        } else if (terminate) {
            return "termination was requested";
        } else if ("member".equals(join) || "pending".equals(join) || "down".equals(join)) {
            return null;
        }
        return "peer was in an unknown state";
    }

    /** Pacemaker's true (or a join time, as newer versions record in in_ccm and crmd). */
    private static boolean truthy(String v) {
        return v != null && (ClusterConfig.isTrue(v) || (v.matches("\\d+") && !v.equals("0")));
    }

    /** Member of the cluster layer and its controller up (Pacemaker's in_ccm and crmd/join). */
    private static boolean isOnline(XmlElement ns) {
        String inCcm = ns.attr("in_ccm", "false");
        boolean member = ClusterConfig.isTrue(inCcm) || inCcm.matches("\\d+");
        String crmd = ns.attr("crmd", "offline");
        boolean controller = crmd.equals("online") || ClusterConfig.isTrue(crmd) || crmd.matches("\\d+");
        // Only a node that has finished joining runs resources (Pacemaker: join "member"); one
        // still "pending" is up but not ready, and counts as offline.
        String join = ns.attr("join");
        return member && controller && (join == null || join.equals("member"));
    }

    /**
     * The fail count the node's attributes record for an lrm_resource: its own
     * (fail-count-ID...), or for an instance of an anonymous clone, every instance's on this
     * node together (fail-count-RSC, fail-count-RSC:N...), as the instances are one resource there.
     */
    int recordedFailCount(String id, Map<String, String> attrs) {
        String primitive = primitiveOf(id);
        Clone clone = config.cloneOf(primitive).orElse(null);
        if (clone == null || config.uniqueInstances(clone)) {
            return Math.max(failCount(id, attrs), failCount(primitive, attrs));
        }
        long total = failCount(primitive, attrs);
        String prefix = "fail-count-" + primitive + ":";
        for (Map.Entry<String, String> e : attrs.entrySet()) {
            String rest = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : "";
            String number = rest.contains("#") ? rest.substring(0, rest.indexOf('#')) : rest;
            if (number.matches("\\d+")) {
                try {
                    total += Score.parse(e.getValue()).value();
                } catch (IllegalArgumentException ignored) {
                    // an unreadable fail count counts as none, as in Pacemaker
                }
            }
        }
        return (int) Math.min(total, Score.INFINITY);
    }

    /** Sums fail-count-RSC and fail-count-RSC#op_interval attributes (saturating at INFINITY). */
    private static int failCount(String rsc, Map<String, String> attrs) {
        long total = 0;
        for (Map.Entry<String, String> e : attrs.entrySet()) {
            String k = e.getKey();
            if (k.equals("fail-count-" + rsc) || k.startsWith("fail-count-" + rsc + "#")) {
                try {
                    total += Score.parse(e.getValue()).value();
                } catch (IllegalArgumentException ignored) {
                    // an unreadable fail count counts as none, as in Pacemaker
                }
            }
        }
        return (int) Math.min(total, Score.INFINITY);
    }

    private static final class Op {
        final String task;
        /** {@link #task}, parsed when read. */
        final OperationTask kind;
        final Duration interval;
        final int rc;
        final int opStatus;
        final long callId;
        final Instant lastChange;
        /** The result the controller expected, from the transition key; -1 when unknown. */
        final int targetRc;
        final String digest;
        final String restartDigest;
        final String forceRestart;
        final String secureDigest;
        final String secureParams;
        final String featureSet;

        /**
         * Reads the record. Numbers are read in place, and values met on the previous record
         * ({@code previous}: the same feature set, digests and names recur on most records of a
         * large status section) are shared rather than cut out again.
         */
        Op(XmlElement e, Op previous) {
            secureDigest = e.attr("op-secure-digest");
            secureParams = e.attr("op-secure-params");
            featureSet = e.attrShared("crm_feature_set", previous == null ? null : previous.featureSet);
            digest = e.attrShared("op-digest", previous == null ? null : previous.digest);
            restartDigest = e.attr("op-restart-digest");
            forceRestart = e.attr("op-force-restart");
            targetRc = expectedRc(e.attr("transition-key", ""));
            String name = e.attrShared("operation", TASK_NAMES);
            task = name == null ? "" : name;
            kind = OperationTask.of(task);
            interval = Duration.ofMillis(e.longAttr("interval", 0, 0));
            rc = (int) e.longAttr("rc-code", 0, 0);
            opStatus = (int) e.longAttr("op-status", 0, 0);
            callId = e.longAttr("call-id", 0, 0);
            String changedKey = e.has("last-rc-change") ? "last-rc-change" : e.has("last-run") ? "last-run" : null;
            lastChange = changedKey == null ? null : Instant.ofEpochSecond(e.longAttr(changedKey, 0, 0));
        }

        private static final String[] TASK_NAMES = {"monitor", "start", "stop", "promote", "demote", "migrate_to",
            "migrate_from", "notify"};

        /**
         * The third field of a transition key ({@code action:transition:rc:uuid}), when it has
         * at least four (as String.split counts them: trailing empty fields dropped); -1 otherwise.
         */
        private static int expectedRc(String key) {
            int fields = 0, thirdFrom = -1, thirdTo = -1, from = 0;
            int lastNonEmpty = 0;
            while (true) {
                int colon = key.indexOf(':', from);
                int to = colon < 0 ? key.length() : colon;
                fields++;
                if (fields == 3) {
                    thirdFrom = from;
                    thirdTo = to;
                }
                if (to > from) {
                    lastNonEmpty = fields;
                }
                if (colon < 0) {
                    break;
                }
                from = colon + 1;
            }
            int counted = key.isEmpty() ? 1 : lastNonEmpty;
            return counted >= 4 ? (int) parseLong(key.substring(thirdFrom, thirdTo)) : -1;
        }

        private static long parseLong(String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        boolean pending() {
            return opStatus == STATUS_PENDING || callId == -1;
        }
    }

    /** The order {@link #replay} replays operations in. */
    private static final Comparator<Op> REPLAY_ORDER = Comparator.comparing((Op o) -> o.pending())
            .thenComparingLong(o -> o.callId)
            .thenComparing(o -> o.lastChange, Comparator.nullsFirst(Comparator.naturalOrder()));

    /**
     * The state the resource's history on one node leaves it in: its operations, parsed and put
     * in {@link #REPLAY_ORDER}, folded by the reducer the executor's live table shares
     * ({@link HistoryReducer}, as {@link HistoryReducer.Semantics#RECORDED}: fail counts come from
     * the node's attributes, {@link #read}); then what is the replay's own: the operations
     * recorded since the start and the recurring ones running.
     */
    private ResourceState replay(String rsc, List<XmlElement> ops, String agent) {
        List<Op> history = new ArrayList<>(ops.size());
        for (XmlElement o : ops) {
            lastRead = new Op(o, lastRead);
            history.add(lastRead);
        }
        // Pending operations last; otherwise by call id (a migration's ops may share one), then
        // by when the result came (a recorded failure and a later success may share a call id).
        history.sort(REPLAY_ORDER);
        ResourceState s = ResourceState.of(ResourceRole.STOPPED);
        for (Op op : history) {
            s = HistoryReducer.next(s, completed(rsc, op), HistoryReducer.Semantics.RECORDED);
        }
        // The live table's records (the monitor running, the migration) are not the replay's:
        // MigrationHistory reads migrations across the nodes' records.
        return s.replayed(sinceStart(history), runningRecurring(history), agent);
    }

    /**
     * The lrm_rsc_op as the reducer reads it: its expected result from the transition key; and,
     * only when it did not simply succeed (the common case costs no lookup), whether the
     * configuration ignores its failure (on-fail=ignore) and whether the resource is unmanaged.
     */
    private CompletedOperation completed(String rsc, Op op) {
        CompletedOperation.Execution execution = execution(op);
        CompletedOperation c = CompletedOperation.of(op.kind, op.interval, op.rc, execution, op.lastChange, null,
                op.targetRc);
        if (op.kind == OperationTask.OTHER) {
            c = c.named(op.task);
        }
        if (execution == CompletedOperation.Execution.PENDING || execution == CompletedOperation.Execution.CANCELLED
                || HistoryReducer.succeeded(c)) {
            return c;
        }
        boolean unmanaged = op.kind == OperationTask.MONITOR && op.rc == OCF_NOT_RUNNING && !managed(rsc);
        return CompletedOperation.of(op.kind, op.interval, op.rc, execution, op.lastChange,
                op.task + " failed (rc=" + op.rc + ", status=" + op.opStatus + ")").withExpectedRc(op.targetRc)
                .withFailureIgnored(onFail(rsc, op) == OnFail.IGNORE).withUnmanaged(unmanaged).named(op.task);
    }

    /** The execution status an lrm_rsc_op records (op-status, Pacemaker's PCMK_EXEC_*). */
    private static CompletedOperation.Execution execution(Op op) {
        if (op.opStatus == STATUS_CANCELLED) {
            return CompletedOperation.Execution.CANCELLED;
        }
        if (op.pending()) {
            return CompletedOperation.Execution.PENDING;
        }
        switch (op.opStatus) {
            case STATUS_DONE:
                return CompletedOperation.Execution.DONE;
            case STATUS_TIMEOUT:
                return CompletedOperation.Execution.TIMEOUT;
            case STATUS_ERROR:
                return CompletedOperation.Execution.ERROR;
            case STATUS_NOT_INSTALLED:
                return CompletedOperation.Execution.NOT_INSTALLED;
            default:
                return CompletedOperation.Execution.ERROR_FINAL;
        }
    }

    /** Whether the configured primitive is managed (is-managed, maintenance, maintenance-mode). */
    private boolean managed(String rsc) {
        return config.resource(primitiveOf(rsc)).map(r -> ClusterConfig.isTrue(config.meta(r, "is-managed", "true"))
                && !ClusterConfig.isTrue(config.meta(r, "maintenance", "false"))).orElse(true)
                && !ClusterConfig.isTrue(config.property("maintenance-mode", "false"));
    }

    /**
     * The recurring operations still running on the node, as Pacemaker finds them
     * (process_recurring with calculate_active_ops): those after the last start (or what implies
     * one), but when a stop came after it only those after the stop; in-flight ones excepted.
     */
    private static List<RecordedOperation> runningRecurring(List<Op> history) {
        int[] window = activeWindow(history);
        int start = window[0], stop = window[1];
        List<RecordedOperation> out = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Op op = history.get(i);
            if ((start < stop && i <= stop) || i < start || op.interval.isZero() || op.opStatus == STATUS_PENDING) {
                continue;
            }
            out.add(RecordedOperation.of(op.task, op.interval, op.digest, op.restartDigest, op.forceRestart));
        }
        return out;
    }

    /** Pacemaker's calculate_active_ops: the index of the last start (or implied start) and of the last stop. */
    private static int[] activeWindow(List<Op> history) {
        int start = -1, stop = -1, impliedByMonitor = -1, impliedByPromotion = -1;
        for (int i = 0; i < history.size(); i++) {
            Op op = history.get(i);
            if (op.kind == OperationTask.STOP && op.opStatus == STATUS_DONE) {
                stop = i;
            } else if (op.kind == OperationTask.START || op.kind == OperationTask.MIGRATE_FROM) {
                start = i;
            } else if (impliedByMonitor <= stop && op.kind == OperationTask.MONITOR
                    && (op.rc == OCF_OK || op.rc == OCF_RUNNING_PROMOTED)) {
                impliedByMonitor = i;
            } else if (op.kind == OperationTask.PROMOTE || op.kind == OperationTask.DEMOTE) {
                impliedByPromotion = i;
            }
        }
        if (start == -1) {
            start = impliedByPromotion != -1 ? impliedByPromotion : impliedByMonitor;
        }
        return new int[] {start, stop};
    }

    /**
     * The operations whose parameters the engine compares with the configuration, as Pacemaker
     * picks them (calculate_active_ops, process_rsc_history): from the last start (else the last
     * promote or demote, else the last probe or monitor finding it running) on, unless a stop
     * came later: the recurring ones and every start, promote, migrate_from and monitor.
     */
    private static List<RecordedOperation> sinceStart(List<Op> history) {
        int[] window = activeWindow(history);
        int start = window[0], stop = window[1];
        if (start < stop) {
            return List.of();
        }
        List<RecordedOperation> out = new ArrayList<>();
        for (int i = Math.max(start, 0); i < history.size(); i++) {
            Op op = history.get(i);
            if (!op.interval.isZero() || op.kind == OperationTask.MONITOR || op.kind == OperationTask.START
                    || op.kind == OperationTask.PROMOTE || op.kind == OperationTask.MIGRATE_FROM) {
                out.add(RecordedOperation.recorded(op.task, op.interval, op.digest, op.restartDigest, op.forceRestart,
                        op.secureDigest, op.secureParams, op.featureSet, op.pending()));
            }
        }
        return out;
    }

    /** The on-fail of the configured operation matching this one, or null. */
    private OnFail onFail(String rsc, Op op) {
        return config.resource(primitiveOf(rsc)).flatMap(r -> r.operations().stream()
                .filter(o -> o.name().equals(op.task) && o.interval().equals(op.interval))
                .map(Operation::onFailPolicy).filter(Objects::nonNull).findFirst()).orElse(null);
    }
}
