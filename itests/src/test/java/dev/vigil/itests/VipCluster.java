package dev.vigil.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import dev.vigil.distribution.LocalCluster;
import dev.vigil.testkit.NetworkNamespace;
import dev.vigil.testkit.WatchdogTwin;

/**
 * Three node processes, each in a network namespace of its own, and a client in a fourth, all
 * on one bridged segment (10.80.0.0/24), sharing a service address: group vip (ipaddr, with
 * gratuitous ARP) + web (bound to the VIP). The client asks the VIP every 50 ms and logs who
 * answered; {@link #holders()} reads which live interfaces carry the address. Needs root.
 */
final class VipCluster implements AutoCloseable {
    static final String VIP = "10.80.0.50";
    private static final String CONF = "rsc_defaults resource-stickiness=100\n"
            + "primitive vip ipaddr params ip=" + VIP + " cidr_netmask=24 nic=eth0 arp_count=3 arp_interval=100"
            + " op monitor interval=1s timeout=5s\n"
            + "primitive web webserver params address=" + VIP + " port=8080 op monitor interval=1s timeout=5s\n"
            + "group g vip web\n";

    private final String tag;
    private final List<NetworkNamespace> namespaces = new ArrayList<>();
    private final List<WatchdogTwin> twins = new ArrayList<>();
    private final NetworkNamespace sw;
    final LocalCluster cluster;
    private final Path clientLog;
    private Process client;

