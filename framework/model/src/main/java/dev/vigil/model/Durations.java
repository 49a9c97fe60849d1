package dev.vigil.model;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pacemaker-style durations: {@code 500ms}, {@code 10s}, {@code 2min}, {@code 1h}; a bare number is seconds. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|msec|s|sec|m|min|h|hr)?");

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 10s, 2min)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit) {
            case "ms": case "msec":
                return Duration.ofMillis(n);
            case "m": case "min":
                return Duration.ofMinutes(n);
            case "h": case "hr":
                return Duration.ofHours(n);
            default:
                return Duration.ofSeconds(n);
        }
    }

    /** The shortest exact form: {@code 500ms}, {@code 10s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
