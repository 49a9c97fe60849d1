package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;

/**
 * Three node processes in a network namespace of the test's own (lo with multicast, and a veth
 * pair on 10.77.0.0/24), whose only link is UDP multicast, then UDP broadcast. Needs root, as CI
 * has; nothing leaves the namespace.
 */
class MulticastBroadcastIT {
    private static final String NS = "vigil-links-" + ProcessHandle.current().pid();

    private LocalCluster cluster;

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @BeforeAll
    static void namespace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to make a network namespace");
        ip("netns", "add", NS);
        ip("-n", NS, "link", "set", "lo", "up");
        ip("-n", NS, "link", "set", "lo", "multicast", "on");
        ip("-n", NS, "route", "add", "224.0.0.0/4", "dev", "lo");
        ip("-n", NS, "link", "add", "vl0", "type", "veth", "peer", "name", "vl1");
        ip("-n", NS, "addr", "add", "10.77.0.1/24", "brd", "+", "dev", "vl0");
        ip("-n", NS, "addr", "add", "10.77.0.2/24", "brd", "+", "dev", "vl1");
        ip("-n", NS, "link", "set", "vl0", "up");
        ip("-n", NS, "link", "set", "vl1", "up");
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            ip("netns", "del", NS);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void formClusterOver(String linkFile, String linkConfig) throws Exception {
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory("vigil-links-it"), 3, new LocalCluster.Timing("100ms", "400ms", "1s", "10s"),
                "property no-quorum-policy=stop\n");
        for (String n : cluster.nodes()) {
            Path etc = cluster.home(n).resolve("etc");
            Files.delete(etc.resolve("dev.vigil.transport.udp-link0.cfg")); // no unicast: only the link under test
            Files.writeString(etc.resolve(linkFile), linkConfig);
        }
        cluster.runInside(List.of("ip", "netns", "exec", NS));
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean formed = false;
        while (!formed && System.nanoTime() < end) {
            formed = true;
            for (String n : cluster.nodes()) {
                try {
                    String s = cluster.shell(n, "vigil:status").output;
                    formed &= s.contains("3 of 3 nodes, quorate") && !s.contains("settling");
                } catch (IOException notUp) {
                    formed = false;
                }
            }
            Thread.sleep(100);
        }
        assertTrue(formed, "three nodes agreed on a full view over " + linkFile);
        String links = cluster.shell("n1", "vigil:links").output;
        assertTrue(links.contains("n2,n3"), "n1 hears both peers on the link:\n" + links);
    }

    @Test
    void aClusterFormsOverMulticastAlone() throws Exception {
        formClusterOver("dev.vigil.transport.mcast-mc.cfg",
                "vigil.link=mc\ngroup=239.77.0.1\nport=7701\nnetwork.interface=lo\nttl=1\nloopback=true\n");
    }

    @Test
    void aClusterFormsOverBroadcastAlone() throws Exception {
        formClusterOver("dev.vigil.transport.bcast-bc.cfg",
                "vigil.link=bc\nbroadcast.address=10.77.0.255\nport=7702\n");
    }
}
