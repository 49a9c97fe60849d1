package dev.vigil.simulation;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.vigil.agent.AgentContext;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.LrmUpdate;
import dev.vigil.controller.internal.Controller;
import dev.vigil.controller.internal.FenceGateway;
import dev.vigil.controller.internal.StatusCollector;
import dev.vigil.executor.internal.NodeExecutor;
import dev.vigil.membership.internal.MembershipEngine;
import dev.vigil.membership.internal.NodeSettings;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.NodeStatus;
import dev.vigil.transport.Transport;

/**
 * One process of a node (one incarnation): the real membership engine, executor and controller,
 * wired as their components wire them, with a fake clock, a deterministic scheduler and one
 * event queue instead of threads. Its machine ({@link Machine}) outlives it.
 */
final class SimNode {
    /** A frame read from the link, waiting for the engine (as on its thread's queue). */
    private record Inbound(String link, ByteBuffer frame) {
    }

    final String name;
    final long incarnation;
    final Machine machine;
    final MembershipEngine engine;
    final SimMembership membership;
    final NodeExecutor executor;
    final StatusCollector collector = new StatusCollector();
    final Controller controller;
    private final SimCluster cluster;
    private final Transport transport;
    private final TaskQueue queue;
    private final SimScheduler scheduler;
    private final Deque<Inbound> inbox = new ArrayDeque<>();
    /** Decides how long each operation waits in its lane (an agent busy with something else, a slow fork). */
    private final Random random;
    Instant nextTick;
    /** A clean stop is under way. */
    boolean stopping;
    private long transitions;

    SimNode(SimCluster cluster, String name, long incarnation, Duration firstTickIn, long seed) {
        this.cluster = cluster;
        this.random = new Random(seed);
        this.name = name;
        this.incarnation = incarnation;
        this.machine = cluster.machine(name);
        this.queue = new TaskQueue(e -> cluster.failure(name, e));
        this.scheduler = new SimScheduler(cluster.clock, e -> cluster.failure(name, e));
        Instant now = cluster.clock.instant();
        this.transport = cluster.network.endpoint(name, "link0");
        NodeSettings settings = new NodeSettings(name, SimCluster.CLUSTER, cluster.names, SimCluster.TIMING,
                SimCluster.KEYS, SimCluster.LEASE, false, false, Path.of("simulated-watchdog"), SimCluster.WATCHDOG);
        this.engine = new MembershipEngine(settings, incarnation, now, frame -> {
            cluster.audit.frame(frame);
            transport.send(frame);
        }, queue);
        transport.open((link, frame) -> inbox.addLast(
                new Inbound(link, ByteBuffer.allocate(frame.remaining()).put(frame.duplicate()).flip())));
        this.membership = new SimMembership(engine, cluster.clock, cluster.audit);

        // ExecutorComponent: agents live on the machine; agent calls complete at once.
        DummyAgent agent = new DummyAgent(machine, cluster.trace);
        AgentContext context = new AgentContext() {
            @Override
            public String nodeName() {
                return name;
            }

            @Override
            public Path stateDirectory() {
                return Path.of("target", "simulation", name);
            }
        };
        this.executor = new NodeExecutor(membership, context, spec -> agent, scheduler, TaskQueue.direct(),
                this::lane, cluster.clock, () -> nanos(cluster.clock.instant()), record -> { }, () -> cluster.config,
                SimCluster.EXECUTOR);

        // ControllerComponent: every input goes through the controller's event queue.
        this.controller = new Controller(collector,
                (node, request) -> membership.send(node, ActionRequest.TOPIC, request.encode()),
                (n, config, status, at, t) -> {
                    transitions++;
                    cluster.trace.event(name, "DC decides transition " + n + " from " + describe(status));
                },
                token -> membership.broadcast(LrmUpdate.QUERY_TOPIC,
                        token.getBytes(java.nio.charset.StandardCharsets.UTF_8)), cluster.clock,
                cluster.powerSwitch == null ? FenceGateway.none()
                        : new FenceGateway(() -> cluster.powerSwitch, queue::execute, e -> { }));
        membership.subscribe(v -> queue.execute(() -> controller.onView(v)));
        queue.execute(() -> controller.onConfig(cluster.config));
        membership.subscribe(LrmUpdate.TOPIC, (from, payload) -> {
            LrmUpdate update = LrmUpdate.decode(payload);
            queue.execute(() -> controller.onUpdate(from, update));
        });
        scheduler.scheduleWithFixedDelay(() -> queue.execute(controller::onTimer), 1, 1, TimeUnit.SECONDS);
        membership.broadcast(LrmUpdate.QUERY_TOPIC, new byte[0]);
        this.nextTick = now.plus(firstTickIn);
    }

