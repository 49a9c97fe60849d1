package dev.vigil.policy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.Group;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.Operation;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;
import dev.vigil.model.Score;

/**
 * The unpacked input of one decision: nodes with their eligibility and rule attributes, and
 * every primitive with its state on each node. Built once per {@link PolicyEngine#compute}.
 */
final class WorkingSet {
    final ClusterConfig config;
    final ClusterStatus status;
    final Instant now;
    final Map<String, NodeView> nodes = new LinkedHashMap<>();
    final Map<String, ResourceView> resources = new LinkedHashMap<>();
    /** Clones by clone id; their primitives are not in {@link #resources}. */
    final Map<String, CloneView> clones = new LinkedHashMap<>();
    final String noQuorumPolicy;
    final boolean symmetric;
    /** Which nodes this transition fences, decided from the input before anything else. */
    final Fencing fencing;

    WorkingSet(ClusterConfig config, ClusterStatus status, Instant now) {
        this.config = config;
        this.status = status;
        this.now = now;
        this.noQuorumPolicy = config.property("no-quorum-policy", "stop");
        this.symmetric = ClusterConfig.isTrue(config.property("symmetric-cluster", "true"));
        this.fencing = new Fencing(config, status);
        unpackNodes();
        unpackResources();
    }

    private void unpackNodes() {
        for (NodeStatus n : status.nodes().values()) {
            Map<String, String> attrs = new TreeMap<>(config.nodeAttributes().getOrDefault(n.name(), Map.of()));
            attrs.putAll(n.attributes());
            attrs.putIfAbsent("#id", n.name());
            attrs.put("#uname", n.name());
            attrs.put("#kind", "cluster");
            attrs.put("#is_dc", Boolean.toString(n.name().equals(status.dc())));
            boolean standby = ClusterConfig.isTrue(attrs.get(ClusterConfig.NODE_STANDBY));
            // An unclean node runs nothing more: it is fenced, stuck until it can be, or offline.
            boolean online = n.online() && !n.unclean() && !fencing.fences(n.name());
            boolean eligible = online && !standby && !n.shuttingDown() && !onFailStandby(n);
            nodes.put(n.name(), new NodeView(n.name(), online, eligible, n.shuttingDown(), attrs));
        }
    }

    /** A resource on the node failed an operation whose on-fail is standby. */
    private boolean onFailStandby(NodeStatus n) {
        for (Map.Entry<String, ResourceState> e : n.resources().entrySet()) {
            if ("standby".equals(onFailOf(e.getKey(), e.getValue()))) {
                return true;
            }
        }
        return false;
    }

    /** The on-fail policy of the operation whose failure is the resource's current one, or null. */
    String onFailOf(String resource, ResourceState s) {
        String configured = configuredOnFail(resource, s);
        if ("fence".equals(configured) && !ClusterConfig.isTrue(config.property("stonith-enabled", "true"))) {
            return "stop"; // nothing can fence: stop it and leave it stopped (as Pacemaker does)
        }
        return configured;
    }

    private String configuredOnFail(String resource, ResourceState s) {
        if (s.failedAction() == null) {
            return null;
        }
        Optional<Resource> r = config.resource(resource);
        if (r.isEmpty()) {
            return null;
        }
        for (Operation o : r.get().operations()) {
            if (o.name().equals(s.failedAction()) && o.interval().equals(s.failedInterval()) && o.onFail() != null) {
                return o.onFail();
            }
        }
        return null;
    }

    private void unpackResources() {
        for (Resource r : config.resources()) {
            Optional<Group> g = config.groupOf(r.id());
            Optional<dev.vigil.model.Clone> clone = config.cloneOf(r.id());
            Score stickiness = parseScore(config.meta(r, Resource.STICKINESS, "0"));
            int threshold = (int) Math.min(parseScore(config.meta(r, Resource.MIGRATION_THRESHOLD, "INFINITY"))
                    .value(), Integer.MAX_VALUE);
            int priority = parseScore(config.meta(r, "priority", "0")).value();
            boolean managed = ClusterConfig.isTrue(config.meta(r, "is-managed", "true"))
                    && !ClusterConfig.isTrue(config.property("maintenance-mode", "false"));
            boolean stopped = "stopped".equalsIgnoreCase(config.meta(r, Resource.TARGET_ROLE, "Started"));
            ResourceView v = new ResourceView(r, g.map(Group::id).orElse(clone.map(dev.vigil.model.Clone::id)
                    .orElse(null)), stickiness, threshold, priority, managed, stopped);
            for (NodeStatus n : status.nodes().values()) {
                ResourceState s = applyFailurePolicy(r, expire(r, n.resource(r.id())));
                boolean fenced = fencing.fences(n.name());
                boolean failed = s.role() == ResourceRole.FAILED || s.role() == ResourceRole.BLOCKED;
                if ((fenced || fencing.stuck(n.name())) && n.unclean() && failed) {
                    s = s.withRole(ResourceRole.STARTED); // a lost node's failures count for nothing
                } else if (fenced && s.role() == ResourceRole.BLOCKED) {
                    s = s.withRole(ResourceRole.FAILED); // the fence completes the stop that failed
                }
                v.states.put(n.name(), s);
                boolean online = nodes.get(n.name()).online;
                String op = online ? n.pending().get(r.id()) : null;
                if (op != null) {
                    v.pendingOn.add(n.name());
                }
                // A start in progress may have taken effect: count it as active there. On a node
                // being fenced it is active until the fence, which implies its stop.
                boolean stuck = fencing.stuck(n.name()) && s.isActive();
                if (stuck) {
                    v.stopBlocked = true; // on an unclean node that cannot be fenced yet
                }
                if ((online || fenced || stuck) && (s.isActive() || "start".equals(op))) {
                    v.activeOn.add(n.name());
                }
            }
            if (clone.isPresent()) {
                clones.put(clone.get().id(), new CloneView(clone.get(), v));
            } else {
                resources.put(r.id(), v);
            }
        }
    }

