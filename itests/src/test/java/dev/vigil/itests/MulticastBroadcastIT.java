package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.vigil.testkit.NetworkNamespace;

/**
 * Three node processes in a network namespace of the test's own (lo with multicast, and a veth
 * pair on 10.77.0.0/24), whose only link is UDP multicast, then UDP broadcast. Needs root, as CI
 * has; nothing leaves the namespace.
 */
class MulticastBroadcastIT {
    private static NetworkNamespace ns;

    private LocalCluster cluster;

    @BeforeAll
    static void namespace() throws Exception {
        assertTrue(NetworkNamespace.available(), "needs root to make a network namespace");
        ns = NetworkNamespace.create("vigil-links-" + ProcessHandle.current().pid());
        ns.ip("link", "set", "lo", "multicast", "on");
        ns.ip("route", "add", "224.0.0.0/4", "dev", "lo");
        ns.ip("link", "add", "vl0", "type", "veth", "peer", "name", "vl1");
        ns.ip("addr", "add", "10.77.0.1/24", "brd", "+", "dev", "vl0");
        ns.ip("addr", "add", "10.77.0.2/24", "brd", "+", "dev", "vl1");
        ns.ip("link", "set", "vl0", "up");
        ns.ip("link", "set", "vl1", "up");
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if (ns != null) {
            ns.close();
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
        cluster.runInside(ns.exec());
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
