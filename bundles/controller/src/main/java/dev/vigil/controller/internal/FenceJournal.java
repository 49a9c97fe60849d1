package dev.vigil.controller.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.fence.FenceEvent;

/**
 * Appends every fence this node's controller asked for to {@code var/fence.log} once it ended,
 * one line each, written at once so that it survives the process being killed:
 * {@code requestedMillis completedMillis target action state origin executor device reason}
 * ({@code -} for an empty field).
 */
final class FenceJournal implements Consumer<FenceEvent> {
    private static final Logger LOG = Logger.getLogger(FenceJournal.class.getName());
    private final Path file;

    FenceJournal(Path file) {
        this.file = file;
    }

    @Override
    public void accept(FenceEvent e) {
        String line = e.requested().toEpochMilli() + " " + (e.completed() == null ? "-" : e.completed().toEpochMilli())
                + " " + e.target() + " " + e.action().agentName() + " " + e.state().name().toLowerCase(Locale.ROOT)
                + " " + field(e.origin()) + " " + field(e.executor()) + " " + field(e.device()) + " "
                + e.reason().replace('\n', ' ') + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException ex) {
            LOG.log(Level.WARNING, "cannot write the fence journal " + file, ex);
        }
    }

    private static String field(String s) {
        return s.isEmpty() ? "-" : s.replace(' ', '_');
    }
}
