package dev.vigil.simulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything that happened in one simulated run, on the fake clock: the faults, the agents'
 * effects, and every log line of the product code (tagged with the node whose work was running).
 * Two runs of the same seed give the same trace, line for line ({@link #fingerprint()}).
 */
final class Trace implements AutoCloseable {
    private static final Logger VIGIL = Logger.getLogger("dev.vigil");

    private final Clock clock;
    private final Instant start;
    private final List<String> lines = new ArrayList<>();
    private final Handler handler;
    private final Level levelBefore;
    private final boolean parentsBefore;
    private long fingerprint = 1125899906842597L;
    /** The node whose work runs now ("-" for the simulation itself). */
    private String current = "-";

    Trace(Clock clock) {
        this.clock = clock;
        this.start = clock.instant();
        SimpleFormatter format = new SimpleFormatter();
        this.handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String msg = format.formatMessage(r);
                if (r.getThrown() != null) {
                    msg += " [" + r.getThrown() + "]";
                }
                String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
                add(current, r.getLevel() + " " + logger.substring(logger.lastIndexOf('.') + 1) + ": " + msg);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        levelBefore = VIGIL.getLevel();
        parentsBefore = VIGIL.getUseParentHandlers();
        VIGIL.setLevel(Level.INFO);
        VIGIL.setUseParentHandlers(false);
        VIGIL.addHandler(handler);
    }

    /** Says whose work runs from now on (log lines are tagged with it). */
    void in(String node) {
        current = node;
    }

    /** An event of the simulation itself (a fault, an agent's effect, an audit). */
    void event(String who, String what) {
        add(who, ">> " + what);
    }

    private void add(String who, String what) {
        long ms = Duration.between(start, clock.instant()).toMillis();
        String line = String.format(Locale.ROOT, "%8.3f %-3s %s", ms / 1000.0, who, what);
        lines.add(line);
        fingerprint = 31 * fingerprint + line.hashCode();
    }

    long fingerprint() {
        return fingerprint;
    }

    int size() {
        return lines.size();
    }

    /** The last {@code n} lines, one per line. */
    String tail(int n) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** The simulation's own events (faults, agents, audits) only, the last {@code n}. */
    String events(int n) {
        List<String> ev = lines.stream().filter(l -> l.contains(" >> ")).toList();
        return String.join("\n", ev.subList(Math.max(0, ev.size() - n), ev.size()));
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the trace to " + file, e);
        }
    }

    @Override
    public void close() {
        VIGIL.removeHandler(handler);
        VIGIL.setLevel(levelBefore);
        VIGIL.setUseParentHandlers(parentsBefore);
    }
}
