package dev.vigil.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.fence.FenceEvent;
import dev.vigil.fence.Fencer;

/** {@code vigil:fence} and {@code vigil:fence-history} as an operator types them, through Gogo. */
class FenceCommandsTest {
    private final ShellFixture cluster = new ShellFixture();
    private final ShellFixture.FakeFencer fencer = cluster.new FakeFencer();
    private final CommandProcessorImpl processor = new CommandProcessorImpl();

    /** Runs a command line as {@code bin/vigil shell} does: its output, or "Error: " and the message. */
    private String run(Fencer running, String line) {
        processor.addCommand("vigil", new VigilCommands(cluster.statusService(), cluster.configService(),
                cluster.membership(), running), "fence");
        processor.addCommand("vigil", new FenceHistoryCommand(cluster.membership(), running), "fence-history");
        processor.addConverter(new VigilConverter());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out);
        try {
            Object result = session.execute(line);
            return String.valueOf(session.format(result, Converter.INSPECT));
        } catch (Exception e) {
            return "Error: " + e.getMessage();
        } finally {
            session.close();
        }
    }

    @AfterEach
    void stop() {
        processor.stop();
    }

    @Test
    void fencesANodeWithTheClusterActionAndPrintsTheOutcome() {
        String out = run(fencer, "vigil:fence n3");
        assertEquals(List.of("reboot n3 by operator@n1: requested by the operator"), fencer.asked);
        assertTrue(out.startsWith("reboot of n3 succeeded by f1 on n2 at "), out);
    }

    @Test
    void offAndRebootAreChosenByFlag() {
        run(fencer, "vigil:fence --off n3");
        run(fencer, "vigil:fence --reboot n2");
        assertEquals(List.of("off n3 by operator@n1: requested by the operator",
                "reboot n2 by operator@n1: requested by the operator"), fencer.asked);
        assertEquals("Error: give --off or --reboot, not both", run(fencer, "vigil:fence --off --reboot n3"));
    }

    @Test
    void aFailedFenceIsAnError() {
        fencer.outcome = FenceEvent.State.FAILED;
        assertEquals("Error: fencing n3 failed: reboot of n3 failed by f1 on n2: device f1 timed out",
                run(fencer, "vigil:fence n3"));
    }

    @Test
    void refusesAnUnknownNode() {
        assertEquals("Error: no such node: 'n9' (known: [n1, n2, n3])", run(fencer, "vigil:fence n9"));
        assertEquals(List.of(), fencer.asked);
    }

    @Test
    void withoutAFencerSaysSo() {
        assertEquals("Error: fencing: no fencer running on n1", run(null, "vigil:fence n3"));
        assertEquals("Error: fencing: no fencer running on n1", run(null, "vigil:fence-history"));
    }

    @Test
    void theHistoryCommandPrintsTheTable() {
        String out = run(fencer, "vigil:fence-history");
        assertTrue(out.startsWith("REQUESTED "), out);
        assertEquals(3, out.split("\n").length, out);
    }
}
