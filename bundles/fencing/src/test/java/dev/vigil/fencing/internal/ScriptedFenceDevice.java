package dev.vigil.fencing.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDevice;
import dev.vigil.fence.FenceDeviceMetadata;
import dev.vigil.fence.FenceRequest;
import dev.vigil.fence.FenceResult;
import dev.vigil.testkit.FakeClock;

/**
 * A fence device type for tests: answers each configured device's calls from a script (per
 * device id and action; OK when nothing is scripted), takes the time it is told on a fake
 * clock, and records every call with the fake time it started at.
 */
final class ScriptedFenceDevice implements FenceDevice {
    record Call(String device, String agentAction, String target, String port, Map<String, String> parameters,
            Duration timeout, Duration at) {
    }

    record Step(FenceResult result, Duration takes) {
    }

    private final FakeClock clock;
    private final java.time.Instant epoch;
    private final Set<FenceAction> actions;
    private final Map<String, Deque<Step>> script = new HashMap<>();
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    volatile Function<FenceRequest, FenceResult> hook;

    ScriptedFenceDevice(FakeClock clock, java.time.Instant epoch, Set<FenceAction> actions) {
        this.clock = clock;
        this.epoch = epoch;
        this.actions = EnumSet.copyOf(actions);
    }

    ScriptedFenceDevice(FakeClock clock, java.time.Instant epoch) {
        this(clock, epoch, EnumSet.of(FenceAction.OFF, FenceAction.ON, FenceAction.REBOOT, FenceAction.STATUS,
                FenceAction.MONITOR));
    }

    /** The next call of this device's action answers so, after taking that long. */
    ScriptedFenceDevice then(String device, FenceAction action, FenceResult.Status status, Duration takes) {
        script.computeIfAbsent(device + " " + action, k -> new ArrayDeque<>())
                .add(new Step(FenceResult.of(status, status == FenceResult.Status.OK ? "" : "scripted " + status), takes));
        return this;
    }

    ScriptedFenceDevice listing(String device, List<String> ports) {
        script.computeIfAbsent(device + " " + FenceAction.LIST, k -> new ArrayDeque<>())
                .add(new Step(FenceResult.listed(ports), Duration.ZERO));
        return this;
    }

    @Override
    public FenceDeviceMetadata metadata() {
        return FenceDeviceMetadata.of("fence_scripted", "test device", List.of(), actions);
    }

    @Override
    public FenceResult execute(FenceRequest r) {
        calls.add(new Call(r.device(), r.agentAction(), r.target(), r.port(), r.parameters(), r.timeout(),
                Duration.between(epoch, clock.instant())));
        Function<FenceRequest, FenceResult> h = hook;
        if (h != null) {
            FenceResult out = h.apply(r);
            if (out != null) {
                return out;
            }
        }
        Deque<Step> steps = script.get(r.device() + " " + r.action());
        Step s = steps == null || steps.isEmpty() ? null : steps.size() == 1 ? steps.peek() : steps.poll();
        if (s == null) {
            return FenceResult.of(FenceResult.Status.OK, "");
        }
        Duration takes = s.takes().compareTo(r.timeout()) > 0 ? r.timeout() : s.takes();
        clock.advance(takes);
        if (s.takes().compareTo(r.timeout()) > 0) {
            return FenceResult.of(FenceResult.Status.TIMEOUT, "did not answer within " + r.timeout());
        }
        return s.result();
    }

    /** The calls as {@code device action target @seconds}. */
    List<String> log() {
        List<String> out = new ArrayList<>();
        synchronized (calls) {
            for (Call c : calls) {
                out.add(c.device() + " " + c.agentAction() + (c.target() == null ? "" : " " + c.target()) + " @"
                        + c.at().toMillis() / 1000.0);
            }
        }
        return out;
    }
}
