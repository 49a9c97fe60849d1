package dev.vigil.policy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.Durations;
import dev.vigil.model.FencingProperties;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.OnFail;
import dev.vigil.model.Operation;
import dev.vigil.model.RemoteNodes;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * Fencing in a transition, with Pacemaker's semantics (lib/pengine/unpack.c for who is unclean,
 * lib/pacemaker/pcmk_sched_fencing.c and schedule_fencing_actions for the actions).
 *
 * <p>Which nodes are fenced is decided from the input alone, before placement: a node the status
 * calls unclean (lost without a clean shutdown, never seen with startup-fencing); with
 * no-quorum-policy=suicide and no quorum, every member; an offline node still running a managed
 * resource; a node where an operation failed whose on-fail is {@code fence} (the default for a stop
 * when stonith-enabled). A node is fenced only when fencing can be done: stonith-enabled, a
 * fencing device configured (or a watchdog), and quorum, no-quorum-policy=ignore, or the node a
 * member of this partition. An unclean node that cannot be fenced for want of quorum is stuck:
 * what it ran stays there, neither stopped nor started elsewhere (Pacemaker: the stop there is
 * unrunnable, and the start elsewhere waits for it). Without fencing (stonith-enabled=false, or
 * no device) an unclean node is simply offline, its resources stopped.
 *
 * <p>Then, once the other stages have made their actions ({@link #apply}): one FENCE per node
 * (stonith-action, stonith-timeout, priority-fencing-delay), the stops and demotes on it become
 * pseudo actions implied by the fence, and ordered after it when the resource requires fencing;
 * every start and promote of a resource that requires fencing waits for every fence; a start of
 * one that requires quorum waits for the fence of a node where its state is unknown. Without
 * concurrent-fencing the fences run one after another; the DC is fenced last. Unfencing: before
 * a probe or start of a resource that requires unfencing (or of a fencing device when some
 * device provides unfencing) on a node never unfenced, an {@code on} fence of that node.
 */
final class Fencing {
    /** A resource's {@code requires}: what must hold before it may start or be promoted. */
    enum Requires {
        NOTHING, QUORUM, FENCING, UNFENCING
    }

    /** Why a guest node is fenced (by recovering its container). */
    static final String GUEST_UNCLEAN = "guest is unclean";

    /** Pacemaker's node attribute saying the node has been unfenced (any value but 0). */
    static final String UNFENCED_ATTRIBUTE = "#node-unfenced";

    private final ClusterConfig config;
    private final ClusterStatus status;
    private final boolean enabled;
    private final boolean haveDevice;
    private final boolean unfencing;
    private final String fenceAction;
    private final Duration timeout;
    private final boolean concurrent;
    private final Duration priorityDelay;
    /** Nodes to fence, in node order, with the first reason found. */
    private final Map<String, String> targets = new LinkedHashMap<>();
    /** Unclean nodes that cannot be fenced now (no quorum): what they ran may run there still. */
    private final Set<String> stuck = new LinkedHashSet<>();
    /** Targets lost from the membership: priority-fencing-delay applies to them. */
    private final Set<String> lost = new LinkedHashSet<>();
    /**
     * Per node fenced for a resource's failure: the resources read after that one, whose own
     * failures Pacemaker ignores (the node was already unclean when it read them).
     */
    private final Map<String, Set<String>> readWhileUnclean = new HashMap<>();
    /** Nodes to unfence again (a device's definition changed there), and why, in the order asked. */
    private final Map<String, String> reunfence = new LinkedHashMap<>();
    /** Per node fenced for a resource's failure: the status key of that resource. */
    private final Map<String, String> failedKey = new HashMap<>();

    private final Tickets tickets;

    private final RemoteNodes remotes;

    Fencing(ClusterConfig config, ClusterStatus status, Tickets tickets, RemoteNodes remotes) {
        this.config = config;
        this.remotes = remotes;
        this.status = status;
        this.tickets = tickets;
        this.enabled = FencingProperties.enabled(config);
        this.haveDevice = config.resources().stream().anyMatch(Fencing::isDevice)
                || ClusterConfig.isTrue(config.property("have-watchdog", "false"));
        this.unfencing = config.resources().stream().anyMatch(r -> "unfencing".equals(r.meta().get("requires"))
                || "unfencing".equals(r.meta().get("provides")) || "unfencing".equals(r.params().get("provides")))
                || "unfencing".equals(config.resourceDefaults().get("requires"));
        String action = config.property("stonith-action", "reboot");
        // As Pacemaker: poweroff is off; anything but reboot or off falls back to reboot.
        this.fenceAction = action.equals("poweroff") || action.equals("off") ? "off" : "reboot";
        this.timeout = FencingProperties.timeout(config);
        this.concurrent = ClusterConfig.isTrue(config.property("concurrent-fencing", "false"));
        this.priorityDelay = duration(config.property("priority-fencing-delay", "0"), Duration.ZERO);
        decideTargets();
    }

    private static Duration duration(String value, Duration fallback) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    static boolean isDevice(Resource r) {
        return FencingProperties.isDevice(r);
    }

    /**
     * Fencing is enabled but no device could carry it out: Pacemaker then leaves every resource
     * as it is (unmanaged for the transition), so a start it cannot make is not even shown.
     */
    boolean startupDisabled() {
        return enabled && !haveDevice;
    }

    /** Will {@code node} be fenced in this transition (so that nothing it ran still runs)? */
    boolean fences(String node) {
        return targets.containsKey(node);
    }

    /**
     * Is {@code node} unclean but beyond fencing for now (offline, and this partition has no
     * quorum)? Nothing it ran may be stopped or started elsewhere until it is fenced or returns.
     */
    boolean stuck(String node) {
        return stuck.contains(node);
    }

    /**
     * Are the failures of the resource recorded as {@code key} on {@code node} to be ignored?
     * Pacemaker ignores a failure on a node that is unclean when it reads it: a node lost
     * before this transition, or one a failure read earlier (in the order the node's status
     * lists its resources) dooms to be fenced. The failure that dooms it still counts.
     */
    boolean ignoresFailure(NodeStatus n, String key) {
        if (!fences(n.name()) && !stuck(n.name())) {
            return false;
        }
        return n.unclean() || (key != null && readWhileUnclean.getOrDefault(n.name(), Set.of()).contains(key));
    }

    /**
     * A fencing device's definition (agent or parameters) changed since it was recorded on
     * {@code node}: what the node was unfenced with may no longer hold, so the node is unfenced
     * again, and what requires unfencing there restarts around it (Pacemaker's
     * trigger_unfencing). Only when some resource requires unfencing and the node is online,
     * clean and not shutting down.
     */
    void unfenceAgain(String node, String reason) {
        NodeStatus n = status.nodes().get(node);
        if (unfencing && enabled && n != null && n.online() && !n.unclean() && !n.shuttingDown() && !fences(node)) {
            reunfence.putIfAbsent(node, reason);
        }
    }

    /** Will {@code node} be unfenced again in this transition ({@link #unfenceAgain})? */
    boolean unfencesAgain(String node) {
        return reunfence.containsKey(node);
    }

    /**
     * Fences a remote node found unrecoverable once the connections are placed
     * ({@link RemoteConnections#settle}): it runs resources and its connection can run nowhere.
     */
    void fenceRemote(NodeStatus n, String reason) {
        if (!targets.containsKey(n.name()) && canFence(n)) {
            targets.put(n.name(), reason);
        }
    }

    /** The nodes to fence and why, in node order. */
    Map<String, String> targets() {
        return targets;
    }

    /**
     * Pacemaker's unpack_requires: the configured value, else quorum for fencing devices and
     * remote connections, unfencing when some device provides it, fencing when stonith is
     * enabled, nothing under no-quorum-policy=ignore, quorum otherwise.
     */
    Requires requires(Resource r) {
        String v = config.meta(r, "requires", null);
        Requires configured = null;
        if (v != null) {
            try {
                configured = Requires.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                configured = null; // not valid: the default, as Pacemaker resets it
            }
        }
        if (configured == Requires.UNFENCING && (isDevice(r) || !enabled)) {
            return Requires.QUORUM; // a device cannot require unfencing; nor anything without fencing
        }
        if (configured != null) {
            return configured;
        }
        if (isDevice(r) || RemoteNodes.REMOTE_AGENT.equals(r.agentSpec())) {
            return Requires.QUORUM; // a device, or a remote node's connection (a guest's too)
        } else if (unfencing && enabled) {
            return Requires.UNFENCING;
        } else if (enabled) {
            return Requires.FENCING;
        }
        return "ignore".equals(config.property("no-quorum-policy", "stop")) ? Requires.NOTHING : Requires.QUORUM;
    }

    private void decideTargets() {
        boolean anyManaged = config.resources().stream().anyMatch(this::managed);
        boolean suicide = enabled && !status.quorate()
                && "suicide".equals(config.property("no-quorum-policy", "stop"));
        for (NodeStatus n : status.nodes().values()) {
            String reason = null;
            if (n.unclean()) {
                reason = n.uncleanReason() == null ? NodeStatus.LOST : n.uncleanReason();
                if (reason.equals(NodeStatus.LOST)) {
                    lost.add(n.name());
                }
            } else if (suicide && n.online()) {
                reason = "cluster does not have quorum";
            } else if (enabled) {
                reason = resourceReason(n);
                reason = reason != null ? reason : tickets.fenceReason(n);
            }
            if (reason != null && anyManaged && canFence(n)) {
                targets.put(n.name(), reason);
            } else if (reason != null && anyManaged && enabled && haveDevice) {
                stuck.add(n.name());
            }
        }
        fenceGuestsOfFencedHosts();
    }

    /**
     * A guest node whose container (or connection) runs on a cluster node fenced here is lost with
     * that host: it is fenced too, by recovering its container elsewhere (Pacemaker's "guest is
     * unclean" when the host is).
     */
    private void fenceGuestsOfFencedHosts() {
        for (String guest : remotes.connections().keySet()) {
            NodeStatus n = status.nodes().get(guest);
            if (!remotes.isGuest(guest) || n == null || targets.containsKey(guest)) {
                continue;
            }
            String container = remotes.container(guest).orElseThrow();
            boolean hostFenced = status.nodes().values().stream().anyMatch(h -> targets.containsKey(h.name())
                    && !remotes.defines(h.name())
                    && (h.resource(container).isActive() || h.resource(guest).isActive()));
            if (hostFenced && canFence(n)) {
                targets.put(guest, GUEST_UNCLEAN);
            }
        }
    }

    /** A resource still active on an offline node, or a failure whose on-fail is fence. */
    private String resourceReason(NodeStatus n) {
        String reason = null;
        for (Map.Entry<String, ResourceState> e : n.resources().entrySet()) {
            if (reason != null) {
                readWhileUnclean.computeIfAbsent(n.name(), k -> new LinkedHashSet<>()).add(e.getKey());
                continue;
            }
            Resource r = primitiveOf(e.getKey()).orElse(null);
            if (r == null || !managed(r)) {
                continue;
            }
            ResourceState s = e.getValue();
            if (!n.online() && s.isActive() && !inMaintenance(n)) {
                return e.getKey() + " is thought to be active there";
            }
            boolean failed = s.role() == ResourceRole.FAILED || s.role() == ResourceRole.BLOCKED;
            if (n.online() && failed && onFail(r, s) == OnFail.FENCE) {
                reason = e.getKey() + " failed there";
                failedKey.put(n.name(), e.getKey());
            }
        }
        return reason;
    }

    /**
     * A reason naming an anonymous clone's primitive names the instance the node runs instead
     * ({@code clvm failed there} becomes {@code clvm:0 failed there}), as Pacemaker does.
     */
    private String namingInstance(String reason, String node, WorkingSet ws) {
        String key = failedKey.get(node);
        if (key == null || !reason.startsWith(key + " ")) {
            return reason;
        }
        return ws.resources.values().stream()
                .filter(v -> v.clone != null && v.configId().equals(key) && !v.id.equals(key)
                        && v.activeOn.contains(node))
                .map(v -> v.id + reason.substring(key.length())).findFirst().orElse(reason);
    }

    /** The configured primitive a status key names ({@code rsc}, or a clone instance's {@code rsc:N}). */
    private Optional<Resource> primitiveOf(String key) {
        Optional<Resource> r = config.resource(key);
        int colon = key.lastIndexOf(':');
        return r.isPresent() || colon <= 0 ? r : config.resource(key.substring(0, colon));
    }

    /** A node in maintenance: what it runs is left alone, reported or not. */
    private boolean inMaintenance(NodeStatus n) {
        String v = n.attributes().getOrDefault("maintenance",
                config.nodeAttributes().getOrDefault(n.name(), Map.of()).get("maintenance"));
        return ClusterConfig.isTrue(v);
    }

    /** The failed operation's on-fail: configured, else fence for a stop (stonith enabled), else null. */
    private OnFail onFail(Resource r, ResourceState s) {
        if (s.failedAction() == null) {
            return null;
        }
        for (Operation o : r.operations()) {
            if (o.name().equals(s.failedAction()) && o.interval().equals(s.failedInterval())
                    && o.onFailPolicy() != null) {
                return o.onFailPolicy();
            }
        }
        String container = config.meta(r, "container", null);
        if (container != null && !container.equals(r.id()) && config.cloneOf(r.id()).isEmpty()) {
            return null; // what runs in a container is recovered with it (on-fail=restart-container)
        }
        return s.failedAction().equals("stop") ? OnFail.FENCE : null;
    }

    private boolean managed(Resource r) {
        return ClusterConfig.isTrue(config.meta(r, "is-managed", "true"))
                && !ClusterConfig.isTrue(config.property("maintenance-mode", "false"));
    }

    /**
     * Pacemaker's pe_can_fence. A guest node is fenced by stopping its container, which needs no
     * fencing device: possible when every node the container runs on is online or can be fenced.
     */
    private boolean canFence(NodeStatus n) {
        if (remotes.isGuest(n.name())) {
            String container = remotes.container(n.name()).orElseThrow();
            return status.nodes().values().stream().filter(h -> !remotes.defines(h.name())
                    && h.resource(container).isActive()).allMatch(h -> (h.online() && !h.unclean()) || canFence(h));
        }
        if (!enabled || !haveDevice) {
            return false;
        }
        return status.quorate() || "ignore".equals(config.property("no-quorum-policy", "stop")) || n.online();
    }

    /**
     * Adds the fencing to the transition the other stages made: FENCE actions, the stops they
     * imply, the orderings, unfencing, and a summary line per fence.
     */
    Transition apply(Transition t, WorkingSet ws) {
        List<Action> actions = new ArrayList<>(t.actions());
        Map<Integer, Set<Integer>> deps = new TreeMap<>();
        for (Action a : actions) {
            deps.put(a.id(), new LinkedHashSet<>(t.dependenciesOf(a.id())));
        }
        List<Change> changes = new ArrayList<>();
        List<Integer> nonDc = new ArrayList<>();
        Integer dc = null;
        // One after another in the order of the node names, as Pacemaker keeps its node list.
        List<Map.Entry<String, String>> inOrder = new ArrayList<>(targets.entrySet());
        inOrder.sort(Map.Entry.comparingByKey(Fencing::compareNodeNames));
        for (Map.Entry<String, String> target : inOrder) {
            String node = target.getKey();
            if (ws.remotes.isGuest(node)) {
                continue; // after the cluster nodes: a guest's fence may follow its host's
            }
            Action fence = Action.fence(actions.size(), node, fenceAction, timeout, delayFor(node));
            actions.add(fence);
            deps.put(fence.id(), new LinkedHashSet<>());
            changes.add(Change.fence(fenceAction, node, namingInstance(target.getValue(), node, ws)));
            orderAgainst(fence, actions, deps, ws);
            if (node.equals(status.dc())) {
                dc = fence.id();
            } else {
                if (!concurrent && !nonDc.isEmpty()) {
                    deps.get(fence.id()).add(nonDc.get(nonDc.size() - 1)); // one at a time
                }
                nonDc.add(fence.id());
            }
        }
        if (dc != null) {
            // The DC last: fencing it first would cost an election before the others.
            List<Integer> before = concurrent || nonDc.isEmpty() ? nonDc : List.of(nonDc.get(nonDc.size() - 1));
            deps.get(dc).addAll(before);
        }
        targets.forEach((node, reason) -> {
            if (ws.remotes.isGuest(node)) {
                fenceGuest(node, reason, actions, deps, changes, ws);
            }
        });
        unfence(actions, deps, changes, ws);
        changes.addAll(t.changes());
        Map<Integer, List<Integer>> out = new TreeMap<>();
        deps.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return Transition.of(actions, out, t.placement(), changes, t.revised(), t.current());
    }

    /**
     * A guest node is fenced by recovering its container (Pacemaker's pcmk__fence_guest): a pseudo
     * fence, {@code reboot} when the container starts again and {@code off} otherwise, done once
     * the container has stopped (once its host is fenced, when that stop is implied), or once the
     * connection has stopped when the container does not; what ran on the guest is then ordered
     * against it as against any fence.
     */
    private void fenceGuest(String node, String reason, List<Action> actions, Map<Integer, Set<Integer>> deps,
            List<Change> changes, WorkingSet ws) {
        String container = ws.remotes.container(node).orElseThrow();
        Action stop = first(actions, Action.Kind.STOP, container);
        boolean restarts = first(actions, Action.Kind.START, container) != null;
        String action = restarts ? "reboot" : "off";
        Action fence = Action.guestFence(actions.size(), node, action);
        actions.add(fence);
        deps.put(fence.id(), new LinkedHashSet<>());
        changes.add(Change.guestFence(action, node, container, GUEST_UNCLEAN));
        if (stop != null && stop.pseudo()) {
            actions.stream().filter(a -> a.kind() == Action.Kind.FENCE && a.node().equals(stop.node()))
                    .forEach(hostFence -> deps.get(fence.id()).add(hostFence.id()));
        } else if (stop != null) {
            deps.get(fence.id()).add(stop.id());
        } else {
            Action connectionStop = first(actions, Action.Kind.STOP, ws.remotes.connection(node).orElseThrow());
            if (connectionStop != null) {
                deps.get(fence.id()).add(connectionStop.id());
            }
        }
        orderAgainst(fence, actions, deps, ws);
    }

    private static Action first(List<Action> actions, Action.Kind kind, String resource) {
        return actions.stream().filter(a -> a.kind() == kind && resource.equals(a.resource())).findFirst()
                .orElse(null);
    }

    /** Pacemaker's order_start_vs_fencing and order_stop_vs_fencing, for one fence. */
    private void orderAgainst(Action fence, List<Action> actions, Map<Integer, Set<Integer>> deps, WorkingSet ws) {
        String target = fence.node();
        for (int i = 0; i < fence.id(); i++) {
            Action a = actions.get(i);
            if (a.kind() == Action.Kind.FENCE) {
                continue;
            }
            ResourceView r = ws.resources.get(a.instance());
            if (r == null || !r.managed) {
                continue;
            }
            Requires req = requires(r.resource);
            boolean needsFencing = req == Requires.FENCING || req == Requires.UNFENCING;
            switch (a.kind()) {
                case START:
                case PROMOTE:
                    boolean unknownThere = a.kind() == Action.Kind.START && req == Requires.QUORUM
                            && allowed(r, target) && !knownOn(r, target);
                    if (needsFencing || unknownThere) {
                        deps.get(a.id()).add(fence.id());
                    }
                    break;
                case MIGRATE_TO:
                case MIGRATE_FROM:
                    // The migration's first action is the start's equivalent, and needs what it needs.
                    boolean firstOfMigration = a.kind() == Action.Kind.MIGRATE_TO
                            || first(actions, Action.Kind.MIGRATE_TO, a.resource()) == null;
                    if (needsFencing && firstOfMigration) {
                        deps.get(a.id()).add(fence.id());
                    }
                    break;
                case STOP:
                case DEMOTE:
                    if (a.node().equals(target)) {
                        actions.set(i, a.implied()); // the fence stops it: nothing to run there
                        if (needsFencing) {
                            deps.get(a.id()).add(fence.id());
                        }
                    }
                    break;
                default:
                    break;
            }
        }
    }

    /**
     * Node names compared as Pacemaker sorts its nodes (pcmk__numeric_strcasecmp): ignoring
     * case, and a run of digits by its value, so that node2 comes before node10.
     */
    private static int compareNodeNames(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i), cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i, ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                int c = new BigInteger(a.substring(i, ei)).compareTo(new BigInteger(b.substring(j, ej)));
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
                continue;
            }
            int c = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
            if (c != 0) {
                return c;
            }
            i++;
            j++;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** The node is among the resource's allowed nodes (every node in a symmetric cluster). */
    private boolean allowed(ResourceView r, String node) {
        return ClusterConfig.isTrue(config.property("symmetric-cluster", "true"))
                || config.locations().stream().anyMatch(l -> (l.resource().equals(r.configId()) || l.resource().equals(r.group)
                        || r.clone != null && l.resource().equals(r.clone.id))
                        && (l.node() == null || l.node().equals(node)));
    }

    /**
     * The node has reported some state of the resource (Pacemaker's known_on). An anonymous
     * clone's primitive counts as known wherever any of its instances is; but a member of an
     * anonymously cloned group only where its own instance's history lies: not on a node whose
     * records of it all belong to another instance active there.
     */
    private boolean knownOn(ResourceView r, String node) {
        NodeStatus n = status.nodes().get(node);
        String id = r.configId();
        if (n == null) {
            return false;
        }
        boolean groupMember = r.clone != null && !r.clone.unique && r.clone.isGroup() && r.instance != null;
        if (groupMember && r.instance.members.stream().noneMatch(m -> m.activeOn.contains(node))) {
            return n.resources().entrySet().stream().anyMatch(e -> (e.getKey().equals(id)
                    || e.getKey().startsWith(id + ":")) && !e.getValue().isActive());
        }
        return n.resources().keySet().stream().anyMatch(k -> k.equals(id) || k.startsWith(id + ":"));
    }

    /**
     * priority-fencing-delay, for a node lost from the membership: the delay when this partition
     * holds no more than half the nodes and the target runs resources of the highest summed
     * priority (a promoted instance counting one more), so that the more important half survives.
     */
    private Duration delayFor(String node) {
        if (priorityDelay.isZero() || !lost.contains(node)) {
            return Duration.ZERO;
        }
        Map<String, Integer> priority = new LinkedHashMap<>();
        int online = 0;
        for (NodeStatus n : status.nodes().values()) {
            online += n.online() ? 1 : 0; // an unclean node still in the membership counts, as in Pacemaker
            int sum = 0;
            for (Map.Entry<String, ResourceState> e : n.resources().entrySet()) {
                Resource r = config.resource(e.getKey()).orElse(null);
                ResourceState s = e.getValue();
                int p = r == null ? 0 : (int) WorkingSet.parseScore(config.meta(r, "priority", "0")).value();
                boolean failed = s.role() == ResourceRole.FAILED || s.role() == ResourceRole.BLOCKED;
                if (p != 0 && s.isActive() && !failed) {
                    sum += s.role() == ResourceRole.PROMOTED ? p + 1 : p;
                }
            }
            priority.put(n.name(), sum);
        }
        int top = priority.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int lowest = priority.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        if (online > priority.size() / 2 || top == lowest || priority.getOrDefault(node, 0) < top) {
            return Duration.ZERO;
        }
        return priorityDelay;
    }

    /**
     * Unfencing (Pacemaker's pcmk__order_vs_unfence): an {@code on} fence of a node that was never
     * unfenced, before any probe or start there of a resource requiring unfencing, or of a fencing
     * device when some device provides unfencing.
     */
    private void unfence(List<Action> actions, Map<Integer, Set<Integer>> deps, List<Change> changes, WorkingSet ws) {
        if (!unfencing || !enabled) {
            return;
        }
        Map<String, Integer> onByNode = new LinkedHashMap<>();
        int count = actions.size();
        for (Map.Entry<String, String> again : reunfence.entrySet()) {
            Action fence = Action.fence(actions.size(), again.getKey(), "on", timeout, Duration.ZERO);
            actions.add(fence);
            deps.put(fence.id(), new LinkedHashSet<>());
            onByNode.put(again.getKey(), fence.id());
            changes.add(Change.fence("on", again.getKey(), again.getValue()));
        }
        for (int i = 0; i < count; i++) {
            Action a = actions.get(i);
            ResourceView r = ws.resources.get(a.instance());
            if (r == null || !(requires(r.resource) == Requires.UNFENCING || isDevice(r.resource))) {
                continue;
            }
            if (a.kind() == Action.Kind.STOP && onByNode.containsKey(a.node())
                    && requires(r.resource) == Requires.UNFENCING) {
                deps.get(onByNode.get(a.node())).add(a.id()); // stopped before the node is unfenced again
                continue;
            }
            if (a.kind() != Action.Kind.PROBE && a.kind() != Action.Kind.START) {
                continue;
            }
            NodeStatus n = status.nodes().get(a.node());
            if (n == null || (unfenced(n) && !reunfence.containsKey(a.node())) || !n.online() || n.unclean()
                    || n.shuttingDown() || fences(a.node())) {
                continue;
            }
            Integer on = onByNode.get(a.node());
            if (on == null) {
                Action fence = Action.fence(actions.size(), a.node(), "on", timeout, Duration.ZERO);
                actions.add(fence);
                deps.put(fence.id(), new LinkedHashSet<>());
                on = fence.id();
                onByNode.put(a.node(), on);
                changes.add(Change.fence("on", a.node(), "required by " + r.id + " "
                        + a.kind().operation()));
            }
            deps.get(a.id()).add(on);
        }
    }

    private static boolean unfenced(NodeStatus n) {
        String v = n.attributes().get(UNFENCED_ATTRIBUTE);
        return v != null && !v.equals("0");
    }
}
