package dev.vigil.itests;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the fencers' journals ({@code var/fencing.log}: "epochMillis fence: ..."). */
final class FencingJournal {
    private static final Pattern SUCCEEDED = Pattern.compile("^(\\d+) fence: (reboot|off) of (\\S+) by \\S+ succeeded");

    private FencingJournal() {
    }

    /** When the first fence of {@code target} that powered it off succeeded. */
    static Optional<Instant> succeeded(List<String> lines, String target) {
        return lines.stream().map(SUCCEEDED::matcher).filter(Matcher::find).filter(m -> m.group(3).equals(target))
                .map(m -> Instant.ofEpochMilli(Long.parseLong(m.group(1)))).min(Instant::compareTo);
    }
}
