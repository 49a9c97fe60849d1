package dev.vigil.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How fast a SIGKILLed node is noticed: N node processes on 127.0.0.1; one (chosen at random)
 * is killed; detection is the time from the kill to the first survivor's log line announcing a
 * view without it. Repeated R times (the victim restarted between runs).
 *
 * <pre>bin/vigil ... java -cp lib/vigil-distribution.jar dev.vigil.distribution.DetectionBenchmark
 *     NODES RUNS KEEPALIVE WARNTIME DEADTIME</pre>
 */
public final class DetectionBenchmark {
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private DetectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = Integer.parseInt(args[0]);
        int runs = Integer.parseInt(args[1]);
        LocalCluster.Timing timing = new LocalCluster.Timing(args[2], args[3], args[4], "10s");
        Path home = Path.of(System.getProperty("vigil.home", ".")).toAbsolutePath();
        List<Double> detections = new ArrayList<>();
        Random random = new Random(1);
        try (LocalCluster c = LocalCluster.create(home, Files.createTempDirectory("vigil-detect"), nodes, timing,
                "property no-quorum-policy=stop\n")) {
            // One at a time: dozens of JVMs booting at once on a small machine starve each
            // other's heartbeats, which would measure the boot storm, not detection.
            for (String n : c.nodes()) {
                c.start(n);
                if (!c.awaitShell(n, Duration.ofSeconds(60))) {
                    throw new IllegalStateException(n + " did not come up");
                }
            }
            awaitFullView(c, nodes);
            for (int run = 0; run < runs; run++) {
                String victim = c.nodes().get(random.nextInt(nodes));
                Instant killed = Instant.now();
                c.kill(victim);
                Instant seen = awaitViewWithout(c, victim, killed);
                double ms = Duration.between(killed, seen).toMillis();
                detections.add(ms);
                System.out.printf(Locale.ROOT, "run %d: %s killed, noticed after %.0f ms%n", run + 1, victim, ms);
                c.start(victim);
                c.awaitShell(victim, Duration.ofSeconds(60));
                awaitFullView(c, nodes);
            }
        }
        Collections.sort(detections);
        double median = detections.get(detections.size() / 2);
        double p99 = detections.get((int) Math.ceil(detections.size() * 0.99) - 1);
        System.out.printf(Locale.ROOT, "detection (%s): median %.0f ms, p99 %.0f ms, max %.0f ms, n=%d%n", timing,
                median, p99, detections.get(detections.size() - 1), detections.size());
    }

    private static void awaitFullView(LocalCluster c, int nodes) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < end) {
            boolean all = true;
            for (String n : c.nodes()) {
                String s = c.shell(n, "vigil:status").output;
                all &= s.contains(nodes + " of " + nodes + " nodes") && !s.contains("settling");
            }
            if (all) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no full view");
    }

    /** The earliest log line, on any survivor, after the kill, of a view that lacks the victim. */
    private static Instant awaitViewWithout(LocalCluster c, String victim, Instant after) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            Instant earliest = null;
            for (String n : c.nodes()) {
                if (n.equals(victim)) {
                    continue;
                }
                for (String line : Files.readAllLines(c.home(n).resolve("var/log/vigil.log"))) {
                    if (!line.contains("MembershipEngine") || !line.contains(": view ") || line.length() < 23) {
                        continue;
                    }
                    String members = line.substring(line.indexOf('[', 30), line.indexOf(']', 30) + 1);
                    Instant t = LocalDateTime.parse(line.substring(0, 23), LOG_TIME)
                            .atZone(ZoneId.systemDefault()).toInstant();
                    if (t.isAfter(after) && !members.matches(".*\\b" + victim + "\\b.*")
                            && (earliest == null || t.isBefore(earliest))) {
                        earliest = t;
                    }
                }
            }
            if (earliest != null) {
                return earliest;
            }
            Thread.sleep(50);
        }
        throw new IOException("no survivor noticed " + victim);
    }
}
