package dev.vigil.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.vigil.cluster.MembershipView;
import dev.vigil.executor.internal.NodeExecutor;
import dev.vigil.executor.internal.ShutdownHandover;
import dev.vigil.heartbeat.KeyRing;
import dev.vigil.heartbeat.Timing;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.Colocation;
import dev.vigil.model.ConfigReader;
import dev.vigil.model.Group;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceState;
import dev.vigil.testkit.FakeClock;
import dev.vigil.testkit.LoopbackNetwork;

/**
 * A deterministic cluster in one JVM: per node a {@link Machine} (its services and watchdog)
 * and at most one live process ({@link SimNode}), over the loopback network, on one fake clock,
 * on one thread. Time moves in steps of {@link #STEP}; in each, due watchdogs reset their
 * machines, unpaused processes run their timers and keepalive ticks, and then all the work this
 * causes runs until none is left. The safety audit runs after every step.
 */
final class SimCluster implements AutoCloseable {
    static final String CLUSTER = "sim";
    static final Timing TIMING = Timing.of(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(1),
            Duration.ofSeconds(2));
    /** The default lease: half of deadtime. */
    static final Duration LEASE = TIMING.deadtime().dividedBy(2);
    /** The machines' watchdog timeout (the majority waits max(deadtime, this) before taking over). */
    static final Duration WATCHDOG = Duration.ofSeconds(1);
    static final Duration STEP = Duration.ofMillis(20);
    /** A machine the watchdog reset boots and starts its node again after this long. */
    static final Duration REBOOT = Duration.ofSeconds(2);
    /**
     * Operations wait in their lane for up to this long (half of them not at all): short enough
     * that a node that lost its lease stops everything (three resources at most) within the
     * time its timing leaves for that (deadtime - lease - a keepalive = 400 ms).
     */
    static final Duration MAX_LANE_WAIT = Duration.ofMillis(50);
    static final KeyRing KEYS = KeyRing.parse("1 hmac-sha256 simulation-secret-0123456789abcdef\n");
    static final NodeExecutor.Settings EXECUTOR = new NodeExecutor.Settings(Duration.ofSeconds(10),
            Duration.ofSeconds(3), Duration.ZERO, Duration.ofSeconds(5));
    /** The cluster configuration every node runs: a group, an order, a preference and an anti-colocation. */
    static final String CONFIG = String.join("\n",
            "property no-quorum-policy=stop",
            "rsc_defaults resource-stickiness=100 migration-threshold=3",
            "op_defaults timeout=2s",
            "primitive db dummy op monitor interval=2s",
            "primitive ip dummy op monitor interval=1s",
            "primitive web dummy op monitor interval=1s",
            "group site ip web",
            "primitive cache dummy op monitor interval=3s",
            "location db-prefers-n1 db 50: n1",
            "order db-before-site Mandatory: db site",
            "colocation cache-apart-from-db -INFINITY: cache db",
            "");
    /** With fencing: a power switch that can fence every node (Pacemaker's defaults otherwise). */
    static final String FENCING = String.join("\n",
            "property stonith-enabled=true",
            "primitive fence-sim stonith:fence_sim op monitor interval=10s",
            "");
    final FakeClock clock = new FakeClock();
    private final Instant start = clock.instant();
    final LoopbackNetwork network;
    final List<String> names;
    final ClusterConfig config;
    /** The power switch, when the cluster fences; null otherwise. */
    final SimPowerSwitch powerSwitch;
    final Trace trace = new Trace(clock);
    final MessageAudit audit = new MessageAudit(CLUSTER, KEYS);
    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private final Map<String, SimNode> nodes = new TreeMap<>();
    private final Map<String, Instant> resumeAt = new TreeMap<>();
    private final Map<String, Instant> rebootAt = new TreeMap<>();
    private final Map<String, Duration> phases = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private final long seed;
    private long nextIncarnation = 1;
    private long steps;

    SimCluster(List<String> names, long seed) {
        this(names, seed, false);
    }

    /** @param fencing the cluster fences (a power switch for every machine) instead of trusting leases alone */
    SimCluster(List<String> names, long seed, boolean fencing) {
        this.config = new ConfigReader("simulation").read(CONFIG + (fencing ? FENCING : ""));
        this.powerSwitch = fencing ? new SimPowerSwitch(this, seed) : null;
        this.names = List.copyOf(names);
        this.seed = seed;
        this.network = new LoopbackNetwork(clock, seed);
        java.util.Random r = new java.util.Random(seed);
        for (String n : names) {
            machines.put(n, new Machine(n));
            // each process ticks at its own phase within the keepalive
            phases.put(n, STEP.multipliedBy(r.nextInt((int) (TIMING.keepalive().toMillis() / STEP.toMillis()))));
        }
    }

