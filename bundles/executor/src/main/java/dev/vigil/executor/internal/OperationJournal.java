package dev.vigil.executor.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.cluster.OperationRecord;

/**
 * Appends every completed operation to a file, one line each, flushed at once so that the
 * record survives the process being killed:
 * {@code startedMillis finishedMillis node resource action intervalMillis execStatus rc reason}.
 * A request the executor refused (not from the DC it follows, no lease, shutting down) has
 * {@code REFUSED} as its status and the refusal as its reason.
 */
final class OperationJournal implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OperationJournal.class.getName());
    private final Writer out;

    OperationJournal(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    synchronized void append(OperationRecord r) {
        try {
            out.write(r.started().toEpochMilli() + " " + r.finished().toEpochMilli() + " " + r.node() + " "
                    + r.resource() + " " + r.action().ocfName() + " " + r.interval().toMillis() + " "
                    + (r.isRefused() ? "REFUSED" : r.execStatus()) + " " + r.ocfStatus().code() + " "
                    + r.reason().replace('\n', ' ') + "\n");
            out.flush();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write the operation journal", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
