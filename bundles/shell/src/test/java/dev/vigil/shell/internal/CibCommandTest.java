package dev.vigil.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/** {@code vigil:cib}: the running cluster as a CIB that reads back as the same configuration and status. */
class CibCommandTest {
    private final ShellFixture cluster = new ShellFixture();

    @Test
    void printsTheClusterAsACibThatReadsBackTheSame() {
        String xml = new VigilCommands(cluster.statusService(), cluster.configService(), cluster.membership(), null)
                .cib();
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cib "), xml);
        Cib read = new CibReader("vigil:cib").read(xml);
        assertEquals(java.util.Set.of("n1", "n2", "n3"), read.config().nodeAttributes().keySet());
        assertEquals(java.util.List.copyOf(cluster.config.resources()), java.util.List.copyOf(read.config().resources()));
        assertEquals(cluster.status.nodes().get("n3"), read.status().nodes().get("n3"));
        assertEquals(cluster.status.dc(), read.status().dc());
    }
}
