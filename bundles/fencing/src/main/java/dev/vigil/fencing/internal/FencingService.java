package dev.vigil.fencing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDevice;
import dev.vigil.fence.FenceDeviceState;
import dev.vigil.fence.FenceEvent;
import dev.vigil.fence.FenceResult;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.Durations;
import dev.vigil.model.FencingLevel;

/**
 * The fencer's decisions and their execution, free of OSGi and of real time (the clock, the
 * sleeper, the randomness and the executor are given): which devices fence a node (topology
 * levels in index order, all devices of a level; without topology every capable device by
 * priority), their delays, timeouts and retries, watchdog fencing, joining requests for the
 * same target, and the bounded history with a journal line per event.
 */
final class FencingService {
    /** Waits; tests advance a fake clock instead. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    static final int HISTORY_LIMIT = 500;
    static final Duration DEFAULT_STONITH_TIMEOUT = Duration.ofSeconds(60);
    /** Pacemaker retries a failed action only while at least 30% of its timeout is left. */
    private static final double RETRY_WINDOW = 0.7;

    private final String localNode;
    private final Supplier<ClusterConfig> config;
    private final DeviceCatalog catalog;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Random random;
    private final Executor executor;
    private final Consumer<String> journal;
    private final AtomicLong ids = new AtomicLong();
    /** Makes ids unique across the cluster and across restarts: the node, then when this fencer started. */
    private final String idPrefix;
    /** Told of each completed operation (the cluster fencer shares it); set once, before any request. */
    private volatile Consumer<FenceEvent> completed = e -> { };
    private volatile java.util.function.Predicate<String> isMember = n -> false;
    private final Map<String, Operation> running = new HashMap<>();
    private final Deque<FenceEvent> done = new ArrayDeque<>();

    /** One request in progress; later requests for the same target and action join it. */
    private static final class Operation {
        final FenceEvent pending;
        final CompletableFuture<FenceEvent> result = new CompletableFuture<>();
        /** The requested delay, until the first device action has waited it. */
        Duration delay;

        Operation(FenceEvent pending, Duration delay) {
            this.pending = pending;
            this.delay = delay;
        }
    }

    /** How an attempt at a level or a device ended. */
    private record Outcome(boolean ok, String device, String reason) {
    }

    /**
     * @param executor runs each operation (one task per operation, for as long as it takes)
     * @param caller calls the devices
     * @param journal receives a line per event
     */
    FencingService(String localNode, Supplier<ClusterConfig> config, java.util.function.Function<String, FenceDevice> types,
            DeviceCaller caller, Clock clock, Sleeper sleeper, Random random, Executor executor,
            Consumer<String> journal) {
        this.localNode = localNode;
        this.config = config;
        this.catalog = new DeviceCatalog(types, caller, clock);
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.executor = executor;
        this.journal = journal;
        this.idPrefix = localNode + "-" + Long.toString(clock.millis(), 36) + "-";
    }

    /**
     * Tells whether a node is a member of this node's current view. Watchdog fencing only
     * fences a node that is not: a member holds its lease and feeds its watchdog, so waiting
     * proves nothing about it.
     */
    void memberCheck(java.util.function.Predicate<String> isMember) {
        this.isMember = isMember;
    }

    /** Who is told of each completed operation, after the journal line. */
    void onCompleted(Consumer<FenceEvent> listener) {
        this.completed = listener;
    }

    /** A new operation id, unique in the cluster: {@code n1-mj3k1c2o-7}. */
    String newId() {
        return idPrefix + ids.incrementAndGet();
    }

