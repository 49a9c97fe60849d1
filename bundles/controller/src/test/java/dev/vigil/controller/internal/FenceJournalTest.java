package dev.vigil.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceEvent;

class FenceJournalTest {
    @TempDir
    Path home;

    @Test
    void appendsOneLineAFenceWithEveryField() throws Exception {
        Path file = home.resolve("var/fence.log");
        FenceJournal journal = new FenceJournal(file);
        Instant t = Instant.ofEpochMilli(1000);
        journal.accept(FenceEvent.of("1", "n3", FenceAction.REBOOT, "n1", "n2", "f1", FenceEvent.State.SUCCEEDED, t,
                t.plusMillis(2500), "peer is no longer part of the cluster"));
        journal.accept(FenceEvent.of("2", "n1", FenceAction.OFF, "n1", "", "", FenceEvent.State.FAILED, t, t,
                "no fencer is running on n1"));
        assertEquals(List.of("1000 3500 n3 reboot succeeded n1 n2 f1 peer is no longer part of the cluster",
                "1000 1000 n1 off failed n1 - - no fencer is running on n1"), Files.readAllLines(file));
    }
}
