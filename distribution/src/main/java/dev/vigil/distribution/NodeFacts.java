package dev.vigil.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Facts about a running node for the demo and benchmarks: memory, and when it joined the view. */
final class NodeFacts {
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private NodeFacts() {
    }

    /** Resident set size from /proc, e.g. "71.2 MB", or "?" where /proc cannot tell. */
    static String rssMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not on Linux, or the process is gone
        }
        return "?";
    }

    /**
     * Time from launch to the first agreed, full, quorate view in the node's log, e.g. "1.234 s";
     * "?" when the log shows none.
     */
    static String joinedAfter(Path home, Instant launched) {
        try {
            List<String> lines = Files.readAllLines(home.resolve("var/log/vigil.log"));
            for (String line : lines) {
                if (line.contains("MembershipEngine") && line.contains(" quorate ") && !line.contains("settling")
                        && line.length() > 23) {
                    LocalDateTime t = LocalDateTime.parse(line.substring(0, 23), LOG_TIME);
                    Instant at = t.atZone(ZoneId.systemDefault()).toInstant();
                    return String.format(Locale.ROOT, "%.3f s", Duration.between(launched, at).toMillis() / 1000.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no log yet
        }
        return "?";
    }
}