    /** @throws IllegalArgumentException for an empty target or an action other than off, on and reboot */
    static void checkRequest(String target, FenceAction action) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("fence needs a target node");
        }
        if (action != FenceAction.OFF && action != FenceAction.ON && action != FenceAction.REBOOT) {
            throw new IllegalArgumentException("fence action must be off, on or reboot, not " + action.agentName());
        }
    }

    CompletableFuture<FenceEvent> fence(String target, FenceAction action, String origin, String reason) {
        return fence(target, action, origin, reason, Duration.ZERO);
    }

    /** @param delay waited before the first device acts (priority-fencing-delay); not added by a joining request */
    CompletableFuture<FenceEvent> fence(String target, FenceAction action, String origin, String reason,
            Duration delay) {
        return fence(null, target, action, origin, reason, delay);
    }

    /**
     * As {@link #fence(String, FenceAction, String, String, Duration)} under the given id (a
     * request another node delegated keeps that node's id), or a new one when null.
     */
    CompletableFuture<FenceEvent> fence(String id, String target, FenceAction action, String origin, String reason,
            Duration delay) {
        checkRequest(target, action);
        String key = target.toLowerCase(Locale.ROOT) + " " + action.agentName();
        Operation op;
        synchronized (this) {
            Operation current = running.get(key);
            if (current != null) {
                journal.accept("fence: " + action.agentName() + " of " + target + " requested by " + origin
                        + " joins the one in progress (" + current.pending.id() + ")");
                return current.result;
            }
            FenceEvent pending = FenceEvent.of(id == null ? newId() : id, target, action, origin, localNode,
                    "", FenceEvent.State.PENDING, clock.instant(), null, reason);
            op = new Operation(pending, delay == null || delay.isNegative() ? Duration.ZERO : delay);
            running.put(key, op);
        }
        journal.accept("fence: " + action.agentName() + " of " + target + " requested by " + origin
                + (reason == null || reason.isEmpty() ? "" : ": " + reason));
        try {
            executor.execute(() -> complete(key, op, execute(op)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            complete(key, op, finish(op.pending, false, "", "the fencer is stopping"));
        }
        return op.result;
    }

    private FenceEvent execute(Operation op) {
        try {
            return run(op);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return finish(op.pending, false, "", "the fencer stopped");
        } catch (RuntimeException e) {
            return finish(op.pending, false, "", "internal error: " + e);
        }
    }

    private void complete(String key, Operation op, FenceEvent end) {
        synchronized (this) {
            running.remove(key);
            done.addLast(end);
            while (done.size() > HISTORY_LIMIT) {
                done.removeFirst();
            }
        }
        journal.accept(line(end));
        try {
            completed.accept(end);
        } catch (RuntimeException e) {
            journal.accept("fence: could not share the end of " + end.id() + ": " + e);
        }
        op.result.complete(end);
    }

    /** Completed operations, oldest first, then those still in progress. */
    synchronized List<FenceEvent> history() {
        List<FenceEvent> out = new ArrayList<>(done);
        running.values().stream().map(o -> o.pending).sorted(Comparator.comparing(FenceEvent::requested))
                .forEach(out::add);
        return out;
    }

    List<FenceDeviceState> devices() {
        return catalog.states(config.get());
    }

    /** Runs every configured device's monitor once. */
    void monitorDevices() {
        ClusterConfig c = config.get();
        Duration timeout = stonithTimeout(c);
        for (DeviceSettings d : DeviceSettings.of(c)) {
            catalog.monitor(d, d.timeout(FenceAction.MONITOR, timeout));
        }
    }

    private FenceEvent run(Operation op) throws InterruptedException {
        FenceEvent request = op.pending;
        String target = request.target();
        if (target.equalsIgnoreCase(localNode) && request.action().removesPower()) {
            // Never reached through the cluster fencer, which delegates these to another member.
            return finish(request, false, "", "cannot fence itself: " + localNode + " is the target");
        }
        ClusterConfig c = config.get();
        Duration timeout = stonithTimeout(c);
        Map<String, DeviceSettings> devices = DeviceSettings.of(c).stream().filter(d -> usableHere(c, d.id()))
                .collect(Collectors.toMap(DeviceSettings::id, d -> d, (a, b) -> a, java.util.LinkedHashMap::new));
        List<FencingLevel> levels = c.fencingLevelsFor(target);
        Outcome last;
        if (!levels.isEmpty()) {
            last = null;
            for (FencingLevel level : levels) {
                last = runLevel(level, devices, op, timeout);
                if (last.ok()) {
                    return finish(request, true, last.device(), "");
                }
            }
            return finish(request, false, last.device(), "every fencing level failed; level "
                    + levels.get(levels.size() - 1).index() + ": " + last.reason());
        }
        List<DeviceSettings> capable = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (DeviceSettings d : devices.values()) {
            Optional<String> no = catalog.cannotFence(d, target, timeout);
            if (no.isEmpty() && request.action() == FenceAction.ON && !catalog.supports(d, FenceAction.ON)) {
                no = Optional.of("device " + d.id() + " does not support on");
            }
            if (no.isEmpty()) {
                capable.add(d);
            } else {
                refusals.add(no.get());
            }
        }
        capable.sort(Comparator.comparingInt(DeviceSettings::priority).reversed());
        if (request.action() == FenceAction.ON && !capable.isEmpty()) {
            // Unfencing lets the node back in through every device that fences it (each fabric, each PDU).
            for (DeviceSettings d : capable) {
                Outcome on = runDevice(d, op, timeout);
                if (!on.ok()) {
                    return finish(request, false, on.device(), on.reason());
                }
            }
            return finish(request, true, capable.stream().map(DeviceSettings::id).collect(Collectors.joining(",")), "");
        }
        last = null;
        for (DeviceSettings d : capable) {
            last = runDevice(d, op, timeout);
            if (last.ok()) {
                return finish(request, true, d.id(), "");
            }
        }
        if (last != null) {
            return finish(request, false, last.device(), last.reason());
        }
        Duration watchdog = watchdogTimeout(c);
        if (!watchdog.isZero() && request.action().removesPower() && isMember.test(target)) {
            return finish(request, false, "watchdog", "no fence device can fence " + target + ", and watchdog fencing "
                    + "cannot: it is still a member of the view (it holds its lease and feeds its watchdog)"
                    + (refusals.isEmpty() ? "" : " (" + String.join("; ", refusals) + ")"));
        }
        if (!watchdog.isZero() && request.action().removesPower()) {
            Duration left = Duration.between(clock.instant(), request.requested().plus(watchdog));
            if (!left.isNegative()) {
                sleeper.sleep(left);
            }
            return finish(request, true, "watchdog", "stonith-watchdog-timeout " + Durations.format(watchdog)
                    + " passed since the request");
        }
        return finish(request, false, "", "no fence device can fence " + target
                + (refusals.isEmpty() ? "" : " (" + String.join("; ", refusals) + ")"));
    }

    /** A level succeeds when each of its devices does, in order; the first failure ends it. */
    private Outcome runLevel(FencingLevel level, Map<String, DeviceSettings> devices, Operation op,
            Duration timeout) throws InterruptedException {
        FenceEvent request = op.pending;
        List<DeviceSettings> members = new ArrayList<>();
        for (String id : level.devices()) {
            DeviceSettings d = devices.get(id);
            if (d == null) {
                return new Outcome(false, id, "device " + id + " is not configured");
            }
            Optional<String> no = catalog.cannotFence(d, request.target(), timeout);
            if (no.isPresent()) {
                return new Outcome(false, id, no.get());
            }
            members.add(d);
        }
        if (request.action() == FenceAction.REBOOT && members.size() > 1) {
            // Several devices (redundant power supplies): all off, then all on, or the node never loses power.
            for (DeviceSettings d : members) {
                Outcome off = runAction(d, op, FenceAction.OFF, timeout);
                if (!off.ok()) {
                    return off;
                }
            }
            for (DeviceSettings d : members) {
                turnOnAfterOff(d, op, timeout);
            }
        } else {
            for (DeviceSettings d : members) {
                Outcome o = runDevice(d, op, timeout);
                if (!o.ok()) {
                    return o;
                }
            }
        }
        return new Outcome(true, String.join(",", level.devices()), "");
    }

    /** A reboot on a device that cannot reboot is an off then an on, as Pacemaker remaps it. */
    private Outcome runDevice(DeviceSettings d, Operation op, Duration timeout) throws InterruptedException {
        FenceEvent request = op.pending;
        if (request.action() == FenceAction.REBOOT && !d.fencing().containsKey("pcmk_reboot_action")
                && !catalog.supports(d, FenceAction.REBOOT) && catalog.supports(d, FenceAction.OFF)) {
            Outcome off = runAction(d, op, FenceAction.OFF, timeout);
            if (off.ok()) {
                turnOnAfterOff(d, op, timeout);
            }
            return off;
        }
        return runAction(d, op, request.action(), timeout);
    }

    /** The "on" half of a remapped reboot: its failure is logged, the node is fenced all the same. */
    private void turnOnAfterOff(DeviceSettings d, Operation op, Duration timeout) throws InterruptedException {
        FenceEvent request = op.pending;
        if (catalog.supports(d, FenceAction.ON)) {
            Outcome on = runAction(d, op, FenceAction.ON, timeout);
            if (!on.ok()) {
                journal.accept("fence: on of " + request.target() + " by " + d.id() + " after off failed: "
                        + on.reason());
            }
        }
    }

    /**
     * One action on one device: its delay first (off and reboot only), then up to
     * {@code pcmk_<action>_retries} tries within {@code pcmk_<action>_timeout} (else
     * stonith-timeout); no retry after a timeout or with less than 30% of the time left.
     */
    private Outcome runAction(DeviceSettings d, Operation op, FenceAction action, Duration fallbackTimeout)
            throws InterruptedException {
        FenceEvent request = op.pending;
        Optional<FenceDevice> type = catalog.type(d);
        if (type.isEmpty()) {
            return new Outcome(false, d.id(), "device " + d.id() + ": type " + d.type() + " is not installed");
        }
        if (!op.delay.isZero()) {
            journal.accept("fence: " + request.action().agentName() + " of " + request.target() + " delayed "
                    + Durations.format(op.delay) + " (requested delay, priority-fencing-delay)");
            sleeper.sleep(op.delay);
            op.delay = Duration.ZERO;
        }
        Duration delay = d.delay(action, request.target(), random);
        if (!delay.isZero()) {
            journal.accept("fence: " + action.agentName() + " of " + request.target() + " by " + d.id() + " delayed "
                    + Durations.format(delay) + " (pcmk_delay_base/pcmk_delay_max)");
            sleeper.sleep(delay);
        }
        Duration timeout = d.timeout(action, fallbackTimeout);
        int tries = d.tries(action);
        Instant start = clock.instant();
        FenceResult r = null;
        for (int attempt = 1; attempt <= tries; attempt++) {
            Duration left = timeout.minus(Duration.between(start, clock.instant()));
            if (attempt > 1 && (left.isNegative() || left.isZero()
                    || Duration.between(start, clock.instant()).toMillis() >= timeout.toMillis() * RETRY_WINDOW)) {
                break;
            }
            r = catalog.call(d, type.get(), action, request.target(), attempt == 1 ? timeout : left);
            if (r.ok()) {
                return new Outcome(true, d.id(), "");
            }
            journal.accept("fence: " + action.agentName() + " of " + request.target() + " by " + d.id() + " attempt "
                    + attempt + " of " + tries + " failed: " + r);
            if (r.status() == FenceResult.Status.TIMEOUT || r.status() == FenceResult.Status.ERROR) {
                break;
            }
        }
        return new Outcome(false, d.id(), d.id() + " " + action.agentName() + " failed: " + r);
    }

    private FenceEvent finish(FenceEvent request, boolean ok, String device, String reason) {
        return FenceEvent.of(request.id(), request.target(), request.action(), request.origin(), localNode, device,
                ok ? FenceEvent.State.SUCCEEDED : FenceEvent.State.FAILED, request.requested(), clock.instant(),
                ok && !"watchdog".equals(device) ? request.reason() : reason.isEmpty() ? request.reason() : reason);
    }

    /** The journal line of a completed operation: {@code fence: reboot of n2 by f-dummy succeeded in 1.2 s}. */
    static String line(FenceEvent e) {
        Duration took = Duration.between(e.requested(), e.completed());
        String secs = String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
        if (e.state() == FenceEvent.State.SUCCEEDED) {
            return "fence: " + e.action().agentName() + " of " + e.target() + " by " + e.device() + " succeeded in "
                    + secs;
        }
        return "fence: " + e.action().agentName() + " of " + e.target() + " failed after " + secs + ": " + e.reason();
    }

    /**
     * As Pacemaker's fencer: a device that is disabled ({@code target-role=Stopped}) or banned
     * from this node (a -INFINITY location) is not used from here.
     */
    private boolean usableHere(ClusterConfig c, String device) {
        boolean disabled = c.resource(device).map(r -> "stopped".equalsIgnoreCase(
                c.meta(r, dev.vigil.model.Resource.TARGET_ROLE, "Started"))).orElse(false);
        boolean banned = c.locations().stream().anyMatch(l -> l.resource().equals(device)
                && localNode.equalsIgnoreCase(l.node()) && l.score().isNegativeInfinity());
        return !disabled && !banned;
    }

    /**
     * How long a fence asked of another member may take before the asker gives up on an
     * answer: its delay, then stonith-timeout for each topology level (or device) tried, with
     * room for retries and the message round trips.
     */
    Duration answerBound(String target, Duration delay) {
        ClusterConfig c = config.get();
        int attempts = Math.max(1, c.fencingLevelsFor(target).size())
                + (int) c.resources().stream().filter(r -> "stonith".equals(r.agentClass())).count();
        return delay.plus(stonithTimeout(c).multipliedBy(2L * attempts)).plus(watchdogTimeout(c))
                .plus(Duration.ofSeconds(30));
    }

    static Duration stonithTimeout(ClusterConfig c) {
        return dev.vigil.model.FencingProperties.timeout(c);
    }

    static Duration watchdogTimeout(ClusterConfig c) {
        return dev.vigil.model.FencingProperties.watchdogTimeout(c);
    }
}