    /**
     * A resource's lane: one operation at a time, in order. Half of the operations wait in it
     * for up to {@link SimCluster#MAX_LANE_WAIT} first, so that faults also hit queued ones.
     */
    private ExecutorService lane(String resource) {
        ExecutorService direct = queue.lane(resource);
        return new AbstractExecutorService() {
            private Instant lastDue = Instant.MIN;
            private int waiting;

            @Override
            public void execute(Runnable task) {
                Instant now = cluster.clock.instant();
                long waitMs = random.nextBoolean() ? 0 : random.nextInt((int) SimCluster.MAX_LANE_WAIT.toMillis() + 1);
                if (waitMs == 0 && waiting == 0) {
                    direct.execute(task);
                    return;
                }
                Instant due = (lastDue.isAfter(now) ? lastDue : now).plusMillis(waitMs);
                lastDue = due;
                waiting++;
                scheduler.schedule(() -> {
                    waiting--;
                    direct.execute(task);
                }, Duration.between(now, due).toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public void shutdown() {
                direct.shutdown();
            }

            @Override
            public List<Runnable> shutdownNow() {
                return direct.shutdownNow();
            }

            @Override
            public boolean isShutdown() {
                return direct.isShutdown();
            }

            @Override
            public boolean isTerminated() {
                return direct.isTerminated();
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) {
                return true;
            }
        };
    }

    /** The status a decision was made from, in one line: {@code n1{db=STARTED} n2(offline) n3(shutting down){}}. */
    static String describe(ClusterStatus status) {
        StringBuilder sb = new StringBuilder();
        for (NodeStatus n : status.nodes().values()) {
            sb.append(' ').append(n.name()).append(n.online() ? "" : "(offline)")
                    .append(n.shuttingDown() ? "(shutting down)" : "")
                    .append(n.pending().isEmpty() ? "" : "(pending " + n.pending() + ")");
            if (n.online()) {
                sb.append(n.resources().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().role())
                        .collect(Collectors.joining(",", "{", "}")));
            }
        }
        return sb.toString().trim();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Timers whose time has come (monitors, the controller's timer, held requests, startup check). */
    void runTimers() {
        scheduler.runDue();
    }

    /** Whether this process has opened the machine's watchdog (it does at its first lease). */
    private boolean watchdogOpened;

    /** The keepalive tick, as MembershipComponent runs it: the engine, then the watchdog. */
    void tickIfDue(Instant now) {
        if (now.isBefore(nextTick)) {
            return;
        }
        readFrames(now); // frames that came before the tick (after a pause: all that queued)
        engine.tick(now);
        if (!watchdogOpened && engine.leaseHeld()) {
            machine.arm(now); // MembershipComponent opens the watchdog at the first lease
            watchdogOpened = true;
        }
        if (watchdogOpened && engine.mayFeedWatchdog()) {
            machine.feed(now);
        }
        nextTick = now.plus(SimCluster.TIMING.keepalive()); // fixed delay: a late tick does not run twice
    }

    private boolean readFrames(Instant now) {
        boolean any = false;
        Inbound in;
        while ((in = inbox.pollFirst()) != null) {
            engine.onFrame(in.link(), in.frame(), now);
            any = true;
        }
        return any;
    }

    /** Reads every frame that came and runs every queued task; false when there was nothing to do. */
    boolean runWork(Instant now) {
        boolean any = readFrames(now);
        int budget = 100_000;
        while (queue.runOne()) {
            any = true;
            readFrames(now);
            if (--budget == 0) {
                throw new AssertionError(name + ": more than 100000 tasks at one instant: a livelock");
            }
        }
        return any;
    }

    /** The process ends (killed, reset or exited): its transport closes; what it had queued is gone. */
    void die() {
        transport.close();
        inbox.clear();
        queue.clear();
        scheduler.shutdownNow();
    }

    long transitions() {
        return transitions;
    }

    @Override
    public String toString() {
        return name + "/" + incarnation;
    }
}
