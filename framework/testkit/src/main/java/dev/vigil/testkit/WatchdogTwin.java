package dev.vigil.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test twin of a machine's watchdog: a small supervisor process outside the node's JVM that
 * the node feeds through a FIFO (configured as its {@code watchdog.device}). The first feed arms
 * it (as opening {@code /dev/watchdog} does); armed and unfed for its timeout it "resets the machine": it kills every process of the node (the node's JVM and the
 * services its agents started, found by {@code VIGIL_HOME} in their environment) and runs a
 * reset command, e.g. taking the node's interfaces down.
 */
public final class WatchdogTwin implements AutoCloseable {
    private static final Pattern RESET = Pattern.compile("reset .* at (\\d+)");

    private final Process process;
    private final Path fifo;
    private final Path log;

    private WatchdogTwin(Process process, Path fifo, Path log) {
        this.process = process;
        this.fifo = fifo;
        this.log = log;
    }

    /**
     * Starts a twin for the node whose home is {@code nodeHome}; its FIFO is made at {@code fifo}.
     * The twin's own environment has no {@code VIGIL_HOME}, so it never kills itself.
     */
    public static WatchdogTwin start(Path fifo, Duration timeout, Path nodeHome, List<String> resetCommand)
            throws IOException, InterruptedException {
        Files.deleteIfExists(fifo);
        Process mk = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).inheritIO().start();
        if (mk.waitFor() != 0) {
            throw new IOException("mkfifo " + fifo + " failed");
        }
        Path script = fifo.resolveSibling(fifo.getFileName() + "-twin.sh"); // beside the FIFO, not in /tmp
        try (InputStream in = WatchdogTwin.class.getResourceAsStream("watchdog-twin.sh")) {
            Files.write(script, in.readAllBytes());
        }
        Path log = fifo.resolveSibling(fifo.getFileName() + ".log");
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), fifo.toString(),
                String.format(Locale.ROOT, "%.3f", timeout.toMillis() / 1000.0), nodeHome.toString()));
        cmd.addAll(resetCommand);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("VIGIL_HOME");
        WatchdogTwin twin = new WatchdogTwin(pb.start(), fifo, log);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!twin.output().contains("listening") && System.nanoTime() < end) {
            Thread.sleep(10); // the script's first line: the FIFO is open from now on
        }
        return twin;
    }

    public Path fifo() {
        return fifo;
    }

    /** What the twin printed so far. */
    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** When the twin reset the node (epoch ms), or -1 if it has not. */
    public long resetAtMillis() throws IOException {
        Matcher m = RESET.matcher(output());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Waits for the twin to end (after a reset or a disarm); true if it did in time. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
}
