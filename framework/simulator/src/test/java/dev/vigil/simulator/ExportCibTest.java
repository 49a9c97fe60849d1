package dev.vigil.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.model.CibReader;
import dev.vigil.model.ConfigReader;

/** {@code --export-cib}: the CIB of a Vigil configuration, or of a CIB as read. */
class ExportCibTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = Simulate.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(rc), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void writesTheCibOfAConfigurationAndOnlyThat() throws Exception {
        String text = "node n1\nprimitive web dummy op monitor interval=10s\nlocation l web 10: n1\n";
        Path conf = Files.writeString(dir.resolve("cluster.conf"), text);
        Path out = dir.resolve("out.xml");
        String[] r = run("-c", conf.toString(), "--export-cib", out.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals("", r[1]);
        assertEquals(new ConfigReader("t").read(text), new CibReader("out").read(Files.readString(out)).config());
    }

    @Test
    void writesToStandardOutputAndSimulatesWhenAskedToo() throws Exception {
        Path conf = Files.writeString(dir.resolve("cluster.conf"), "node n1\nprimitive web dummy\n");
        String[] r = run("-c", conf.toString(), "--export-cib", "-", "-R");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("<?xml"), r[1]);
        assertTrue(r[1].contains("Transition Summary:"), r[1]);
    }

    @Test
    void takesEitherACibOrAConfiguration() throws Exception {
        Path conf = Files.writeString(dir.resolve("cluster.conf"), "node n1\n");
        String[] r = run("-c", conf.toString(), "-x", conf.toString(), "--export-cib", "-");
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("usage:"), r[2]);
    }

    @Test
    void aConfigurationThatCannotBeReadIsRefusedWithItsLine() throws Exception {
        Path conf = Files.writeString(dir.resolve("cluster.conf"), "node n1\nprimitiv web dummy\n");
        String[] r = run("-c", conf.toString(), "--export-cib", dir.resolve("x.xml").toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("cluster.conf") && r[2].contains("2"), r[2]);
        assertTrue(Files.notExists(dir.resolve("x.xml")));
    }
}
