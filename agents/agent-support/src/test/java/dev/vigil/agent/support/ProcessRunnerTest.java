package dev.vigil.agent.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
    private final ProcessRunner runner = new ProcessRunner();

    @TempDir
    Path dir;

    @Test
    void returnsExitCodeAndOutputWithTheGivenEnvironment() throws Exception {
        ProcessResult r = runner.run(List.of("sh", "-c", "echo out $GREETING; echo err >&2; exit 7"),
                Map.of("GREETING", "hello"), Duration.ofSeconds(10), dir);
        assertFalse(r.timedOut());
        assertEquals(7, r.exitCode());
        assertEquals("out hello\n", r.stdout());
        assertEquals("err\n", r.stderr());
    }

    @Test
    void aTimeoutKillsTheWholeProcessGroupChildrenIncluded() throws Exception {
        Path childPid = dir.resolve("child.pid");
        long start = System.nanoTime();
        ProcessResult r = runner.run(List.of("sh", "-c", "sleep 300 & echo $! > " + childPid + "; sleep 300"),
                Map.of(), Duration.ofMillis(500), dir);
        assertTrue(r.timedOut());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "did not wait for the sleep");
        long pid = Long.parseLong(Files.readString(childPid).trim());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "the background child " + pid + " was killed with its group");
    }

    @Test
    void floodsOfOutputAreBounded() throws Exception {
        ProcessResult r = runner.run(List.of("sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' x"), Map.of(),
                Duration.ofSeconds(20), dir);
        assertTrue(r.stdout().length() < ProcessRunner.OUTPUT_LIMIT + 100, "bounded");
        assertTrue(r.stdout().endsWith("more bytes dropped]"), "says it dropped some");
    }

    @Test
    void aMissingProgramIsAnError() {
        IOException e = assertThrows(IOException.class, () -> runner.run(List.of(dir.resolve("nope").toString()),
                Map.of(), Duration.ofSeconds(5), dir));
        assertTrue(e.getMessage().contains("nope") || e.getMessage().contains("No such file"), e.getMessage());
    }
}
