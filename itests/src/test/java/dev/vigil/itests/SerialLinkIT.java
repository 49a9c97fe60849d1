package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;

/**
 * Two node processes joined by UDP and by a serial line (a socat pseudo-terminal pair standing
 * in for a null-modem cable). Pulling the UDP link from both nodes must not cost membership:
 * the view stays the same, carried by the serial line alone.
 */
class SerialLinkIT {
    private static final Pattern VIEW = Pattern.compile("Cluster: view (\\d+), 2 of 2 nodes, quorate");

    private LocalCluster cluster;
    private Process socat;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (socat != null) {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private String run(String node, String command) throws Exception {
        return cluster.shell(node, command).output;
    }

    private long view(String node) throws Exception {
        Matcher m = VIEW.matcher(run(node, "vigil:status"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private void await(String what, Check check) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    @Test
    void pullingTheUdpLinkLeavesTheNodesMembersOverSerial() throws Exception {
        Path work = Files.createTempDirectory("vigil-serial-it");
        Path ttyA = work.resolve("ttyA"), ttyB = work.resolve("ttyB");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + ttyA, "pty,raw,echo=0,link=" + ttyB)
                .redirectErrorStream(true).redirectOutput(work.resolve("socat.log").toFile()).start();
        await("socat made the pty pair", () -> Files.exists(ttyA) && Files.exists(ttyB));

        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")), work.resolve("nodes"), 2,
                new LocalCluster.Timing("100ms", "400ms", "1s", "10s"), "property no-quorum-policy=stop\n");
        Files.writeString(cluster.home("n1").resolve("etc/dev.vigil.transport.serial-tty.cfg"),
                "vigil.link=tty\ndevice=" + ttyA + "\nbaud=115200\n");
        Files.writeString(cluster.home("n2").resolve("etc/dev.vigil.transport.serial-tty.cfg"),
                "vigil.link=tty\ndevice=" + ttyB + "\nbaud=115200\n");
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        for (String n : cluster.nodes()) {
            assertTrue(cluster.awaitShell(n, Duration.ofSeconds(30)));
        }
        await("n1 hears n2 on both links", () -> {
            String links = run("n1", "vigil:links");
            return links.matches("(?s).*\\blink0\\s+n2\\b.*") && links.matches("(?s).*\\btty\\s+n2\\b.*");
        });
        await("a settled two-node view", () -> view("n1") > 0 && view("n1") == view("n2"));
        long before = view("n1");

        for (String n : cluster.nodes()) {
            Files.delete(cluster.home(n).resolve("etc/dev.vigil.transport.udp-link0.cfg"));
        }
        await("the UDP link is gone from both nodes", () -> !run("n1", "vigil:links").contains("link0")
                && !run("n2", "vigil:links").contains("link0"));
        // Watch for three deadtimes: every observation must show the same, complete view.
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < end) {
            assertEquals(before, view("n1"), "n1's view changed after the UDP link was pulled");
            assertEquals(before, view("n2"), "n2's view changed after the UDP link was pulled");
            Thread.sleep(100);
        }
        String links = run("n2", "vigil:links");
        assertTrue(links.matches("(?s).*\\btty\\s+n1\\b.*"), "n2 hears n1 over the serial line:\n" + links);
        assertFalse(run("n1", "vigil:status").contains("OFFLINE"));
    }
}