    Machine machine(String name) {
        return machines.get(name);
    }

    /** An exception escaped product code on a simulated thread: a bug, reported by the next audit. */
    void failure(String node, Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        failures.add(node + ": " + w);
        trace.event(node, "EXCEPTION " + e);
    }

    // ---- the processes -----------------------------------------------------------------

    boolean isLive(String name) {
        return nodes.containsKey(name);
    }

    boolean isPaused(String name) {
        return nodes.containsKey(name) && network.isPaused(name);
    }

    boolean isStopping(String name) {
        return nodes.containsKey(name) && nodes.get(name).stopping;
    }

    SimNode node(String name) {
        return nodes.get(name);
    }

    /** Starts a process of the node (a new incarnation); its machine keeps whatever still runs there. */
    void start(String name) {
        if (nodes.containsKey(name)) {
            throw new IllegalStateException(name + " already runs");
        }
        rebootAt.remove(name);
        long inc = nextIncarnation++;
        trace.event(name, "START process " + name + "/" + inc + (machines.get(name).active.isEmpty() ? ""
                : " (still active on the machine: " + machines.get(name).active + ")"));
        trace.in(name);
        nodes.put(name, new SimNode(this, name, inc, phases.get(name), seed * 7_919 + inc));
        trace.in("-");
    }

    void startAll() {
        names.forEach(this::start);
    }

    /** SIGKILL: the process is gone; what its agents started keeps running; its watchdog stays armed. */
    void kill(String name) {
        SimNode n = nodes.remove(name);
        if (n != null) {
            trace.event(name, "KILL " + n + (network.isPaused(name) ? " (paused)" : "") + "; still active there: "
                    + machines.get(name).active);
            end(n);
        }
    }

    private void end(SimNode n) {
        n.die();
        network.resume(n.name); // frames queued for a paused process are lost with it
        resumeAt.remove(n.name);
    }

    /** The power switch acts: the machine's services stop, its process dies; it boots again after {@link #REBOOT}. */
    void powerOff(String name) {
        SimNode n = nodes.remove(name);
        Machine m = machines.get(name);
        trace.event(name, "POWER OFF by the fence: process " + (n == null ? "none" : n
                + (network.isPaused(name) ? " (paused)" : "")) + " killed, stopped " + m.active);
        if (n != null) {
            end(n);
        }
        m.reset();
        rebootAt.put(name, clock.instant().plus(REBOOT));
    }

    /** SIGTERM: the node announces it leaves and waits for the DC to move its resources (Pacemaker's shutdown). */
    void cleanStop(String name) {
        SimNode n = nodes.get(name);
        trace.event(name, "CLEAN STOP " + n + " begins; active there: " + machines.get(name).active);
        n.stopping = true;
        trace.in(name);
        n.executor.beginShutdown("simulated SIGTERM");
        trace.in("-");
    }

    /** SIGSTOP for {@code d}: the process neither ticks nor reads; frames for it queue; its services run on. */
    void pause(String name, Duration d) {
        trace.event(name, "PAUSE " + nodes.get(name) + " for " + d.toMillis() + " ms; active there: "
                + machines.get(name).active);
        network.pause(name);
        resumeAt.put(name, clock.instant().plus(d));
    }

    /** SIGCONT: frames that queued are read first, then the (late) tick runs. */
    void resume(String name) {
        if (isPaused(name)) {
            trace.event(name, "RESUME " + nodes.get(name));
            network.resume(name);
        }
        resumeAt.remove(name);
    }

    // ---- the network ---------------------------------------------------------------------

    void cutOneWay(String from, String to) {
        trace.event("-", "CUT one way " + from + " -> " + to);
        network.cutOneWay(from, to);
    }

    void silence(String node) {
        trace.event("-", "SILENCE " + node + " (heard by nobody, hears all)");
        network.silence(node);
    }

    void cut(String a, String b) {
        trace.event("-", "CUT " + a + " <-> " + b + " (non-transitive)");
        network.cut(a, b);
    }

    void partition(List<Set<String>> groups) {
        trace.event("-", "PARTITION " + groups);
        network.partition(groups);
    }

    /** Every frame is delayed by {@code d} (in order), and lost with probability {@code loss}. */
    void degrade(Duration d, double loss) {
        trace.event("-", "LINKS slow (" + d.toMillis() + " ms) and lossy (" + Math.round(loss * 100) + " %)");
        network.setDelay(d);
        network.setLoss(loss);
    }

