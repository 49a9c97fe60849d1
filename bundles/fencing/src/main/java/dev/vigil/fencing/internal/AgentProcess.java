package dev.vigil.fencing.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a fence agent with its parameters on stdin and a deadline. The agent runs in a session
 * and process group of its own ({@code setsid}), so that at the deadline, or when the caller is
 * interrupted, the whole group is killed with SIGKILL: a child the agent forked (an ssh, an
 * ipmitool) does not outlive it. The approach is agent-support's {@code ProcessRunner}, copied
 * here because bundles do not depend on agent libraries and because fence agents need stdin.
 */
final class AgentProcess {
    static final int OUTPUT_LIMIT = 1 << 20;
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /** How the process ended; {@code exitCode} is meaningless when it timed out. */
    record Outcome(int exitCode, String stdout, String stderr, boolean timedOut) {
    }

    private AgentProcess() {
    }

    /**
     * @throws IOException when the program cannot be started at all (missing, not executable)
     * @throws InterruptedException when the caller was interrupted; the process group is killed first
     */
    static Outcome run(List<String> command, String stdin, Duration timeout) throws IOException, InterruptedException {
        Path program = Path.of(command.get(0));
        if (!Files.isExecutable(program)) {
            throw new IOException("cannot run " + program + ": " + (Files.exists(program) ? "not executable"
                    : "no such file"));
        }
        List<String> line = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            line.add(SETSID.toString());
        }
        line.addAll(command);
        Process p = new ProcessBuilder(line).start();
        Pump out = new Pump(p.getInputStream()), err = new Pump(p.getErrorStream());
        out.start();
        err.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the agent closed stdin early (it exited or does not read it): its exit says the rest
        }
        boolean ended;
        try {
            ended = p.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killGroup(p);
            throw e;
        }
        if (!ended) {
            killGroup(p);
            p.waitFor(5, TimeUnit.SECONDS);
        }
        out.join(2000);
        err.join(2000);
        return new Outcome(ended ? p.exitValue() : -1, out.text(), err.text(), !ended);
    }

    /** SIGKILL to the process group the agent leads, then to any descendant Java can still see. */
    static void killGroup(Process p) {
        long pid = p.pid();
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): fall back to the descendants Java can see
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Reads a stream to its end on a thread of its own, keeping the first {@value #OUTPUT_LIMIT} bytes. */
    private static final class Pump extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Pump(InputStream in) {
            super("vigil-fence-agent-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0;) {
                    synchronized (kept) {
                        kept.write(buf, 0, Math.max(0, Math.min(n, OUTPUT_LIMIT - kept.size())));
                    }
                }
            } catch (IOException e) {
                // the process is gone; keep what was read
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
