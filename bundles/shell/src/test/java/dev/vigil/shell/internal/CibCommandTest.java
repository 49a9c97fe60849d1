package dev.vigil.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

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
        assertEquals(Set.of("n1", "n2", "n3"), read.config().nodeAttributes().keySet());
        assertEquals(List.copyOf(cluster.config.resources()), List.copyOf(read.config().resources()));
        // A live node does not record the agent; the CIB names the configured one, as Pacemaker needs it.
        dev.vigil.model.NodeStatus n3 = cluster.status.nodes().get("n3");
        assertEquals(n3.resources().get("web").withAgent("ocf:vigil:dummy"),
                read.status().nodes().get("n3").resources().get("web"));
        dev.vigil.model.NodeStatus back = read.status().nodes().get("n3");
        assertEquals(n3.resources().keySet(), back.resources().keySet());
        assertEquals(List.of(n3.online(), n3.unclean(), n3.attributes()), List.of(back.online(), back.unclean(), back.attributes()));
        assertEquals(cluster.status.dc(), read.status().dc());
    }
}
