package dev.vigil.agent.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs a command with a deadline, on Apache Commons Exec. The command runs in a process group
 * of its own ({@code setsid}), so that on timeout, or when the calling thread is interrupted,
 * the whole group is killed: an agent's children (a shell pipeline, a daemon it forked) do not
 * outlive its deadline. Output is captured up to {@value #OUTPUT_LIMIT} bytes per stream.
 */
public final class ProcessRunner {
    static final int OUTPUT_LIMIT = 1 << 20;
    private static final String SETSID = "/usr/bin/setsid";

    /**
     * @param env added to (and overriding) this process's environment
     * @param workingDirectory where to run, or null for the current directory
     */
    public ProcessResult run(List<String> command, Map<String, String> env, Duration timeout, Path workingDirectory)
            throws IOException, InterruptedException {
        String program = command.get(0);
        if (program.contains("/") && !Files.isExecutable(Path.of(program))) {
            throw new IOException("cannot run " + program + ": " + (Files.exists(Path.of(program))
                    ? "not executable" : "no such file"));
        }
        CommandLine line = new CommandLine(Files.isExecutable(Path.of(SETSID)) ? SETSID : command.get(0));
        for (String arg : Files.isExecutable(Path.of(SETSID)) ? command : command.subList(1, command.size())) {
            line.addArgument(arg, false);
        }
        BoundedOutput out = new BoundedOutput(), err = new BoundedOutput();
        AtomicReference<Process> started = new AtomicReference<>();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(new PumpStreamHandler(out, err));
        executor.setExitValues(null); // every exit code is an answer, not an exception
        executor.setWatchdog(new ExecuteWatchdog(ExecuteWatchdog.INFINITE_TIMEOUT) {
            @Override
            public synchronized void start(Process process) {
                started.set(process);
                super.start(process);
            }
        });
        if (workingDirectory != null) {
            executor.setWorkingDirectory(workingDirectory.toFile());
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(env);
        DefaultExecuteResultHandler done = new DefaultExecuteResultHandler();
        executor.execute(line, environment, done);
        try {
            done.waitFor(timeout);
        } catch (InterruptedException e) {
            killGroup(started.get());
            throw e;
        }
        if (!done.hasResult()) {
            killGroup(started.get());
            done.waitFor(Duration.ofSeconds(5));
            return ProcessResult.of(-1, out.text(), err.text(), true);
        }
        if (done.getException() != null && done.getExitValue() == org.apache.commons.exec.Executor.INVALID_EXITVALUE) {
            throw new IOException("cannot run " + command.get(0) + ": " + done.getException().getMessage(),
                    done.getException());
        }
        return ProcessResult.of(done.getExitValue(), out.text(), err.text(), false);
    }

    /**
     * Runs a command to its end, for callers to whom a command that could not run, timed out
     * (its group killed) or was interrupted are all the same: no answer.
     */
    public java.util.Optional<ProcessResult> finish(List<String> command, Duration timeout, Path workingDirectory) {
        try {
            ProcessResult r = run(command, Map.of(), timeout, workingDirectory);
            return r.timedOut() ? java.util.Optional.empty() : java.util.Optional.of(r);
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    /** Kills the process group led by the process, then anything left among its descendants. */
    static void killGroup(Process p) {
        if (p == null) {
            return;
        }
        long pid = p.pid();
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // no kill(1): fall back to the descendants Java can see
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Keeps the first {@value #OUTPUT_LIMIT} bytes; the rest is counted but dropped. */
    private static final class BoundedOutput extends OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long dropped;

        @Override
        public synchronized void write(int b) {
            if (kept.size() < OUTPUT_LIMIT) {
                kept.write(b);
            } else {
                dropped++;
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.max(0, OUTPUT_LIMIT - kept.size());
            kept.write(b, off, Math.min(room, len));
            dropped += Math.max(0, len - room);
        }

        synchronized String text() {
            String s = kept.toString(StandardCharsets.UTF_8);
            return dropped == 0 ? s : s + "\n[" + dropped + " more bytes dropped]";
        }
    }
}