    void healNetwork() {
        trace.event("-", "HEAL the network");
        network.heal();
        network.setDelay(Duration.ZERO);
        network.setLoss(0);
    }

    /** Nodes whose machine runs a resource, and the acting DC: where faults hurt most. */
    SortedSet<String> exposed() {
        SortedSet<String> out = new TreeSet<>(actingDcs());
        machines.values().stream().filter(m -> !m.active.isEmpty()).forEach(m -> out.add(m.name));
        return out;
    }

    // ---- time ----------------------------------------------------------------------------

    void run(Duration d) {
        long n = d.toMillis() / STEP.toMillis();
        for (long i = 0; i < n; i++) {
            step();
        }
    }

    void step() {
        clock.advance(STEP);
        steps++;
        Instant now = clock.instant();
        for (String name : new ArrayList<>(resumeAt.keySet())) {
            if (!now.isBefore(resumeAt.get(name))) {
                resume(name);
            }
        }
        for (Machine m : machines.values()) {
            if (m.due(now, WATCHDOG)) {
                SimNode n = nodes.remove(m.name);
                trace.event(m.name, "WATCHDOG RESET of machine " + m.name + " (unfed for " + WATCHDOG.toMillis()
                        + " ms): process " + (n == null ? "none" : n + (network.isPaused(m.name) ? " (paused)" : ""))
                        + " killed, stopped " + m.active);
                if (n != null) {
                    end(n);
                }
                m.reset();
                rebootAt.put(m.name, now.plus(REBOOT));
            }
        }
        if (powerSwitch != null) {
            powerSwitch.step(now);
        }
        for (String name : new ArrayList<>(rebootAt.keySet())) {
            if (!now.isBefore(rebootAt.get(name)) && !nodes.containsKey(name)) {
                trace.event(name, "machine " + name + " rebooted");
                start(name);
            }
        }
        network.deliverDue();
        for (SimNode n : live()) {
            trace.in(n.name);
            n.runTimers();
            n.tickIfDue(now);
        }
        trace.in("-");
        settleWork(now);
        for (SimNode n : live()) {
            if (n.stopping) {
                trace.in(n.name);
                ShutdownHandover.Outcome o = n.executor.pollShutdown();
                settleWork(now);
                o = o != null ? o : n.executor.pollShutdown();
                trace.in("-");
                if (o != null) {
                    exit(n, o);
                }
            }
        }
        audit();
    }

    /** Live, unpaused processes, in name order. */
    private List<SimNode> live() {
        return nodes.values().stream().filter(n -> !network.isPaused(n.name)).collect(Collectors.toList());
    }

    /** Runs every process's work until none is left (messages between them take no time). */
    private void settleWork(Instant now) {
        for (int round = 0;; round++) {
            boolean any = false;
            for (SimNode n : live()) {
                trace.in(n.name);
                any |= n.runWork(now);
            }
            trace.in("-");
            if (!any) {
                return;
            }
            if (round > 10_000) {
                throw new AssertionError("the nodes keep each other busy at one instant: a livelock\n" + trace.tail(80));
            }
        }
    }

    /** The handover is over: the executor is deactivated, then membership (which disarms the watchdog if it may). */
    private void exit(SimNode n, ShutdownHandover.Outcome o) {
        nodes.remove(n.name);
        boolean disarm = n.engine.mayFeedWatchdog();
        trace.event(n.name, "EXIT " + n + " after clean stop: " + o + "; still active there: "
                + machines.get(n.name).active + (disarm ? "; watchdog disarmed" : "; watchdog left ARMED"));
        if (disarm) {
            machines.get(n.name).disarm();
        }
        end(n);
    }

    long steps() {
        return steps;
    }

    // ---- audits --------------------------------------------------------------------------

    /** The safety audit, after every step. */
    void audit() {
        if (!failures.isEmpty()) {
            fail("product code threw on a simulated thread:\n" + failures.get(0));
        }
        for (Resource r : config.resources()) {
            List<String> where = machines.values().stream().filter(m -> m.active.contains(r.id())).map(m -> m.name)
                    .collect(Collectors.toList());
            if (where.size() > 1) {
                fail(r.id() + " is ACTIVE ON TWO NODES at once: " + where + " " + processes());
            }
        }
        List<String> dcs = actingDcs();
        if (dcs.size() > 1) {
            fail("two nodes act as DC at once: " + dcs + " " + views());
        }
        if (!audit.violations().isEmpty()) {
            fail("reliable messages: " + String.join("\n", audit.violations().subList(0,
                    Math.min(10, audit.violations().size()))));
        }
    }