    /**
     * What a failure means, by the failed operation's on-fail and start-failure-is-fatal: block
     * leaves it blocked where it is, ignore leaves it running, a failed start (when fatal) keeps
     * it off the node.
     */
    private ResourceState applyFailurePolicy(Resource r, ResourceState s) {
        String onFail = onFailOf(r.id(), s);
        if (s.role() == ResourceRole.FAILED && "block".equals(onFail)) {
            return s.withRole(ResourceRole.BLOCKED);
        }
        if (s.role() == ResourceRole.FAILED && "ignore".equals(onFail)) {
            return s.withRole(ResourceRole.STARTED);
        }
        // A failed start keeps the resource off the node even after it was stopped there.
        if (!"ignore".equals(onFail) && "start".equals(s.failedAction())
                && ClusterConfig.isTrue(config.property("start-failure-is-fatal", "true"))) {
            return s.withFailCount(Score.INFINITY);
        }
        return s;
    }

    /**
     * failure-timeout: a failure older than that is forgotten. Its fail count no longer counts,
     * and a probe that failed because the agent was missing must run again.
     */
    private ResourceState expire(Resource r, ResourceState s) {
        java.time.Duration timeout;
        try {
            timeout = dev.vigil.model.Durations.parse(config.meta(r, "failure-timeout", "0"));
        } catch (IllegalArgumentException e) {
            return s;
        }
        Instant last = s.lastFailure();
        if (timeout.isZero() || last == null || last.plus(timeout).isAfter(now)) {
            return s;
        }
        if (s.role() == ResourceRole.AGENT_MISSING) {
            return ResourceState.of(ResourceRole.UNKNOWN);
        }
        // Forgotten: neither the count nor which operation failed counts any more.
        return ResourceState.of(s.role(), 0, null, "", s.monitorInterval()).withPromotionScore(s.promotionScore());
    }

    static Score parseScore(String s) {
        try {
            return Score.parse(s);
        } catch (IllegalArgumentException e) {
            return Score.ZERO;
        }
    }

    /** The clone whose instances the primitive is, by the primitive's id, or null. */
    CloneView cloneOfPrimitive(String primitive) {
        for (CloneView c : clones.values()) {
            if (c.id.equals(primitive)) {
                return c;
            }
        }
        return null;
    }

    /** The primitives a constraint on {@code id} means: the resource itself, or a group's members. */
    List<ResourceView> expand(String id) {
        Optional<Group> g = config.group(id);
        if (g.isPresent()) {
            return g.get().members().stream().map(resources::get).collect(java.util.stream.Collectors.toList());
        }
        ResourceView v = resources.get(id);
        return v == null ? List.of() : List.of(v);
    }

    /** The primitive standing for {@code id} in a colocation: the resource, or a group's first member. */
    ResourceView representative(String id) {
        Optional<Group> g = config.group(id);
        return g.map(group -> resources.get(group.members().get(0))).orElse(resources.get(id));
    }

    boolean canRunAnywhere() {
        return status.quorate() || noQuorumPolicy.equals("ignore");
    }

    /** May the resource start at all: quorum, or no-quorum-policy=ignore, or it requires nothing. */
    boolean canRun(ResourceView r) {
        return canRunAnywhere() || fencing.requires(r.resource) == Fencing.Requires.NOTHING;
    }

    static boolean isStopped(ResourceState s) {
        return s.role() == ResourceRole.STOPPED || s.role() == ResourceRole.UNKNOWN
                || s.role() == ResourceRole.AGENT_MISSING;
    }
}
