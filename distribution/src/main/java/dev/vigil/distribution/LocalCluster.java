package dev.vigil.distribution;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Several Vigil nodes on this machine, each its own JVM (started with {@code bin/vigil run})
 * and its own UDP port on 127.0.0.1, sharing one distribution. Each node gets a home of its
 * own under a work directory (etc/ written here, var/ its own; bundles and agents linked).
 */
public final class LocalCluster implements AutoCloseable {
    /** Heartbeat timing written to every node's settings. */
    public static final class Timing {
        final String keepalive, warntime, deadtime, initdead;

        public Timing(String keepalive, String warntime, String deadtime, String initdead) {
            this.keepalive = keepalive;
            this.warntime = warntime;
            this.deadtime = deadtime;
            this.initdead = initdead;
        }

        @Override
        public String toString() {
            return "keepalive " + keepalive + ", warntime " + warntime + ", deadtime " + deadtime
                    + ", initdead " + initdead;
        }
    }

    /** One line of a node's operation journal. */
    public static final class JournalEntry {
        public final Instant started, finished;
        public final String node, resource, action, execStatus;
        public final long intervalMillis;
        public final int rc;

        JournalEntry(String line) {
            String[] f = line.split(" ", 9);
            started = Instant.ofEpochMilli(Long.parseLong(f[0]));
            finished = Instant.ofEpochMilli(Long.parseLong(f[1]));
            node = f[2];
            resource = f[3];
            action = f[4];
            intervalMillis = Long.parseLong(f[5]);
            execStatus = f[6];
            rc = Integer.parseInt(f[7]);
        }

        public boolean succeeded() {
            return execStatus.equals("DONE") && rc == 0;
        }
    }

    private final Path distribution;
    private final Map<String, Path> homes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private List<String> commandPrefix = List.of();
    private final Map<String, List<String>> nodePrefix = new LinkedHashMap<>();

    private LocalCluster(Path distribution) {
        this.distribution = distribution;
    }

    /**
     * Lays out {@code size} node homes named n1..nN under {@code workDir} (emptied first).
     *
     * @param clusterConf the cluster configuration every node starts from
     */
    public static LocalCluster create(Path distribution, Path workDir, int size, Timing timing, String clusterConf)
            throws IOException {
        LocalCluster c = new LocalCluster(distribution);
        deleteTree(workDir);
        List<String> names = IntStream.rangeClosed(1, size).mapToObj(i -> "n" + i).collect(Collectors.toList());
        for (String n : names) {
            c.ports.put(n, freeUdpPort());
        }
        String key = randomKey();
        for (String n : names) {
            Path home = workDir.resolve(n);
            Files.createDirectories(home.resolve("etc"));
            Files.createDirectories(home.resolve("var"));
            for (String shared : List.of("bin", "lib", "bundle", "bundle-late", "deploy")) {
                Files.createSymbolicLink(home.resolve(shared), distribution.resolve(shared).toAbsolutePath());
            }
            Path etc = home.resolve("etc");
            Files.copy(distribution.resolve("etc/config.properties"), etc.resolve("config.properties"));
            Files.copy(distribution.resolve("etc/org.apache.felix.fileinstall-deploy.cfg"),
                    etc.resolve("org.apache.felix.fileinstall-deploy.cfg"));
            writeKeyFile(etc.resolve("authkeys"), key);
            Files.writeString(etc.resolve("cluster.conf"), clusterConf);
            Files.writeString(etc.resolve("dev.vigil.node.cfg"), String.join("\n",
                    "node.name=" + n, "cluster.name=demo", "nodes=" + String.join(",", names),
                    "key.file=etc/authkeys", "keepalive=" + timing.keepalive, "warntime=" + timing.warntime,
                    "deadtime=" + timing.deadtime, "initdead=" + timing.initdead, ""));
            String peers = names.stream().filter(p -> !p.equals(n)).map(p -> "127.0.0.1:" + c.ports.get(p))
                    .collect(Collectors.joining(","));
            Files.writeString(etc.resolve("dev.vigil.transport.udp-link0.cfg"), String.join("\n",
                    "vigil.link=link0", "bind.address=127.0.0.1", "bind.port=" + c.ports.get(n), "peers=" + peers,
                    ""));
            c.homes.put(n, home);
        }
        return c;
    }