    /** Live, unpaused processes whose view says they act as DC. */
    List<String> actingDcs() {
        return live().stream().filter(n -> n.engine.view().isLocalDc()).map(n -> n.name).collect(Collectors.toList());
    }

    /**
     * Why the cluster has not converged, or null when it has: every node runs, all agree on one
     * agreed, quorate view of all nodes with one acting DC that is not busy, every resource is
     * active on exactly one machine with its constraints kept, and every executor knows what
     * runs on its machine.
     */
    String notConverged() {
        for (String n : names) {
            if (!isLive(n) || isPaused(n) || isStopping(n)) {
                return n + " is not running normally";
            }
        }
        Set<List<Object>> views = nodes.values().stream()
                .map(n -> List.<Object>of(n.engine.view().number(), n.engine.view().members(), n.engine.view().agreed()))
                .collect(Collectors.toSet());
        if (views.size() != 1) {
            return "views differ: " + views();
        }
        MembershipView any = nodes.values().iterator().next().engine.view();
        if (!any.members().equals(new TreeSet<>(names)) || !any.agreed() || !any.quorate()) {
            return "the view is not one agreed, quorate view of all nodes: " + views();
        }
        List<String> dcs = actingDcs();
        if (dcs.size() != 1) {
            return "acting DCs: " + dcs + " " + views();
        }
        if (nodes.get(dcs.get(0)).controller.busy()) {
            return "the DC is carrying out a transition";
        }
        Map<String, String> placement = new TreeMap<>();
        for (Resource r : config.resources()) {
            List<String> where = machines.values().stream().filter(m -> m.active.contains(r.id())).map(m -> m.name)
                    .collect(Collectors.toList());
            if (where.size() != 1) {
                return r.id() + " is active on " + where + " " + processes();
            }
            placement.put(r.id(), where.get(0));
        }
        for (Group g : config.groups()) {
            if (g.members().stream().map(placement::get).distinct().count() != 1) {
                return "group " + g.id() + " is split: " + placement;
            }
        }
        for (Colocation c : config.colocations()) {
            boolean together = placement.get(c.resource()).equals(placement.get(c.withResource()));
            if (c.score().value() < 0 && together || c.score().value() > 0 && !together) {
                return "colocation " + c.id() + " broken: " + placement;
            }
        }
        for (SimNode n : nodes.values()) {
            SortedSet<String> believed = new TreeSet<>();
            n.executor.states().forEach((rsc, s) -> {
                if (s.isActive()) {
                    believed.add(rsc);
                }
            });
            if (!believed.equals(n.machine.active)) {
                return n + "'s executor believes " + believed + " active, its machine runs " + n.machine.active;
            }
        }
        return null;
    }

    String views() {
        StringBuilder sb = new StringBuilder();
        for (SimNode n : nodes.values()) {
            sb.append("\n  ").append(n).append(network.isPaused(n.name) ? " (paused)" : "").append(": ")
                    .append(n.engine.view());
        }
        return sb.toString();
    }

    String processes() {
        StringBuilder sb = new StringBuilder();
        for (Machine m : machines.values()) {
            SimNode n = nodes.get(m.name);
            sb.append("\n  ").append(m.name).append(": ")
                    .append(n == null ? "no process" : n + (network.isPaused(m.name) ? " PAUSED" : "")
                            + (n.stopping ? " stopping" : "") + " " + n.engine.view())
                    .append("; active ").append(m.active).append(m.armed() ? "" : "; watchdog disarmed");
            if (n != null) {
                Map<String, ResourceState> s = n.executor.states();
                sb.append("; executor states ").append(s.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().role()).collect(Collectors.joining(",", "{", "}")));
            }
        }
        return sb.toString();
    }

    /** True when the process {@code node}/{@code incarnation} is alive and not paused. */
    boolean liveProcess(String node, long incarnation) {
        SimNode n = nodes.get(node);
        return n != null && n.incarnation == incarnation && !network.isPaused(node);
    }

    void fail(String what) {
        throw new AssertionError("at t=" + Duration.between(start, clock.instant()).toMillis() / 1000.0
                + " s (step " + steps + "): " + what + "\n--- last events:\n" + trace.events(40)
                + "\n--- last trace lines:\n" + trace.tail(60));
    }

    @Override
    public void close() {
        trace.close();
    }
}
