package dev.vigil.membership.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * This node's incarnation number: higher at every start, so that peers tell a restarted
 * process from frames of the old one. Kept in a file and bumped at every start; the wall clock
 * in milliseconds is only a floor (for a node whose state directory was wiped), so a clock
 * stepped back never makes a restarted node look older than it was.
 */
final class Incarnations {
    private Incarnations() {
    }

    static long next(Path file) {
        try {
            long last = 0;
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8).trim();
                try {
                    last = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(file + " does not hold an incarnation number: '" + text
                            + "'; remove it to start over", e);
                }
            }
            long next = Math.max(last + 1, System.currentTimeMillis());
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, next + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return next;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the incarnation number in " + file, e);
        }
    }
}
