package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;
import dev.vigil.testkit.NetworkNamespace;

/**
 * A service address that moves: three node processes, each in a network namespace of its own,
 * and a client in a fourth, all on one bridged segment (10.80.0.0/24). Group vip (ipaddr, with
 * gratuitous ARP) + web (bound to the VIP). The node serving is SIGKILLed; the client keeps
 * asking the VIP and must get answers from another node, the address on one node only.
 */
class IpFailoverIT {
    private static final String TAG = Long.toString(ProcessHandle.current().pid());
    private static final String SWITCH = "vf-sw-" + TAG;
    private static final String CLIENT = "vf-cl-" + TAG;
    private static final String VIP = "10.80.0.50";

    private final List<NetworkNamespace> namespaces = new ArrayList<>();
    private NetworkNamespace sw;
    private LocalCluster cluster;
    private Process client;

    private static String ns(String node) {
        return "vf-" + node + "-" + TAG;
    }


    /** A namespace with eth0 plugged into the switch, at the given address. */
    private NetworkNamespace host(String name, String address) throws Exception {
        NetworkNamespace h = NetworkNamespace.create(name);
        namespaces.add(h);
        String port = "p" + namespaces.size() + "-" + TAG;
        sw.ip("link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", name);
        sw.ip("link", "set", port, "master", "br0", "up");
        h.ip("addr", "add", address + "/24", "dev", "eth0");
        h.ip("link", "set", "eth0", "up");
        return h;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
        for (NetworkNamespace n : namespaces) {
            n.close();
        }
    }

    private List<String> answers(Path log) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ", 2);
            if (f.length == 2) {
                out.add(f[0] + " " + f[1].trim());
            }
        }
        return out;
    }

    private String awaitAnswerFrom(Path log, String notFrom) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            List<String> a = answers(log);
            for (int i = a.size() - 1; i >= 0; i--) {
                String who = a.get(i).split(" ", 2)[1];
                if (who.matches("n\\d") && !who.equals(notFrom)) {
                    return who;
                }
            }
            Thread.sleep(50);
        }
        return null;
    }

    /** Live nodes (interface up) holding the address. */
    private long holders() throws Exception {
        long n = 0;
        for (String node : cluster.nodes()) {
            if (NetworkNamespace.ipOutside("-n", ns(node), "-o", "link", "show", "dev", "eth0").contains("state DOWN")) {
                continue;
            }
            n += NetworkNamespace.ipOutside("-n", ns(node), "-o", "addr", "show", "dev", "eth0")
                    .contains("inet " + VIP + "/") ? 1 : 0;
        }
        return n;
    }

    @Test
    void theClientKeepsReachingTheAddressAfterItMoves() throws Exception {
        assumeTrue(NetworkNamespace.available(), "needs root for network namespaces");
        sw = NetworkNamespace.create(SWITCH);
        namespaces.add(sw);
        sw.ip("link", "add", "br0", "type", "bridge");
        sw.ip("link", "set", "br0", "up");
        String conf = "rsc_defaults resource-stickiness=100\n"
                + "primitive vip ipaddr params ip=" + VIP + " cidr_netmask=24 nic=eth0 arp_count=3 arp_interval=100"
                + " op monitor interval=1s timeout=5s\n"
                + "primitive web webserver params address=" + VIP + " port=8080 op monitor interval=1s timeout=5s\n"
                + "group g vip web\n";
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory("vigil-ipfailover-it"), 3,
                new LocalCluster.Timing("100ms", "400ms", "1s", "10s"), conf);
        List<String> nodes = cluster.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            NetworkNamespace h = host(ns(node), "10.80.0." + (i + 1));
            List<String> peers = new ArrayList<>();
            for (int j = 0; j < nodes.size(); j++) {
                if (j != i) {
                    peers.add("10.80.0." + (j + 1) + ":5405");
                }
            }
            Files.writeString(cluster.home(node).resolve("etc/dev.vigil.transport.udp-link0.cfg"),
                    "vigil.link=link0\nbind.address=10.80.0." + (i + 1) + "\nbind.port=5405\npeers="
                            + String.join(",", peers) + "\n");
            cluster.runInside(node, h.exec());
        }
        NetworkNamespace client = host(CLIENT, "10.80.0.100");
        for (String n : nodes) {
            cluster.start(n);
        }
        Path log = Files.createTempFile("vigil-client", ".log");
        List<String> poll = new ArrayList<>(client.exec());
        poll.addAll(List.of("bash", "-c",
                "while :; do echo \"$(date +%s%3N) $(curl -s --max-time 0.3 http://" + VIP
                        + ":8080/ || echo FAIL)\"; sleep 0.05; done"));
        this.client = new ProcessBuilder(poll).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        String first = awaitAnswerFrom(log, null);
        assertNotNull(first, "the client reached the VIP");
        assertEquals(1, holders(), "the address is on one node");
        long killedAt = System.currentTimeMillis();
        // A host that dies stops answering on the wire too: kill the process and silence its NIC
        // (a killed process alone leaves its namespace holding the address, which no dead host does).
        cluster.kill(first);
        NetworkNamespace.ipOutside("-n", ns(first), "link", "set", "eth0", "down");
        String second = awaitAnswerFrom(log, first);
        assertNotNull(second, "the client reached the VIP again");
        assertNotEquals(first, second);

        List<String> after = answers(log).stream().filter(a -> Long.parseLong(a.split(" ")[0]) > killedAt)
                .collect(java.util.stream.Collectors.toList());
        long firstOk = after.stream().filter(a -> a.endsWith(" " + second)).mapToLong(a -> Long.parseLong(a.split(" ")[0]))
                .min().orElseThrow();
        System.out.println("client-seen outage through the VIP: " + (firstOk - killedAt) + " ms");
        assertTrue(firstOk - killedAt < 8000, "back within deadtime + 7 s: " + (firstOk - killedAt) + " ms");
        assertTrue(after.stream().noneMatch(a -> a.endsWith(" " + first)), "no answer from the dead node after the kill");
        // A few more client requests, all answered by the survivor, before checking the holders.
        int answered = answers(log).size();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (answers(log).size() < answered + 20 && System.nanoTime() < end) {
            Thread.sleep(50); // the client appends a line every ~50 ms
        }
        assertTrue(answers(log).stream().skip(answered).allMatch(a -> a.endsWith(" " + second)),
                "every later answer comes from " + second);
        assertEquals(1, holders(), "the address is on exactly one live node");
    }
}
