package dev.vigil.executor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.ResourceAgent;

/**
 * A test agent that keeps each resource's running state, records every call in order
 * ("start web"), can hold any call on a latch, and counts how many calls overlap.
 */
class ScriptedAgent implements ResourceAgent {
    final Set<String> running = ConcurrentHashMap.newKeySet();
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    final BlockingQueue<String> began = new LinkedBlockingQueue<>();
    /** Calls that began held on their latch. */
    final BlockingQueue<String> held = new LinkedBlockingQueue<>();
    final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    /** Calls that ignore interrupts while held (a hung agent). */
    final Set<String> deaf = ConcurrentHashMap.newKeySet();
    final BlockingQueue<String> interrupted = new LinkedBlockingQueue<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    /** The last request of each call ("stop fs"), with its timeout and parameters. */
    final Map<String, AgentRequest> lastRequests = new ConcurrentHashMap<>();

    /** Holds the call ("stop web") until the returned latch is released. */
    CountDownLatch hold(String call) {
        CountDownLatch l = new CountDownLatch(1);
        holds.put(call, l);
        return l;
    }

    /** Waits until the call has begun; fails after 5 s. */
    void awaitBegan(String call) throws InterruptedException {
        await(began, call);
    }

    /** Waits until a call is held on its latch (one that began after {@link #hold}); fails after 5 s. */
    void awaitHeld(String call) throws InterruptedException {
        await(held, call);
    }

    private void await(BlockingQueue<String> events, String call) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            String c = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (c == null) {
                throw new AssertionError(call + " did not begin; calls " + calls);
            }
            if (c.equals(call)) {
                return;
            }
        }
    }

    private AgentResult call(String action, AgentRequest r, Runnable effect, AgentResult result) {
        String key = action + " " + r.resourceId();
        calls.add(key);
        lastRequests.put(key, r);
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        began.add(key);
        try {
            CountDownLatch l = holds.get(key);
            if (l != null) {
                held.add(key);
                boolean wasInterrupted = false;
                while (true) {
                    try {
                        l.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted.add(key);
                        if (!deaf.contains(key)) {
                            Thread.currentThread().interrupt();
                            return AgentResult.of(dev.vigil.agent.OcfStatus.ERR_GENERIC, "interrupted");
                        }
                        wasInterrupted = true;
                    }
                }
                if (wasInterrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            effect.run();
            return result;
        } finally {
            concurrent.decrementAndGet();
        }
    }

    @Override
    public AgentMetadata metadata() {
        return AgentMetadata.of("scripted", "1", "", List.of(), List.of());
    }

    @Override
    public AgentResult validate(AgentRequest r) {
        return AgentResult.ok();
    }

    @Override
    public AgentResult start(AgentRequest r) {
        return call("start", r, () -> running.add(r.resourceId()), AgentResult.ok());
    }

    @Override
    public AgentResult stop(AgentRequest r) {
        return call("stop", r, () -> running.remove(r.resourceId()), AgentResult.ok());
    }

    @Override
    public AgentResult monitor(AgentRequest r) {
        return call("monitor", r, () -> { },
                running.contains(r.resourceId()) ? AgentResult.ok() : AgentResult.notRunning());
    }

    @Override
    public AgentResult promote(AgentRequest r) {
        return call("promote", r, () -> { }, AgentResult.ok());
    }

    @Override
    public AgentResult notify(AgentRequest r) {
        return call("notify", r, () -> { }, AgentResult.ok());
    }
}
