package dev.vigil.model;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pacemaker-style durations: {@code 500ms}, {@code 10s}, {@code 2min}, {@code 1h}; a bare number is seconds;
 * and ISO 8601 durations ({@code PT1M}, {@code P10S}, {@code P1DT2H}) as Pacemaker reads them.
 */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|msec|s|sec|m|min|h|hr)?");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text.trim().startsWith("P")) {
            return parseIso(text.trim());
        }
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

    /**
     * An ISO 8601 duration {@code P[nY][nM][nW][nD][T[nH][nM][nS]]}. As Pacemaker: the units may
     * come in any order, {@code T} only tells minutes from months, a year counts 365 days and a
     * month 30, and each number is a whole one.
     */
    private static Duration parseIso(String text) {
        long seconds = 0;
        boolean time = false, any = false;
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == 'T') {
                time = true;
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (start == i || i == text.length()) {
                throw new IllegalArgumentException("not an ISO 8601 duration: '" + text
                        + "' (each amount is a whole number followed by Y, M, W, D, H or S)");
            }
            long n = Long.parseLong(text.substring(start, i));
            switch (text.charAt(i)) {
                case 'Y':
                    seconds += n * 365 * 86_400;
                    break;
                case 'M':
                    seconds += time ? n * 60 : n * 30 * 86_400;
                    break;
                case 'W':
                    seconds += n * 7 * 86_400;
                    break;
                case 'D':
                    seconds += n * 86_400;
                    break;
                case 'H':
                    seconds += n * 3_600;
                    break;
                case 'S':
                    seconds += n;
                    break;
                default:
                    throw new IllegalArgumentException("not an ISO 8601 duration: '" + text + "' ('" + text.charAt(i)
                            + "' is not a unit: Y, M, W, D, H or S)");
            }
            i++;
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("not an ISO 8601 duration: '" + text + "' (no amount given)");
        }
        return Duration.ofSeconds(seconds);
    }

    /** The shortest exact form: {@code 500ms}, {@code 10s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
