package dev.vigil.fencing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDevice;
import dev.vigil.fence.FenceDeviceState;
import dev.vigil.fence.FenceEvent;
import dev.vigil.fence.FenceResult;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ConfigReader;
import dev.vigil.testkit.FakeClock;

class FencingServiceTest {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private final FakeClock clock = new FakeClock(EPOCH);
    private final ScriptedFenceDevice scripted = new ScriptedFenceDevice(clock, EPOCH);
    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private ExecutorService threads;

    @AfterEach
    void stopThreads() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    private FencingService fencer(String config) {
        return fencer(config, type -> type.equals("fence_scripted") ? scripted : null, Runnable::run);
    }

    private FencingService fencer(String config, java.util.function.Function<String, FenceDevice> types,
            java.util.concurrent.Executor executor) {
        ClusterConfig c = new ConfigReader("test").read("node n1\nnode n2\nnode n3\n" + config);
        return new FencingService("n1", () -> c, types, DeviceCaller.direct(), clock, d -> {
            sleeps.add(d);
            clock.advance(d);
        }, new Random(7), executor, journal::add);
    }

    private static FenceEvent done(CompletableFuture<FenceEvent> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void rebootsWithTheDeviceThatListsTheTargetAndJournalsIt() throws Exception {
        FencingService f = fencer("primitive f-a stonith:fence_scripted params pcmk_host_list=\"n3\"\n"
                + "primitive f-b stonith:fence_scripted params pcmk_host_list=\"n2 n3\" ip=10.0.0.1\n");
        scripted.then("f-b", FenceAction.REBOOT, FenceResult.Status.OK, Duration.ofMillis(1200));
        FenceEvent e = done(f.fence("n2", FenceAction.REBOOT, "n3", "peer is no longer part of the cluster"));
        assertEquals(FenceEvent.State.SUCCEEDED, e.state());
        assertEquals("f-b", e.device());
        assertEquals("n1", e.executor());
        assertEquals(List.of("f-b reboot n2 @0.0"), scripted.log());
        assertEquals(Map.of("ip", "10.0.0.1"), scripted.calls.get(0).parameters(), "pcmk_* parameters are not passed");
        assertTrue(journal.contains("fence: reboot of n2 by f-b succeeded in 1.2 s"), journal.toString());
        assertEquals(List.of(e), f.history());
    }

    @Test
    void aDisabledDeviceOrOneBannedFromThisNodeIsNotUsed() throws Exception {
        FencingService f = fencer("primitive f-off stonith:fence_scripted params pcmk_host_list=n2"
                + " meta target-role=Stopped\n"
                + "primitive f-banned stonith:fence_scripted params pcmk_host_list=n2\n"
                + "location no-f-banned-here f-banned -INFINITY: n1\n"
                + "primitive f-ok stonith:fence_scripted params pcmk_host_list=n2\n");
        FenceEvent e = done(f.fence("n2", FenceAction.OFF, "n3", "stop failed"));
        assertEquals(FenceEvent.State.SUCCEEDED, e.state());
        assertEquals("f-ok", e.device());
        assertEquals(List.of("f-ok off n2 @0.0"), scripted.log());
    }

    @Test
    void topologyLevelsRunInIndexOrderAndAllDevicesOfALevelMustSucceed() throws Exception {
        FencingService f = fencer("primitive f-ipmi stonith:fence_scripted params pcmk_host_check=none\n"
                + "primitive f-pdu1 stonith:fence_scripted params pcmk_host_check=none\n"
                + "primitive f-pdu2 stonith:fence_scripted params pcmk_host_check=none\n"
                + "fencing_topology n2: f-ipmi f-pdu1,f-pdu2\n");
        scripted.then("f-ipmi", FenceAction.OFF, FenceResult.Status.FAILED, Duration.ofSeconds(1));
        FenceEvent e = done(f.fence("n2", FenceAction.OFF, "n3", "stop failed"));
        assertEquals(FenceEvent.State.SUCCEEDED, e.state());
        assertEquals("f-pdu1,f-pdu2", e.device());
        assertEquals(List.of("f-ipmi off n2 @0.0", "f-ipmi off n2 @1.0", "f-pdu1 off n2 @2.0", "f-pdu2 off n2 @2.0"),
                scripted.log(), "level 1 tried twice (pcmk_off_retries default 2), then level 2's devices");
    }

    @Test
    void aLevelStopsAtItsFirstFailingDeviceAndTheLastLevelsFailureIsReported() throws Exception {
        FencingService f = fencer("primitive f-pdu1 stonith:fence_scripted params pcmk_host_check=none "
                + "pcmk_off_retries=1\nprimitive f-pdu2 stonith:fence_scripted params pcmk_host_check=none\n"
                + "fencing_topology n2: f-pdu1,f-pdu2\n");
        scripted.then("f-pdu1", FenceAction.OFF, FenceResult.Status.FAILED, Duration.ZERO);
        FenceEvent e = done(f.fence("n2", FenceAction.OFF, "n3", ""));
        assertEquals(FenceEvent.State.FAILED, e.state());
        assertEquals(List.of("f-pdu1 off n2 @0.0"), scripted.log(), "f-pdu2 never runs once f-pdu1 failed");
        assertTrue(e.reason().contains("f-pdu1 off failed"), e.reason());
        assertTrue(journal.stream().anyMatch(l -> l.startsWith("fence: off of n2 failed after 0.0 s: ")), journal.toString());
    }

    @Test
    void rebootOnALevelOfSeveralDevicesIsAllOffThenAllOn() throws Exception {
        FencingService f = fencer("primitive f-pdu1 stonith:fence_scripted params pcmk_host_check=none\n"
                + "primitive f-pdu2 stonith:fence_scripted params pcmk_host_check=none\n"
                + "fencing_topology n2: f-pdu1,f-pdu2\n");
        FenceEvent e = done(f.fence("n2", FenceAction.REBOOT, "n3", ""));
        assertEquals(FenceEvent.State.SUCCEEDED, e.state());
        assertEquals(List.of("f-pdu1 off n2 @0.0", "f-pdu2 off n2 @0.0", "f-pdu1 on n2 @0.0", "f-pdu2 on n2 @0.0"),
                scripted.log());
    }

    @Test
    void withoutTopologyDevicesAreTriedByPriorityUntilOneSucceeds() throws Exception {
        FencingService f = fencer("primitive f-low stonith:fence_scripted params pcmk_host_list=n2 meta priority=1\n"
                + "primitive f-high stonith:fence_scripted params pcmk_host_list=n2 meta priority=10\n"
                + "primitive f-mid stonith:fence_scripted params pcmk_host_list=n2 pcmk_reboot_retries=1 priority=5\n");
        scripted.then("f-high", FenceAction.REBOOT, FenceResult.Status.TIMEOUT, Duration.ZERO)
                .then("f-mid", FenceAction.REBOOT, FenceResult.Status.FAILED, Duration.ZERO);
        FenceEvent e = done(f.fence("n2", FenceAction.REBOOT, "n3", ""));
        assertEquals("f-low", e.device());
        assertEquals(List.of("f-high reboot n2 @0.0", "f-mid reboot n2 @0.0", "f-low reboot n2 @0.0"), scripted.log(),
                "no retry after a timeout; pcmk_reboot_retries=1 allows one try");
    }

    @Test
    void delayIsBetweenBaseAndMaxAndComesBeforeTheAction() throws Exception {
        FencingService f = fencer("primitive f-a stonith:fence_scripted params pcmk_host_list=\"n2 n3\" "
                + "pcmk_delay_base=\"n2:2s;n3:0s\" pcmk_delay_max=5s\n");
        for (int i = 0; i < 20; i++) {
            done(f.fence("n2", FenceAction.OFF, "n3", ""));
        }
        assertEquals(20, sleeps.size());
        assertTrue(sleeps.stream().allMatch(d -> d.toMillis() >= 2000 && d.toMillis() <= 5000), sleeps.toString());
        assertTrue(sleeps.stream().distinct().count() > 5, "random within the range: " + sleeps);
        Duration first = sleeps.get(0);
        assertEquals(first.toMillis() / 1000.0, scripted.calls.get(0).at().toMillis() / 1000.0, "after the delay");
        sleeps.clear();
        done(f.fence("n2", FenceAction.ON, "n3", ""));
        assertEquals(List.of(), sleeps, "no delay before on");
    }

    @Test
    void aBaseDelayAloneIsExact() {
        DeviceSettings d = DeviceSettings.of(new ConfigReader("t").read(
                "primitive f stonith:fence_scripted params pcmk_delay_base=3s\n")).get(0);
        assertEquals(Duration.ofSeconds(3), d.delay(FenceAction.REBOOT, "n2", new Random()));
        assertEquals(Duration.ZERO, d.delay(FenceAction.STATUS, "n2", new Random()));
    }

    @Test
    void retriesStayWithinTheTimeoutAndNotAfterSeventyPercentOfIt() throws Exception {
        FencingService f = fencer("property stonith-timeout=10s\n"
                + "primitive f-a stonith:fence_scripted params pcmk_host_list=n2 pcmk_off_retries=5\n");
        scripted.then("f-a", FenceAction.OFF, FenceResult.Status.FAILED, Duration.ofSeconds(3));
        FenceEvent e = done(f.fence("n2", FenceAction.OFF, "n3", ""));
        assertEquals(FenceEvent.State.FAILED, e.state());
        List<ScriptedFenceDevice.Call> calls = scripted.calls;
        assertEquals(3, calls.size(), "tries at 0, 3 and 6 s; at 9 s less than 30% of 10 s is left: " + scripted.log());
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(7), Duration.ofSeconds(4)),
                calls.stream().map(ScriptedFenceDevice.Call::timeout).collect(java.util.stream.Collectors.toList()),
                "each retry gets what is left of the timeout");
    }

    @Test
    void pcmkActionTimeoutAndRebootActionAreHonoured() throws Exception {
        FencingService f = fencer("primitive f-a stonith:fence_scripted params pcmk_host_map=\"n2:port-7\" "
                + "pcmk_reboot_action=off pcmk_reboot_timeout=42s\n");
        done(f.fence("n2", FenceAction.REBOOT, "n3", ""));
        ScriptedFenceDevice.Call c = scripted.calls.get(0);
        assertEquals("off", c.agentAction());
        assertEquals("port-7", c.port());
        assertEquals(Duration.ofSeconds(42), c.timeout());
    }

    @Test
    void aRequestForATargetInProgressJoinsIt() throws Exception {
        threads = Executors.newCachedThreadPool();
        CountDownLatch entered = new CountDownLatch(1), release = new CountDownLatch(1);
        scripted.hook = r -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        };
        FencingService f = fencer("primitive f-a stonith:fence_scripted params pcmk_host_list=n2\n",
                type -> scripted, threads);
        CompletableFuture<FenceEvent> first = f.fence("n2", FenceAction.REBOOT, "n3", "lost");
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        CompletableFuture<FenceEvent> second = f.fence("n2", FenceAction.REBOOT, "operator", "by hand");
        assertSame(first, second);
        assertEquals(FenceEvent.State.PENDING, f.history().get(0).state());
        release.countDown();
        assertEquals(FenceEvent.State.SUCCEEDED, done(second).state());
        assertEquals(1, scripted.calls.size(), "one operation for both requests");
        assertEquals(1, f.history().size());
        assertTrue(journal.stream().anyMatch(l -> l.contains("joins the one in progress")), journal.toString());
    }

    @Test
    void theFencerRefusesToFenceItsOwnNode() throws Exception {
        FencingService f = fencer("primitive f-a stonith:fence_scripted params pcmk_host_check=none\n");
        FenceEvent e = done(f.fence("n1", FenceAction.REBOOT, "n3", ""));
        assertEquals(FenceEvent.State.FAILED, e.state());
        assertTrue(e.reason().startsWith("cannot fence itself"), e.reason());
        assertEquals(List.of(), scripted.calls);
    }

    @Test
    void watchdogFencingSucceedsOnceItsTimeoutPassedSinceTheRequest() throws Exception {
        FencingService f = fencer("property stonith-watchdog-timeout=10s\n"
                + "primitive f-a stonith:fence_scripted params pcmk_host_list=n3\n");
        FenceEvent e = done(f.fence("n2", FenceAction.REBOOT, "n3", "lost"));
        assertEquals(FenceEvent.State.SUCCEEDED, e.state());
        assertEquals("watchdog", e.device());
        assertEquals(Duration.ofSeconds(10), Duration.between(e.requested(), e.completed()));
        assertTrue(journal.contains("fence: reboot of n2 by watchdog succeeded in 10.0 s"), journal.toString());
    }

    @Test
    void watchdogFencingNeverFencesAMemberOfTheViewByWaiting() throws Exception {
        FencingService f = fencer("property stonith-watchdog-timeout=10s\n"
                + "primitive f-a stonith:fence_scripted params pcmk_host_list=n3\n");
        f.memberCheck(n -> n.equals("n2")); // n2 is still in the view: it holds its lease, feeds its watchdog
        FenceEvent e = done(f.fence("n2", FenceAction.REBOOT, "n3", "stop of web failed"));
        assertEquals(FenceEvent.State.FAILED, e.state());
        assertTrue(e.reason().contains("still a member of the view"), e.reason());
    }

    @Test
    void withNeitherDeviceNorWatchdogTheFenceFails() throws Exception {
        FencingService f = fencer("primitive f-a stonith:fence_scripted params pcmk_host_list=n3\n");
        FenceEvent e = done(f.fence("n2", FenceAction.OFF, "n3", ""));
        assertEquals(FenceEvent.State.FAILED, e.state());
        assertTrue(e.reason().startsWith("no fence device can fence n2"), e.reason());
    }

    @Test
    void dynamicListAndStatusHostChecksAskTheDevice() throws Exception {
        ScriptedFenceDevice listing = new ScriptedFenceDevice(clock, EPOCH, EnumSet.allOf(FenceAction.class));
        listing.listing("f-list", List.of("port-2", "port-9"));
        listing.then("f-status", FenceAction.STATUS, FenceResult.Status.FAILED, Duration.ZERO);
        FencingService f = fencer("primitive f-status stonith:fence_scripted params pcmk_host_check=status\n"
                + "primitive f-list stonith:fence_scripted params pcmk_host_map=\"n2:port-2\" "
                + "pcmk_host_check=dynamic-list\n", type -> listing, Runnable::run);
        FenceEvent e = done(f.fence("n2", FenceAction.OFF, "n3", ""));
        assertEquals("f-list", e.device());
        assertEquals(List.of("f-status status n2 @0.0", "f-list list @0.0", "f-list off n2 @0.0"), listing.log());
        FenceEvent none = done(f.fence("n3", FenceAction.OFF, "n2", ""));
        assertEquals(FenceEvent.State.FAILED, none.state());
        assertTrue(none.reason().contains("n3 is not in its list [port-2, port-9]"), none.reason());
    }

    @Test
    void devicesReportTargetsAndAvailability() {
        FencingService f = fencer("primitive f-a stonith:fence_scripted params pcmk_host_list=\"n2 n3\"\n"
                + "primitive f-b stonith:fence_missing params pcmk_host_map=\"n1:p1\"\n"
                + "primitive f-c stonith:fence_scripted params pcmk_host_check=none\n");
        scripted.then("f-c", FenceAction.MONITOR, FenceResult.Status.FAILED, Duration.ZERO);
        f.monitorDevices();
        List<FenceDeviceState> states = f.devices();
        assertEquals(List.of("f-a fence_scripted [n2, n3] true ", "f-b fence_missing [n1] false type fence_missing is not installed",
                "f-c fence_scripted [n1, n2, n3] false monitor failed: FAILED (scripted FAILED)"),
                states.stream().map(s -> s.id() + " " + s.type() + " " + s.targets() + " " + s.available() + " "
                        + s.problem()).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void aDeviceThatThrowsIsAFailureNotACrash() throws Exception {
        scripted.hook = r -> {
            throw new IllegalStateException("boom");
        };
        FencingService f = fencer("primitive f-a stonith:fence_scripted params pcmk_host_list=n2\n");
        FenceEvent e = done(f.fence("n2", FenceAction.OFF, "n3", ""));
        assertEquals(FenceEvent.State.FAILED, e.state());
        assertTrue(e.reason().contains("boom"), e.reason());
        assertFalse(f.history().isEmpty());
    }

    @Test
    void aRequestedDelayIsWaitedOnceBeforeTheFirstDeviceActs() throws Exception {
        FencingService f = fencer("primitive f-a stonith:fence_scripted params pcmk_host_list=n2 pcmk_off_retries=1\n"
                + "primitive f-b stonith:fence_scripted params pcmk_host_list=n2\n");
        scripted.then("f-a", FenceAction.OFF, FenceResult.Status.FAILED, Duration.ZERO);
        FenceEvent e = done(f.fence("n2", FenceAction.OFF, "n3", "", Duration.ofSeconds(15)));
        assertEquals("f-b", e.device());
        assertEquals(List.of(Duration.ofSeconds(15)), sleeps);
        assertEquals(List.of("f-a off n2 @15.0", "f-b off n2 @15.0"), scripted.log());
    }

    @Test
    void unfencingTurnsTheNodeOnThroughEveryCapableDeviceAndMayTargetThisNode() throws Exception {
        FencingService f = fencer("primitive f-scsi stonith:fence_scripted params pcmk_host_list=\"n1 n2\"\n"
                + "primitive f-mpath stonith:fence_scripted params pcmk_host_list=\"n1 n2\"\n"
                + "primitive f-other stonith:fence_scripted params pcmk_host_list=n3\n");
        FenceEvent e = done(f.fence("n1", FenceAction.ON, "n1", "unfencing"));
        assertEquals(FenceEvent.State.SUCCEEDED, e.state(), e.toString());
        assertEquals("f-scsi,f-mpath", e.device());
        assertEquals(List.of("f-scsi on n1 @0.0", "f-mpath on n1 @0.0"), scripted.log());
    }

    @Test
    void historyKeepsTheLatestFiveHundredOperations() throws Exception {
        FencingService f = fencer("primitive f-a stonith:fence_scripted params pcmk_host_list=n2\n");
        for (int i = 0; i < FencingService.HISTORY_LIMIT + 3; i++) {
            done(f.fence("n2", FenceAction.OFF, "n3", "round " + i));
        }
        List<FenceEvent> h = f.history();
        assertEquals(FencingService.HISTORY_LIMIT, h.size());
        assertEquals("round 3", h.get(0).reason(), "the oldest were dropped");
        assertEquals("round " + (FencingService.HISTORY_LIMIT + 2), h.get(h.size() - 1).reason());
    }
}
