package dev.vigil.policy;

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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.vigil.model.Clone;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.Group;
import dev.vigil.model.LocationConstraint;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.OnFail;
import dev.vigil.model.Operation;
import dev.vigil.model.RecordedOperation;
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
    /** The input's secret parameters were masked: a change only in them is no change. */
    boolean sanitized;
    final Map<String, NodeView> nodes = new LinkedHashMap<>();
    final Map<String, ResourceView> resources = new LinkedHashMap<>();
    /** Clones by clone id; their primitives are not in {@link #resources}. */
    final Map<String, CloneView> clones = new LinkedHashMap<>();
    /** Every resource as configured: primitives, groups and clones, in configuration order. */
    final List<Variant> variants = new ArrayList<>();
    final String noQuorumPolicy;
    final boolean symmetric;
    /**
     * Nodes in maintenance (node attribute {@code maintenance}): nothing new runs there, and
     * what runs there is left alone, unmanaged, even while the node is down.
     */
    final Set<String> maintenanceNodes = new HashSet<>();
    /** Which nodes this transition fences, decided from the input before anything else. */
    final Fencing fencing;
    /** What the tickets the cluster does not hold forbid (rsc_ticket). */
    final Tickets tickets;
    /** Primitives locked to the node they ran on when it shut down ({@link ShutdownLocks}): id to node. */
    final Map<String, String> shutdownLocks;
    /**
     * Containers to recover because a resource in them failed to stop: Pacemaker takes that stop
     * as done, the container's stop making sure of it (on-fail=restart-container).
     */
    final Set<String> containersToRecover = new LinkedHashSet<>();
    /**
     * Resources with a failure Pacemaker pretends succeeded although its on-fail is not ignore
     * (a failed stop inside a container): crm_mon still flags them "failure ignored".
     */
    final Set<String> failuresTakenAsDone = new HashSet<>();
    /** The resources in containers, found once the resources are unpacked ({@link Containers#pairs}). */
    List<Containers.Pair> containerPairs;
    /** The location constraints by the resource they name ({@link ResourceDiscovery}), made when first asked. */
    Map<String, List<LocationConstraint>> locationsByResource;
    /** The remote and guest nodes, with their connection resources. */
    final dev.vigil.model.RemoteNodes remotes;

    WorkingSet(ClusterConfig config, ClusterStatus status, Instant now) {
        this.config = config;
        this.status = status;
        this.now = now;
        this.noQuorumPolicy = config.property("no-quorum-policy", "stop");
        this.symmetric = ClusterConfig.isTrue(config.property("symmetric-cluster", "true"));
        this.tickets = new Tickets(config);
        this.remotes = dev.vigil.model.RemoteNodes.of(config).withOrphans(status.nodes().values().stream()
                .filter(n -> "remote".equals(n.attributes().get("#kind"))).map(NodeStatus::name).toList());
        this.fencing = new Fencing(config, status, tickets, remotes);
        unpackNodes();
        unpackResources();
        resources.values().stream().filter(tickets::frozen).forEach(ResourceView::freezeForTicket);
        this.shutdownLocks = new ShutdownLocks(config, status, now).lockNodes(resources.values());
        collectVariants();
    }

    private void unpackNodes() {
        for (NodeStatus n : status.nodes().values()) {
            Map<String, String> attrs = new TreeMap<>(config.nodeAttributes().getOrDefault(n.name(), Map.of()));
            attrs.putAll(n.attributes());
            attrs.putIfAbsent("#id", n.name());
            attrs.put("#uname", n.name());
            attrs.put("#kind", remotes.isGuest(n.name()) ? "container" : remotes.defines(n.name()) ? "remote" : "cluster");
            attrs.put("#is_dc", Boolean.toString(n.name().equals(status.dc())));
            boolean standby = ClusterConfig.isTrue(attrs.get(ClusterConfig.NODE_STANDBY));
            // An unclean node runs nothing more: it is fenced, stuck until it can be, or offline.
            boolean online = n.online() && !n.unclean() && !fencing.fences(n.name());
            boolean maintenance = ClusterConfig.isTrue(attrs.get("maintenance"));
            if (maintenance) {
                maintenanceNodes.add(n.name());
            }
            boolean eligible = online && !standby && !maintenance && !n.shuttingDown() && !onFailStandby(n);
            nodes.put(n.name(), new NodeView(n.name(), online, eligible, n.shuttingDown(), attrs, now));
        }
    }

    /** A resource on the node failed an operation whose on-fail is standby. */
    private boolean onFailStandby(NodeStatus n) {
        for (Map.Entry<String, ResourceState> e : n.resources().entrySet()) {
            // (no failed operation, no on-fail: the common case asks no more)
            if (e.getValue().failedAction() != null && onFailOf(e.getKey(), e.getValue()) == OnFail.STANDBY) {
                return true;
            }
        }
        return false;
    }

    /**
     * The on-fail policy of the failure it has where it is active (the first node that names
     * one), or null.
     */
    OnFail onFail(ResourceView r) {
        for (String n : r.activeOn) {
            OnFail f = onFailOf(r.configId(), r.state(n));
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /**
     * Ends the assignment stage: from now on no primitive and no clone instance changes its node
     * ({@link ResourceView#assign} throws); later stages mark actions (a start unrunnable) instead.
     */
    void sealAssignments() {
        resources.values().forEach(ResourceView::sealAssignment);
        clones.values().forEach(c -> c.instances.forEach(CloneView.Instance::sealAssignment));
    }

    /** The on-fail policy of the operation whose failure is the resource's current one, or null. */
    OnFail onFailOf(String resource, ResourceState s) {
        OnFail configured = configuredOnFail(resource, s);
        if (configured == OnFail.IGNORE && s.notInstalled()) {
            return null; // a missing agent cannot be ignored: recovered as any failure (Pacemaker bans the node)
        }
        if (configured == OnFail.FENCE && !ClusterConfig.isTrue(config.property("stonith-enabled", "true"))) {
            return OnFail.STOP; // nothing can fence: stop it and leave it stopped (as Pacemaker does)
        }
        return configured;
    }

    /**
     * Whether the resource failed on the node an operation whose on-fail is demote: it must be
     * demoted there (and promoted again if it stays promoted), not recovered.
     */
    boolean mustDemote(ResourceView r, String node) {
        ResourceState s = r.state(node);
        return s.role() == ResourceRole.PROMOTED && onFailOf(r.configId(), s) == OnFail.DEMOTE;
    }

    private OnFail configuredOnFail(String resource, ResourceState s) {
        if (s.failedAction() == null) {
            return null;
        }
        Optional<Resource> r = config.resource(resource);
        if (r.isEmpty()) {
            return null;
        }
        for (Operation o : r.get().operations()) {
            if (o.name().equals(s.failedAction()) && o.interval().equals(s.failedInterval())
                    && o.onFailPolicy() != null) {
                return o.onFailPolicy();
            }
        }
        return null;
    }

    private void unpackResources() {
        Set<String> clonesDone = new HashSet<>();
        for (Resource r : config.resources()) {
            Optional<Clone> clone = config.cloneOf(r.id());
            if (clone.isPresent()) {
                if (clonesDone.add(clone.get().id())) {
                    unpackClone(clone.get());
                }
                continue;
            }
            ResourceView v = view(r, r.id(), config.groupOf(r.id()).map(Group::id).orElse(null));
            for (NodeStatus n : status.nodes().values()) {
                observe(v, n, r.id(), n.resource(r.id()), n.pending().get(r.id()));
            }
            resources.put(v.id, v);
        }
        unpackImplicit();
        unpackRemoved();
        applyMultipleActive();
    }

    /**
     * A primitive found active on several nodes, by its {@code multiple-active} meta attribute:
     * {@code stop_start} (the default) stops it everywhere and starts it on one node (the
     * planner's recovery); {@code stop_only} stops it everywhere and leaves it stopped;
     * {@code block} leaves it alone, blocked, and with the whole group when the group itself
     * says block (Pacemaker's native_add_running).
     */
    private void applyMultipleActive() {
        for (ResourceView v : new ArrayList<>(resources.values())) {
            if (v.clone != null || v.activeOn.size() < 2) {
                continue;
            }
            String policy = config.meta(v.resource, "multiple-active", "stop_start");
            if (policy.equals("stop_only")) {
                v.runsNowhere = true;
            } else if (policy.equals("block")) {
                v.managed = false;
                v.blockedAsMultiplyActive = true;
                config.groupOf(v.configId())
                        .filter(g -> "block".equals(g.meta().get("multiple-active")))
                        .ifPresent(g -> g.members().forEach(m -> {
                            resources.get(m).managed = false;
                            resources.get(m).blockedAsMultiplyActive = true;
                        }));
            }
        }
    }

    /**
     * The connections of guest nodes, which the cluster adds itself after the configured
     * resources ({@link dev.vigil.model.RemoteNodes#implicitConnections}): placed, started and
     * stopped like any primitive, but never listed as configured.
     */
    private void unpackImplicit() {
        for (Resource r : remotes.implicitConnections()) {
            ResourceView v = view(r, r.id(), null);
            for (NodeStatus n : status.nodes().values()) {
                observe(v, n, r.id(), n.resource(r.id()), n.pending().get(r.id()));
            }
            resources.put(v.id, v);
        }
    }

    /**
     * Resources that a node records as active but the configuration no longer has (Pacemaker's
     * orphans): made from the agent the node recorded, and stopped, never started again; left
     * alone, unmanaged, where they run under {@code stop-orphan-resources=false}.
     */
    private void unpackRemoved() {
        Map<String, String> agents = new LinkedHashMap<>();
        for (NodeStatus n : status.nodes().values()) {
            n.resources().forEach((id, s) -> {
                // A guest node's connection is implicit in its container: never an orphan.
                if (s.isActive() && s.agent() != null && isRemoved(id) && !remotes.isImplicit(id)) {
                    agents.putIfAbsent(id, s.agent());
                }
            });
        }
        boolean stop = ClusterConfig.isTrue(config.property("stop-orphan-resources", "true"));
        agents.forEach((id, agent) -> {
            String[] spec = agent.split(":");
            Map<String, String> meta = new LinkedHashMap<>();
            if (!stop) {
                meta.put("is-managed", "false");
            }
            // Its history names its launcher: it is stopped before that, as when it was configured.
            String launcher = status.removedLaunchers().get(id);
            if (launcher != null) {
                meta.put("container", launcher);
            }
            Resource r = Resource.of(id, spec[0], spec.length > 2 ? spec[1] : null, spec[spec.length - 1], Map.of(),
                    meta, List.of());
            ResourceView v = view(r, id, null);
            v.removed = true;
            v.runsNowhere = true;
            for (NodeStatus n : status.nodes().values()) {
                observe(v, n, id, n.resource(id), n.pending().get(id));
            }
            resources.put(id, v);
        });
    }

    /** Neither a configured primitive nor an instance of one ({@code rsc:2}). */
    private boolean isRemoved(String id) {
        int colon = id.lastIndexOf(':');
        String base = colon > 0 && id.substring(colon + 1).matches("\\d+") ? id.substring(0, colon) : id;
        return config.resource(id).isEmpty() && config.resource(base).isEmpty();
    }

    /** The resource a constraint names: a clone, a group, or a primitive (a group's member alone). */
    Variant variant(String id) {
        if (variantsById == null) {
            // asked once per constraint end: an index rather than a search of every resource
            variantsById = new HashMap<>();
            for (Variant v : variants) {
                variantsById.putIfAbsent(v.id(), v);
            }
        }
        Variant v = variantsById.get(id);
        if (v != null) {
            return v;
        }
        ResourceView r = resources.get(id);
        return r == null ? null : new PrimitiveVariant(r);
    }

    /** {@link #variants} by id (the first of each id), made when {@link #variant} is first asked. */
    private Map<String, Variant> variantsById;

    /** The top-level resources, each once, where its first primitive is configured. */
    private void collectVariants() {
        Set<String> seen = new HashSet<>();
        for (Resource r : config.resources()) {
            Optional<Clone> clone = config.cloneOf(r.id());
            Optional<Group> group = config.groupOf(r.id());
            if (clone.isPresent()) {
                if (seen.add(clone.get().id())) {
                    variants.add(clones.get(clone.get().id()));
                }
            } else if (group.isPresent()) {
                if (seen.add(group.get().id())) {
                    variants.add(new GroupVariant(group.get().id(), group.get().members().stream().map(resources::get)
                            .collect(Collectors.toList())));
                }
            } else {
                variants.add(new PrimitiveVariant(resources.get(r.id())));
            }
        }
        remotes.implicitConnections().forEach(r -> variants.add(new PrimitiveVariant(resources.get(r.id()))));
        resources.values().stream().filter(v -> v.removed).forEach(v -> variants.add(new PrimitiveVariant(v)));
    }

    private ResourceView view(Resource r, String id, String group) {
        // Clone instances are sticky by default (1), as in Pacemaker; other resources are not.
        String defaultStickiness = config.cloneOf(r.id()).isPresent() ? "1" : "0";
        Score stickiness = parseScore(config.meta(r, Resource.STICKINESS, defaultStickiness));
        int threshold = (int) Math.min(parseScore(config.meta(r, Resource.MIGRATION_THRESHOLD, "INFINITY"))
                .value(), Integer.MAX_VALUE);
        int priority = parseScore(config.meta(r, "priority", "0")).value();
        boolean managed = ClusterConfig.isTrue(config.meta(r, "is-managed", "true"))
                && !ClusterConfig.isTrue(config.meta(r, "maintenance", "false"))
                && !ClusterConfig.isTrue(config.property("maintenance-mode", "false"));
        // stop-all-resources=true: every resource is to be stopped, as if its target-role said so.
        boolean stopped = "stopped".equalsIgnoreCase(config.meta(r, Resource.TARGET_ROLE, "Started"))
                || ClusterConfig.isTrue(config.property("stop-all-resources", "false"));
        return new ResourceView(r, id, group, stickiness, threshold, priority, managed, stopped);
    }

    /**
     * Records what a node reported of the resource (or of one clone instance's member), which
     * the node recorded as {@code key} (null when it recorded nothing of it under its own key).
     */
    private void observe(ResourceView v, NodeStatus n, String key, ResourceState raw, String pendingOp) {
        ResourceState s = applyFailurePolicy(v.resource, expire(v.resource, raw));
        boolean fenced = fencing.fences(n.name());
        boolean failed = s.role() == ResourceRole.FAILED || s.role() == ResourceRole.BLOCKED;
        if (failed && fencing.ignoresFailure(n, key)) {
            s = s.withRole(s.roleBeforeFailure()); // a lost node's failures count for nothing
        } else if (fenced && s.role() == ResourceRole.BLOCKED) {
            s = s.withRole(ResourceRole.FAILED); // the fence completes the stop that failed
        }
        v.states.put(n.name(), s);
        boolean online = nodes.get(n.name()).online;
        String op = online ? pendingOp : null;
        if (op != null) {
            v.pendingOn.add(n.name());
        }
        boolean startRecordedRunning = false;
        for (RecordedOperation o : raw.recorded()) {
            startRecordedRunning |= o.pending() && o.task().equals("start");
        }
        if (("start".equals(pendingOp) || startRecordedRunning) && !fenced) {
            v.startingOn.add(n.name());
        }
        // A start in progress may have taken effect: count it as active there. On a node being
        // fenced it is active until the fence, which implies its stop.
        boolean stuck = fencing.stuck(n.name()) && s.isActive();
        if (stuck) {
            v.stopBlocked = true; // on an unclean node that cannot be fenced yet
        }
        boolean maintenance = maintenanceNodes.contains(n.name()) && s.isActive();
        if (maintenance) {
            v.managed = false; // left alone where it runs on a node in maintenance
        }
        // An unmanaged resource its history shows active on a node that left cleanly is left
        // alone there: Pacemaker still counts it active on that node (nothing stops or fences it).
        boolean leftAlone = !online && !v.managed && s.isActive();
        if ((online || fenced || stuck || maintenance || leftAlone) && (s.isActive() || "start".equals(op))) {
            v.activeOn.add(n.name());
        }
    }

    /**
     * A clone's instances and what each node reports of them. A globally-unique clone's
     * history names its instances ({@code rsc:3} is instance 3). An anonymous clone's
     * instances are interchangeable: what runs on a node takes the lowest instance number not
     * yet taken, node by node in the order they reported (whatever number it was recorded under), and what the node knows
     * of the primitive (stopped, failed starts) counts for every instance there. Instances found
     * active beyond clone-max are orphans, to be stopped.
     */
    /** Per node: for each cloned primitive, the keys the node recorded it under ({@code rsc}, {@code rsc:2}). */
    private Map<String, Map<String, List<String>>> cloneKeys;

    private List<String> keysOf(String primitive, NodeStatus n) {
        if (cloneKeys == null) {
            Set<String> cloned = new HashSet<>();
            for (Clone c : config.clones()) {
                cloned.add(c.child());
                config.group(c.child()).ifPresent(g -> cloned.addAll(g.members()));
            }
            cloneKeys = new HashMap<>();
            for (NodeStatus node : status.nodes().values()) {
                Map<String, List<String>> byPrimitive = new HashMap<>();
                for (String key : node.resources().keySet()) {
                    addCloneKey(key, cloned, byPrimitive);
                }
                for (String key : node.pending().keySet()) {
                    if (!node.resources().containsKey(key)) {
                        addCloneKey(key, cloned, byPrimitive);
                    }
                }
                byPrimitive.values().forEach(keys -> keys.sort(Comparator.naturalOrder())); // each key once, in order
                cloneKeys.put(node.name(), byPrimitive);
            }
        }
        return cloneKeys.get(n.name()).getOrDefault(primitive, List.of());
    }

    private static void addCloneKey(String key, Set<String> cloned, Map<String, List<String>> byPrimitive) {
        int colon = key.lastIndexOf(':');
        String base = colon > 0 && suffixOf(key.substring(0, colon), key) != null ? key.substring(0, colon) : key;
        if (cloned.contains(base)) {
            byPrimitive.computeIfAbsent(base, k -> new ArrayList<>()).add(key);
        }
    }

    private void unpackClone(Clone c) {
        List<Resource> children = config.group(c.child())
                .map(g -> g.members().stream().map(m -> config.resource(m).orElseThrow())
                        .collect(Collectors.toList()))
                .orElseGet(() -> List.of(config.resource(c.child()).orElseThrow()));
        CloneView cv = new CloneView(c, children, config.uniqueInstances(c));
        int max = c.maxInstances(status.nodes().size());
        // Per node, instance number -> the recorded suffixes ("" for none) of what runs there.
        Map<String, Map<Integer, Slot>> running = new LinkedHashMap<>();
        Set<Integer> taken = new HashSet<>();
        int orphans = max;
        boolean spareNumbersForClean = !cv.unique && max != status.nodes().size()
                && children.stream().noneMatch(ch -> needsFencing(fencing.requires(ch)));
        for (String name : status.reportOrder()) {
            NodeStatus n = status.nodes().get(name);
            Map<Integer, Slot> here = new TreeMap<>();
            // Pacemaker: an instance that needs no fencing, found on a node that is down or
            // unclean, takes no instance number (a clean node may need it): it is an orphan.
            boolean orphaned = spareNumbersForClean && (!n.online() || n.unclean());
            for (Slot slot : activeSlots(children, n, cv.unique)) { // in the order they were recorded
                String suffix = slot.suffix();
                int number = cv.unique ? (suffix.isEmpty() ? 0 : Integer.parseInt(suffix))
                        : orphaned ? -1 : lowestFree(taken, max);
                if (number < 0) {
                    number = orphans; // more running than clone-max allows
                }
                taken.add(number);
                orphans = Math.max(orphans, number + 1);
                here.put(number, slot);
            }
            running.put(n.name(), here);
        }
        for (int i = 0; i < orphans; i++) {
            CloneView.Instance inst = new CloneView.Instance(i, i >= max);
            for (Resource child : children) {
                ResourceView v = view(child, child.id() + ":" + i, null);
                v.clone = cv;
                v.instance = inst;
                inst.members.add(v);
            }
            cv.instances.add(inst);
        }
        for (NodeStatus n : status.nodes().values()) {
            Map<String, ResourceState> known = new HashMap<>();
            for (CloneView.Instance inst : cv.instances) {
                for (ResourceView v : inst.members) {
                    Slot slot = running.get(n.name()).get(inst.number);
                    String suffix = cv.unique ? String.valueOf(inst.number)
                            : slot == null ? null : slot.suffixOf(v.configId());
                    String key = suffix == null ? null : recordedKey(v.configId(), suffix, n);
                    ResourceState raw = key != null ? n.resource(key)
                            : known.computeIfAbsent(v.configId(), p -> knownOn(p, n));
                    if (key != null && raw.isActive() && v == inst.first()) {
                        inst.recordedAs = key;
                    }
                    observe(v, n, key, raw, key == null ? null : n.pending().get(key));
                }
            }
        }
        cv.views().forEach(v -> resources.put(v.id, v));
        clones.put(c.id(), cv);
    }

    private static boolean needsFencing(Fencing.Requires r) {
        return r == Fencing.Requires.FENCING || r == Fencing.Requires.UNFENCING;
    }

    private static int lowestFree(Set<Integer> taken, int max) {
        for (int i = 0; i < max; i++) {
            if (!taken.contains(i)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * One instance of a clone found on a node: the suffix it was recorded under ("" or a
     * number), and for a group's members active under other suffixes, theirs.
     */
    private record Slot(String suffix, Map<String, String> members) {
        String suffixOf(String member) {
            return members.getOrDefault(member, suffix);
        }
    }

    /**
     * The instances active on a node. An anonymous clone's group takes, as Pacemaker maps its
     * history, each member active there into the instance already active on the node unless
     * that member already runs in it: members recorded under different numbers are one
     * instance. Otherwise one instance per suffix.
     */
    private List<Slot> activeSlots(List<Resource> children, NodeStatus n, boolean unique) {
        List<Slot> slots = new ArrayList<>();
        for (String suffix : activeSuffixes(children, n)) {
            if (unique || children.size() < 2) {
                slots.add(new Slot(suffix, Map.of()));
                continue;
            }
            for (Resource child : children) {
                String key = suffix.isEmpty() ? child.id() : child.id() + ":" + suffix;
                if (!n.resource(key).isActive() && !"start".equals(n.pending().get(key))) {
                    continue;
                }
                Slot slot = slots.stream().filter(x -> !x.members().containsKey(child.id())).findFirst().orElse(null);
                if (slot == null) {
                    slot = new Slot(suffix, new HashMap<>());
                    slots.add(slot);
                }
                slot.members().put(child.id(), suffix);
            }
        }
        return slots;
    }

    /** The suffixes ("" or a number) under which some member of the clone's child runs on the node. */
    private List<String> activeSuffixes(List<Resource> children, NodeStatus n) {
        Set<String> out = new TreeSet<>(Comparator
                .comparingInt((String x) -> x.isEmpty() ? -1 : Integer.parseInt(x)));
        for (Resource child : children) {
            for (String key : keysOf(child.id(), n)) {
                if (n.resource(key).isActive() || "start".equals(n.pending().get(key))) {
                    out.add(suffixOf(child.id(), key));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** "" when key is the primitive's id, the number when it is {@code id:N}, else null. */
    private static String suffixOf(String primitive, String key) {
        if (key.equals(primitive)) {
            return "";
        }
        if (key.startsWith(primitive + ":") && key.substring(primitive.length() + 1).matches("\\d+")) {
            return key.substring(primitive.length() + 1);
        }
        return null;
    }

    /** The key under which the node recorded this member of an instance, or null. */
    private static String recordedKey(String primitive, String suffix, NodeStatus n) {
        String key = suffix.isEmpty() ? primitive : primitive + ":" + suffix;
        if (n.resources().containsKey(key) || n.pending().containsKey(key)) {
            return key;
        }
        return suffix.equals("0") && n.resources().containsKey(primitive) ? primitive : null;
    }

    /**
     * What a node knows of an anonymous clone's primitive where no instance of it runs: stopped
     * if any record of it says so (with the highest fail count recorded), unknown if none.
     */
    private ResourceState knownOn(String primitive, NodeStatus n) {
        ResourceState known = null;
        int failCount = 0;
        for (String key : keysOf(primitive, n)) {
            ResourceState s = n.resource(key);
            failCount = Math.max(failCount, s.failCount());
            if (!s.isActive() && (known == null || s.failCount() > known.failCount())) {
                known = s;
            }
            if (known == null) {
                known = ResourceState.of(ResourceRole.STOPPED);
            }
        }
        if (known == null) {
            return ResourceState.of(ResourceRole.UNKNOWN);
        }
        return known.failCount() < failCount ? known.withFailCount(failCount) : known;
    }

    /**
     * What a failure means, by the failed operation's on-fail: block leaves it blocked where it
     * is, ignore and demote leave it running.
     */
    private ResourceState applyFailurePolicy(Resource r, ResourceState s) {
        OnFail onFail = onFailOf(r.id(), s);
        boolean failed = s.role() == ResourceRole.FAILED || s.role() == ResourceRole.BLOCKED;
        String launcher = failed ? launcherOf(r) : null; // (only a failure asks: read per resource and node)
        if (launcher != null && failed && "stop".equals(s.failedAction())
                && (onFail == null || onFail == OnFail.RESTART_CONTAINER)) {
            // Pacemaker's default on-fail=restart-container: the stop is taken as done, and the
            // container's recovery makes sure of it.
            containersToRecover.add(launcher);
            failuresTakenAsDone.add(r.id());
            return s.withRole(ResourceRole.STOPPED);
        }
        if (s.role() == ResourceRole.FAILED && onFail == OnFail.BLOCK) {
            return s.withRole(ResourceRole.BLOCKED);
        }
        if (s.role() == ResourceRole.FAILED && onFail == OnFail.IGNORE) {
            return s.withRole(s.roleBeforeFailure());
        }
        // on-fail=demote: no recovery; it keeps running in its role, and the planner demotes it.
        if (s.role() == ResourceRole.FAILED && onFail == OnFail.DEMOTE) {
            return s.withRole(s.roleBeforeFailure());
        }
        // start-failure-is-fatal is not applied here: as Pacemaker's controller, the node's
        // executor raises the fail count of a failed start to INFINITY; the engine reads the count.
        return s;
    }

    /** The container a primitive outside clones lives in (meta attribute {@code container}), or null. */
    private String launcherOf(Resource r) {
        String container = config.meta(r, "container", null);
        if (container == null || config.cloneOf(r.id()).isPresent() || container.equals(r.id())
                || config.resource(container).filter(c -> config.cloneOf(c.id()).isEmpty()).isEmpty()) {
            return null;
        }
        return container;
    }

    /**
     * failure-timeout: a failure older than that is forgotten. Its fail count no longer counts,
     * and a probe that failed because the agent was missing must run again.
     */
    private ResourceState expire(Resource r, ResourceState s) {
        if (s.lastFailure() == null) {
            return s; // no failure to forget (the common case: not worth reading the timeout)
        }
        Duration timeout;
        try {
            timeout = dev.vigil.model.Durations.parse(config.meta(r, "failure-timeout", "0"));
        } catch (IllegalArgumentException e) {
            return s;
        }
        Instant last = s.lastFailure();
        if (timeout.isZero() || last == null || last.plus(timeout).isAfter(now)) {
            return s;
        }
        if (configuredOnFail(r.id(), s) == OnFail.BLOCK) {
            return s; // a failure that blocks the resource never expires (Pacemaker's block_failure)
        }
        if (s.role() == ResourceRole.AGENT_MISSING) {
            return ResourceState.of(ResourceRole.UNKNOWN);
        }
        // Forgotten: neither the count nor which operation failed counts any more, and the
        // resource is as the failed operation found it (Pacemaker ignores an expired failure):
        // running when a recurring monitor failed, stopped when its start failed.
        ResourceRole role = s.role();
        if (role == ResourceRole.FAILED && "monitor".equals(s.failedAction()) && !s.failedInterval().isZero()) {
            role = ResourceRole.STARTED;
        } else if (role == ResourceRole.FAILED && "start".equals(s.failedAction())) {
            role = ResourceRole.STOPPED;
        }
        return ResourceState.of(role, 0, null, "", s.monitorInterval()).withPromotionScore(s.promotionScore())
                .withRecorded(s.recorded()).withRecurring(s.recurring()).withAgent(s.agent());
    }

    static Score parseScore(String s) {
        try {
            return Score.parse(s);
        } catch (IllegalArgumentException e) {
            return Score.ZERO;
        }
    }

    /** The members of every group that is not cloned, in order. */
    List<List<ResourceView>> plainGroups() {
        List<List<ResourceView>> out = new ArrayList<>();
        for (Group g : config.groups()) {
            if (config.cloneOf(g.members().get(0)).isEmpty()) {
                out.add(g.members().stream().map(resources::get).collect(Collectors.toList()));
            }
        }
        return out;
    }

    /** The members of every group, cloned groups once per instance. */
    List<List<ResourceView>> allGroups() {
        List<List<ResourceView>> out = plainGroups();
        for (CloneView c : clones.values()) {
            if (c.isGroup()) {
                c.instances.forEach(i -> out.add(i.members));
            }
        }
        return out;
    }

    /**
     * The primitives a constraint on {@code id} means: the resource itself, a group's members,
     * or every member of every instance of a clone.
     */
    List<ResourceView> expand(String id) {
        CloneView clone = clones.get(id);
        if (clone != null) {
            return clone.views();
        }
        Optional<Group> g = config.group(id);
        if (g.isPresent()) {
            return g.get().members().stream().map(resources::get).collect(Collectors.toList());
        }
        ResourceView v = resources.get(id);
        return v == null ? List.of() : List.of(v);
    }

    /** The primitive standing for {@code id} in a colocation: the resource, or a group's first member. */
    ResourceView representative(String id) {
        if (clones.containsKey(id) || config.cloneOf(id).isPresent()) {
            return null; // a clone is placed as a whole, and its instances have other ids
        }
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