    /** A key file's text with one new random key (32 bytes from SecureRandom), as {@code bin/vigil keygen} writes. */
    public static String randomKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return "1 hmac-sha256 " + Base64.getEncoder().withoutPadding().encodeToString(secret) + "\n";
    }

    /** Writes a key file readable and writable by its owner only (0600), as a node requires. */
    public static void writeKeyFile(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, text);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public List<String> nodes() {
        return new ArrayList<>(homes.keySet());
    }

    public Path home(String node) {
        return homes.get(node);
    }

    public int udpPort(String node) {
        return ports.get(node);
    }

    /** Runs nodes started from now on under a prefix, e.g. {@code ip netns exec NS} for a network namespace. */
    public synchronized void runInside(List<String> prefix) {
        commandPrefix = List.copyOf(prefix);
    }

    /** Runs one node under a prefix of its own, e.g. its own network namespace. */
    public synchronized void runInside(String node, List<String> prefix) {
        nodePrefix.put(node, List.copyOf(prefix));
    }

    /** Starts a node's JVM; its output goes to its {@code var/log/vigil.log}. */
    public synchronized Process start(String node) throws IOException {
        Path home = homes.get(node);
        Files.createDirectories(home.resolve("var/log"));
        List<String> command = new ArrayList<>(nodePrefix.getOrDefault(node, commandPrefix));
        command.addAll(List.of("bash", distribution.resolve("bin/vigil").toString(), "run"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("var/log/vigil.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("VIGIL_HOME", home.toString());
        Process p = pb.start();
        processes.put(node, p);
        return p;
    }

    public synchronized Process process(String node) {
        return processes.get(node);
    }

    /** SIGKILL: the node dies with no chance to clean up, like a power cut to its process. */
    public synchronized void kill(String node) throws InterruptedException {
        Process p = processes.remove(node);
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A clean stop, as {@code bin/vigil stop} or systemd does it: SIGTERM, then waits for the
     * process to exit (it hands its resources over first). Returns whether it exited in time.
     */
    public boolean stop(String node, Duration timeout) throws InterruptedException {
        Process p;
        synchronized (this) {
            p = processes.get(node);
        }
        if (p == null) {
            return true;
        }
        p.destroy();
        boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (exited) {
            synchronized (this) {
                processes.remove(node, p);
            }
        }
        return exited;
    }

    /**
     * Rewrites the node's UDP link to send to these peers only (the node still hears whoever
     * sends to it): the way to cut links one way, or between two nodes only, on one machine.
     * The node applies it live (Config Admin reads the file within about a second).
     */
    public void sendOnlyTo(String node, List<String> peers) throws IOException {
        String to = peers.isEmpty() ? "127.0.0.1:9" : peers.stream().map(p -> "127.0.0.1:" + ports.get(p))
                .collect(Collectors.joining(","));
        Files.writeString(homes.get(node).resolve("etc/dev.vigil.transport.udp-link0.cfg"), String.join("\n",
                "vigil.link=link0", "bind.address=127.0.0.1", "bind.port=" + ports.get(node), "peers=" + to, ""));
    }

    /** Runs a Gogo command in a running node. */
    public ShellClient.Answer shell(String node, String command) throws IOException {
        return ShellClient.run(homes.get(node), command);
    }

    /** Polls until {@code vigil:status} on the node answers (its command socket is up). */
    public boolean awaitShell(String node, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            try {
                if (shell(node, "vigil:status").exitCode == 0) {
                    return true;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Waits for the resource's first successful recurring monitor on the node: its steady state. */
    public boolean awaitMonitored(String node, String resource, Duration timeout) throws IOException,
            InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (isMonitored(node, resource)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Whether the node's journal has a successful recurring monitor of the resource. */
    public boolean isMonitored(String node, String resource) throws IOException {
        return journal(node).stream().anyMatch(e -> e.resource.equals(resource)
                && e.action.equals("monitor") && e.intervalMillis > 0 && e.succeeded());
    }

    /** Polls {@code vigil:status} on the node until its output satisfies the check. */
    public boolean awaitStatus(String node, java.util.function.Predicate<String> check, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (check.test(shell(node, "vigil:status").output)) {
                    return true;
                }
            } catch (IOException e) {
                // not answering yet
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The node's operation journal, in the order written. */
    public List<JournalEntry> journal(String node) throws IOException {
        Path f = homes.get(node).resolve("var/operations.log");
        if (!Files.exists(f)) {
            return List.of();
        }
        return Files.readAllLines(f).stream().filter(l -> !l.isBlank()).map(JournalEntry::new)
                .collect(Collectors.toList());
    }

    /** Asks every running node to stop (SIGTERM), then kills what is left after a grace period. */
    @Override
    public synchronized void close() throws InterruptedException {
        processes.values().forEach(Process::destroy);
        for (Process p : processes.values()) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        processes.clear();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
