package dev.vigil.distribution;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The demo: three nodes on 127.0.0.1, one embedded web service on a fixed address; the node
 * that serves is killed with SIGKILL and a client polling the service measures how long it
 * could not get an answer.
 *
 * <pre>bin/vigil demo [--port 18080] [--keepalive 100ms] [--warntime 400ms] [--deadtime 1s]</pre>
 */
public final class Demo {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final long t0 = System.nanoTime();

    public static void main(String[] args) throws Exception {
        int port = 18080;
        String keepalive = "100ms", warntime = "400ms", deadtime = "1s";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port":
                    port = Integer.parseInt(require(args[i], value));
                    i++;
                    break;
                case "--keepalive":
                    keepalive = require(args[i], value);
                    i++;
                    break;
                case "--warntime":
                    warntime = require(args[i], value);
                    i++;
                    break;
                case "--deadtime":
                    deadtime = require(args[i], value);
                    i++;
                    break;
                default:
                    System.err.println("unknown option " + args[i]
                            + " (use --port N, --keepalive D, --warntime D, --deadtime D)");
                    System.exit(2);
            }
        }
        Path home = Path.of(System.getProperty("vigil.home", ".")).toAbsolutePath();
        int exit = new Demo().run(home, port, new LocalCluster.Timing(keepalive, warntime, deadtime, "10s"));
        System.exit(exit);
    }

    private static String require(String option, String value) {
        if (value == null) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return value;
    }

    private void say(String text) {
        System.out.printf(Locale.ROOT, "[%8.3f s] %s%n", (System.nanoTime() - t0) / 1e9, text);
        System.out.flush();
    }

    int run(Path home, int port, LocalCluster.Timing timing) throws Exception {
        InetSocketAddress service = new InetSocketAddress("127.0.0.1", port);
        if (HttpProbe.get(service, POLL_TIMEOUT) != null) {
            System.err.println("something already answers on " + service + "; stop it or use --port");
            return 2;
        }
        String conf = "property no-quorum-policy=stop\n"
                + "rsc_defaults resource-stickiness=100 migration-threshold=3\n"
                + "primitive web webserver params address=127.0.0.1 port=" + port
                + " op monitor interval=500ms timeout=2s\n";
        say("Vigil demo: 3 nodes on 127.0.0.1 (" + timing + "), service 'web' at http://127.0.0.1:" + port + "/");
        try (LocalCluster cluster = LocalCluster.create(home, home.resolve("var/demo"), 3, timing, conf)) {
            java.util.Map<String, java.time.Instant> launched = new java.util.LinkedHashMap<>();
            for (String n : cluster.nodes()) {
                launched.put(n, java.time.Instant.now());
                Process p = cluster.start(n);
                say("started node " + n + " (pid " + p.pid() + ", UDP 127.0.0.1:" + cluster.udpPort(n)
                        + ", home " + cluster.home(n) + ")");
            }
            String first = awaitAnswer(service, null, Duration.ofSeconds(60));
            if (first == null) {
                say("the service did not come up within 60 s; see the nodes' var/log/vigil.log");
                return 1;
            }
            say("web answers from node " + first);
            // The status below should show the steady state: the service monitored where it runs.
            cluster.awaitMonitored(first, "web", Duration.ofSeconds(30));
            for (String n : cluster.nodes()) {
                say("node " + n + ": joined the full view " + NodeFacts.joinedAfter(cluster.home(n), launched.get(n))
                        + " after launch, RSS " + NodeFacts.rssMegabytes(cluster.process(n).pid()));
            }
            printStatus(cluster, first);

            say("killing node " + first + " with SIGKILL (pid " + cluster.process(first).pid() + ")");
            long killed = System.nanoTime();
            cluster.kill(first);
            Outage outage = measureOutage(service, first, killed, Duration.ofSeconds(60));
            if (outage.newServer == null) {
                say("the service did not come back within 60 s");
                return 1;
            }
            say(String.format(Locale.ROOT, "first failed request %.3f s after the kill", outage.firstFailure / 1e9));
            say("web answers again, now from node " + outage.newServer);
            say(String.format(Locale.ROOT, "client-seen outage: %.3f s from SIGKILL to the first answer from %s "
                    + "(%d requests failed)", outage.duration / 1e9, outage.newServer, outage.failedRequests));
            String now = outage.newServer;
            cluster.awaitStatus(now, s -> s.contains("Started " + now) && s.contains(first + "  OFFLINE"),
                    Duration.ofSeconds(10));
            printStatus(cluster, now);
            say("stopping the remaining nodes");
        }
        say("done");
        return 0;
    }

    private void printStatus(LocalCluster cluster, String node) {
        try {
            ShellClient.Answer a = cluster.shell(node, "vigil:status");
            say("vigil:status on " + node + ":");
            for (String line : a.output.split("\n")) {
                System.out.println("             | " + line);
            }
        } catch (IOException e) {
            say("vigil:status on " + node + " failed: " + e.getMessage());
        }
    }

    private static String awaitAnswer(InetSocketAddress service, String notFrom, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            String body = HttpProbe.get(service, POLL_TIMEOUT);
            if (body != null && !body.equals(notFrom)) {
                return body;
            }
            Thread.sleep(20);
        }
        return null;
    }

    /** What a client polling every 10 ms saw after the kill. */
    static final class Outage {
        String newServer;
        long firstFailure = -1;
        long duration;
        int failedRequests;
    }

    static Outage measureOutage(InetSocketAddress service, String oldServer, long killedNanos, Duration timeout)
            throws InterruptedException {
        Outage o = new Outage();
        long end = killedNanos + timeout.toNanos();
        while (System.nanoTime() < end) {
            String body = HttpProbe.get(service, POLL_TIMEOUT);
            long now = System.nanoTime();
            if (body == null || body.equals(oldServer)) {
                if (o.firstFailure < 0) {
                    o.firstFailure = now - killedNanos;
                }
                o.failedRequests++;
                Thread.sleep(10);
                continue;
            }
            o.newServer = body;
            o.duration = now - killedNanos;
            return o;
        }
        return o;
    }
}
