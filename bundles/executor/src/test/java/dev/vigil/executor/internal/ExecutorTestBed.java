package dev.vigil.executor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.vigil.agent.AgentContext;
import dev.vigil.agent.ResourceAgent;

/** What every executor test needs: node n1's agent context and state directory, worker and scheduler threads. */
final class ExecutorTestBed implements AutoCloseable {
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService workers = Executors.newCachedThreadPool();
    final Path dir;
    private final List<ResourceExecutor> executors = new ArrayList<>();

    ExecutorTestBed() {
        try {
            dir = Files.createTempDirectory("vigil-executor-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    AgentContext context() {
        return new AgentContext() {
            @Override
            public String nodeName() {
                return "n1";
            }

            @Override
            public Path stateDirectory() {
                return dir;
            }
        };
    }

    ResourceExecutor executor(Function<String, ResourceAgent> agents, ResourceExecutor.Listener listener) {
        return track(new ResourceExecutor("n1", context(), agents, scheduler, workers, Clock.systemUTC(), listener));
    }

    ResourceExecutor executor(Function<String, ResourceAgent> agents, Clock clock, ResourceExecutor.Listener listener,
            Duration timeoutGrace, Duration agentStartupWait) {
        return track(new ResourceExecutor("n1", context(), agents, scheduler, workers, clock, listener, timeoutGrace,
                agentStartupWait));
    }

    private ResourceExecutor track(ResourceExecutor e) {
        executors.add(e);
        return e;
    }

    @Override
    public void close() {
        executors.forEach(ResourceExecutor::shutdown);
        scheduler.shutdownNow();
        workers.shutdownNow();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
