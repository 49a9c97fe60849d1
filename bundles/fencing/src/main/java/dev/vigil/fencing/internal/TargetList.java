package dev.vigil.fencing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Target names from {@code pcmk_host_list} or from a device's {@code list} output, read as
 * Pacemaker reads them: names separated by whitespace, commas or semicolons, one or more per
 * line; lines that mention "invalid" or "variable" are skipped, as are the words on and off; a
 * name ends at the first character that is not a letter, digit, '_', '-' or '.'.
 */
final class TargetList {
    private TargetList() {
    }

    static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.replace("\\n", "\n").split("\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.contains("invalid") || lower.contains("variable")) {
                continue;
            }
            for (String word : line.split("[\\s,;]+")) {
                String name = word.replaceFirst("[^A-Za-z0-9_.\\-].*$", "");
                if (!name.isEmpty() && !name.equalsIgnoreCase("on") && !name.equalsIgnoreCase("off")
                        && !out.contains(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}
