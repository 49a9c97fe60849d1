package dev.vigil.fencing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDevice;
import dev.vigil.fence.FenceDeviceMetadata;
import dev.vigil.fence.FenceRequest;
import dev.vigil.fence.FenceResult;

class DeviceCallerTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aDeviceThatIgnoresItsTimeoutIsAbandonedAndInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        FenceDevice stuck = new FenceDevice() {
            @Override
            public FenceDeviceMetadata metadata() {
                return FenceDeviceMetadata.of("stuck", "", List.of(), Set.of(FenceAction.OFF));
            }

            @Override
            public FenceResult execute(FenceRequest request) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return FenceResult.of(FenceResult.Status.OK, "too late");
            }
        };
        long start = System.nanoTime();
        FenceResult r = DeviceCaller.guarded(pool, Duration.ofMillis(200)).call(stuck,
                FenceRequest.of("f-stuck", FenceAction.OFF, "n2", "n2", Map.of(), Duration.ofMillis(300)));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(FenceResult.Status.TIMEOUT, r.status(), r.toString());
        assertTrue(ms >= 500 && ms < 5000, ms + " ms");
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the device's thread was interrupted");
    }

    @Test
    void anExceptionIsAnErrorResult() {
        FenceDevice throwing = new FenceDevice() {
            @Override
            public FenceDeviceMetadata metadata() {
                return FenceDeviceMetadata.of("t", "", List.of(), Set.of());
            }

            @Override
            public FenceResult execute(FenceRequest request) {
                throw new IllegalStateException("boom");
            }
        };
        FenceResult r = DeviceCaller.guarded(pool).call(throwing,
                FenceRequest.of("f-t", FenceAction.OFF, "n2", "n2", Map.of(), Duration.ofSeconds(1)));
        assertEquals(FenceResult.Status.ERROR, r.status());
        assertTrue(r.reason().contains("boom"), r.reason());
    }
}
