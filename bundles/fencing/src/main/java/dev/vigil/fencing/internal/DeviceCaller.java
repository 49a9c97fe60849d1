package dev.vigil.fencing.internal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.vigil.fence.FenceDevice;
import dev.vigil.fence.FenceRequest;
import dev.vigil.fence.FenceResult;

/** How the fencer calls a device type; whatever the device does, the answer is a result, never an exception. */
interface DeviceCaller {
    /** How much longer than its request's timeout a device may take before the fencer stops waiting. */
    Duration GRACE = Duration.ofSeconds(10);

    FenceResult call(FenceDevice device, FenceRequest request);

    /** In the calling thread: for tests whose devices keep time themselves. */
    static DeviceCaller direct() {
        return DeviceCaller::safely;
    }

    /**
     * On a thread of the pool, waiting at most the request's timeout plus {@link #GRACE}: a
     * device that ignores its timeout is interrupted (the exec bridge then kills its process
     * group) and the call is a TIMEOUT, so an operation can never hang on a device.
     */
    static DeviceCaller guarded(ExecutorService pool) {
        return guarded(pool, GRACE);
    }

    static DeviceCaller guarded(ExecutorService pool, Duration grace) {
        return (device, request) -> {
            Future<FenceResult> f = pool.submit(() -> safely(device, request));
            try {
                return f.get(request.timeout().plus(grace).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                return FenceResult.of(FenceResult.Status.TIMEOUT, request.device() + " " + request.agentAction()
                        + " ignored its timeout of " + request.timeout().toMillis() + " ms; abandoned");
            } catch (ExecutionException e) {
                return FenceResult.of(FenceResult.Status.ERROR, request.device() + " failed: " + e.getCause());
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                return FenceResult.of(FenceResult.Status.ERROR, request.device() + " " + request.agentAction()
                        + " interrupted");
            }
        };
    }

    private static FenceResult safely(FenceDevice device, FenceRequest request) {
        try {
            FenceResult r = device.execute(request);
            return r == null ? FenceResult.of(FenceResult.Status.ERROR, request.device() + " returned no result") : r;
        } catch (RuntimeException e) {
            return FenceResult.of(FenceResult.Status.ERROR, request.device() + " threw " + e);
        }
    }
}