    private VipCluster(String prefix, LocalCluster.Timing timing, int size, String extraConf) throws Exception {
        this.tag = prefix + ProcessHandle.current().pid();
        this.sw = NetworkNamespace.create(prefix + "-sw-" + tag);
        namespaces.add(sw);
        sw.ip("link", "add", "br0", "type", "bridge");
        sw.ip("link", "set", "br0", "up");
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory("vigil-" + prefix + "-it"), size, timing, CONF);
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
        if (!extraConf.isEmpty()) {
            String conf = CONF + extraConf
                    .replace("%HOMES%", nodeMap(nodes, n -> cluster.home(n).toString()))
                    .replace("%NAMESPACES%", nodeMap(nodes, this::ns));
            for (String node : nodes) {
                Files.writeString(cluster.home(node).resolve("etc/cluster.conf"), conf);
            }
        }
        clientLog = cluster.home(nodes.get(0)).resolveSibling("vigil-client.log"); // kept with the nodes' logs
    }

    private static String nodeMap(List<String> nodes, java.util.function.Function<String, String> value) {
        List<String> pairs = new ArrayList<>();
        for (String n : nodes) {
            pairs.add(n + ":" + value.apply(n));
        }
        return String.join(";", pairs);
    }

    /** Makes the namespaces and the cluster's homes; nothing runs yet. */
    static VipCluster create(String prefix, LocalCluster.Timing timing) throws Exception {
        return new VipCluster(prefix, timing, 3, "");
    }

    /**
     * @param size how many nodes
     * @param extraConf configuration lines added after the address group; {@code %HOMES%} and
     *        {@code %NAMESPACES%} stand for "n1:value;n2:value..." of the nodes' homes and
     *        namespaces (what the native fence device needs)
     */
    static VipCluster create(String prefix, LocalCluster.Timing timing, int size, String extraConf) throws Exception {
        return new VipCluster(prefix, timing, size, extraConf);
    }

    String ns(String node) {
        return tag + "-" + node;
    }

    /** A namespace with eth0 plugged into the switch, at the given address. */
    private NetworkNamespace host(String name, String address) throws Exception {
        NetworkNamespace h = NetworkNamespace.create(name);
        namespaces.add(h);
        String port = "p" + namespaces.size() + "-" + tag;
        sw.ip("link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", name);
        sw.ip("link", "set", port, "master", "br0", "up");
        h.ip("addr", "add", address + "/24", "dev", "eth0");
        h.ip("link", "set", "eth0", "up");
        return h;
    }

    /** Starts every node and the client. */
    void start() throws Exception {
        startClient();
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
    }

    /** Starts the client only (the test starts the nodes itself, e.g. in a chosen order). */
    void startClient() throws Exception {
        NetworkNamespace c = host(tag + "-cl", "10.80.0.100");
        List<String> poll = new ArrayList<>(c.exec());
        poll.addAll(List.of("bash", "-c", "while :; do echo \"$(date +%s%3N) $(curl -s --max-time 0.3 http://" + VIP
                + ":8080/ || echo FAIL)\"; sleep 0.05; done"));
        client = new ProcessBuilder(poll).redirectErrorStream(true).redirectOutput(clientLog.toFile()).start();
    }

    /**
     * Starts every node and the client, waits until the client is answered, and returns who
     * answers (checking that the address is on that node alone).
     */
    String startAndAwaitHolder(Duration atMost) throws Exception {
        start();
        org.awaitility.Awaitility.await().atMost(atMost).until(() -> lastAnswerFrom(null) != null);
        String holder = lastAnswerFrom(null);
        if (!holders().equals(Set.of(holder))) {
            throw new AssertionError("the address is on " + holders() + ", yet " + holder + " answers");
        }
        return holder;
    }

    /** Waits until a node other than {@code old} answers and alone carries the address; returns it. */
    String awaitHolderOtherThan(String old, Duration atMost) {
        org.awaitility.Awaitility.await().atMost(atMost).until(() -> {
            String who = lastAnswerFrom(old);
            return who != null && holders().equals(Set.of(who));
        });
        try {
            return lastAnswerFrom(old);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** When (epoch ms) {@code node} first answered the client after {@code afterMillis}. */
    long firstAnswerFrom(String node, long afterMillis) throws IOException {
        return answers().stream().filter(a -> a.endsWith(" " + node)).mapToLong(a -> Long.parseLong(a.split(" ")[0]))
                .filter(t -> t > afterMillis).min().orElseThrow();
    }

    /**
     * Gives every node a watchdog twin with this timeout whose reset takes the node's interface
     * down (its machine goes silent); closed with the cluster. Call before {@link #start()}.
     */
    List<WatchdogTwin> armWatchdogTwins(Duration timeout) throws IOException, InterruptedException {
        for (String n : cluster.nodes()) {
            Path home = cluster.home(n);
            WatchdogTwin twin = WatchdogTwin.start(home.resolve("var/watchdog"), timeout, home,
                    List.of("ip", "-n", ns(n), "link", "set", "eth0", "down"));
            twins.add(twin);
            Files.writeString(home.resolve("etc/dev.vigil.node.cfg"), "watchdog.device=" + twin.fifo()
                    + "\nwatchdog.timeout=" + timeout.toMillis() + "ms\n", java.nio.file.StandardOpenOption.APPEND);
        }
        return List.copyOf(twins);
    }

    /** The client's log: "epoch-ms answer" lines, the answer being the node's name or FAIL. */
    List<String> answers() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(clientLog)) {
            String[] f = line.split(" ", 2);
            if (f.length == 2) {
                out.add(f[0] + " " + f[1].trim());
            }
        }
        return out;
    }

    /** The newest node to answer the client, other than {@code notFrom}, or null if none yet. */
    String lastAnswerFrom(String notFrom) throws IOException {
        List<String> a = answers();
        for (int i = a.size() - 1; i >= 0; i--) {
            String who = a.get(i).split(" ", 2)[1];
            if (who.matches("n\\d") && !who.equals(notFrom)) {
                return who;
            }
        }
        return null;
    }

    /** Takes a node's interface down, as a dead host goes silent on the wire. */
    void unplug(String node) throws Exception {
        NetworkNamespace.ipOutside("-n", ns(node), "link", "set", "eth0", "down");
    }

    /**
     * Cuts two nodes from each other only: each gets a blackhole route to the other's address
     * (this machine's kernel has no netem); the client still reaches both.
     */
    void cutBetween(String a, String b) throws Exception {
        NetworkNamespace.ipOutside("-n", ns(a), "route", "add", "blackhole", address(b) + "/32");
        NetworkNamespace.ipOutside("-n", ns(b), "route", "add", "blackhole", address(a) + "/32");
    }

    static String address(int index) {
        return "10.80.0." + (index + 1);
    }

    String address(String node) {
        return address(cluster.nodes().indexOf(node));
    }

    /** Live nodes (interface up) whose interface carries the address. */
    Set<String> holders() throws Exception {
        Set<String> out = new TreeSet<>();
        for (String node : cluster.nodes()) {
            if (NetworkNamespace.ipOutside("-n", ns(node), "-o", "link", "show", "dev", "eth0").contains("state DOWN")) {
                continue;
            }
            if (NetworkNamespace.ipOutside("-n", ns(node), "-o", "addr", "show", "dev", "eth0")
                    .contains("inet " + VIP + "/")) {
                out.add(node);
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (WatchdogTwin t : twins) {
            t.close();
        }
        cluster.close();
        for (NetworkNamespace n : namespaces) {
            n.close();
        }
    }

    static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
