package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.HttpProbe;
import dev.vigil.distribution.LocalCluster;
import dev.vigil.testkit.PostgresFixture;

/**
 * Real nginx and real PostgreSQL failing over between three node processes on one machine.
 * The nodes share the machine's file system, which stands in for shared storage: one nginx
 * configuration, one PostgreSQL data directory. A node's death is its Vigil process and its
 * service processes killed together (SIGKILL), as a power cut would; a service's death is the
 * service killed alone, which its monitor must notice. In every case a client sees the service
 * come back, and the nodes' journals show that no two nodes ever ran it at once (two postmasters
 * on one data directory would corrupt it).
 */
class ServiceFailoverIT {
    private static final Duration DEADTIME = ItTiming.deadtime();
    private static final Duration COME_BACK = Duration.ofSeconds(30);

    private LocalCluster cluster;
    private Path work;
    private final List<Callable<?>> cleanups = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        for (Callable<?> c : cleanups) {
            c.call();
        }
        if (!Boolean.getBoolean("vigil.itest.keep")) {
            PostgresFixture.delete(work);
        }
    }

    private void startCluster(String conf) throws Exception {
        Path dist = Path.of(System.getProperty("vigil.distribution"));
        cluster = LocalCluster.create(dist, Files.createTempDirectory(work, "nodes"), 3,
                ItTiming.timing(), conf);
        for (String n : cluster.nodes()) {
            cluster.start(n);
        }
        // The faults start from a settled cluster: with one service on one machine, a node that
        // joins late probes the others' nginx or postmaster as running here too, and the DC's
        // recovery from that (stop everywhere, start once) must be over first.
        assertTrue(cluster.awaitStatus("n1", s -> s.contains("3 of 3 nodes, quorate,"), COME_BACK),
                "the three nodes formed one view");
    }

    /** Polls until the check answers true; the time since {@code start} (a nanoTime), or null on timeout. */
    private static Duration awaitService(Callable<Boolean> answers, long start) throws Exception {
        long end = System.nanoTime() + COME_BACK.toNanos();
        while (System.nanoTime() < end) {
            if (answers.call()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(20);
        }
        return null;
    }

    private String awaitHolder(String resource, Set<String> not) throws Exception {
        long end = System.nanoTime() + COME_BACK.toNanos();
        while (System.nanoTime() < end) {
            for (String h : Tenures.holders(cluster, resource)) {
                if (!not.contains(h) && cluster.isMonitored(h, resource)) {
                    return h;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(resource + " not held and monitored outside " + not);
    }

    /** The one node that holds the resource once nothing has changed for two monitor intervals. */
    private String settledHolder(String resource) {
        java.util.concurrent.atomic.AtomicReference<Set<String>> seen = new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await().atMost(COME_BACK).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Set<String> now = Tenures.holders(cluster, resource);
                    Set<String> before = seen.getAndSet(now);
                    return now.size() == 1 && now.equals(before) && cluster.isMonitored(now.iterator().next(), resource);
                });
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(1)).atMost(COME_BACK)
                .until(() -> Tenures.holders(cluster, resource).equals(seen.get()));
        return seen.get().iterator().next();
    }

    /**
     * SIGKILL to nginx: its master is a session leader (it daemonized), so its whole process
     * group goes at once, workers included; then waits until nothing answers on the port.
     */
    private static void crashNginx(Path pidFile, InetSocketAddress service) throws Exception {
        if (!Files.exists(pidFile)) {
            return;
        }
        new ProcessBuilder("kill", "-KILL", "--", "-" + pidIn(pidFile)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (HttpProbe.get(service, Duration.ofMillis(200)) != null) {
            assertTrue(System.nanoTime() < end, "nginx still answers after SIGKILL to its process group");
            Thread.sleep(20);
        }
    }

    private static long pidIn(Path pidFile) throws IOException {
        return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    }

    /** One nginx shared by the nodes (its configuration and pid file under the test's directory). */
    private final class Nginx {
        final int port;
        final Path pid;
        final InetSocketAddress service;
        final Callable<Boolean> answers;

        Nginx() throws Exception {
            assertTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "nginx is not installed (./vigil test installs it)");
            work = Files.createTempDirectory("vigil-nginx-it");
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            port = Clients.freeTcpPort();
            pid = work.resolve("nginx.pid");
            Path conf = work.resolve("nginx.conf");
            Files.writeString(conf, "worker_processes 1;\npid " + pid + ";\nerror_log " + work.resolve("error.log")
                    + ";\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n  server { listen 127.0.0.1:"
                    + port + "; location / { return 200 \"served\\n\"; } }\n}\n");
            service = new InetSocketAddress("127.0.0.1", port);
            cleanups.add(() -> {
                crashNginx(pid, service);
                return null;
            });
            String url = "http://127.0.0.1:" + port + "/";
            startCluster("primitive web webserver params mode=nginx configfile=" + conf + " status_url=" + url
                    + " pidfile=" + pid + " op monitor interval=500ms timeout=5s meta migration-threshold=1\n");
            answers = () -> "served".equals(HttpProbe.get(service, Duration.ofMillis(200)));
        }
    }

    @Test
    void nginxMovesWhenItDiesAndWhenItsNodeDies() throws Exception {
        Nginx nginx = new Nginx();
        InetSocketAddress service = nginx.service;
        Path pid = nginx.pid;
        Callable<Boolean> answers = nginx.answers;

        assertNotNull(awaitService(answers, System.nanoTime()), "nginx came up");
        String first = settledHolder("web");
        Instant settled = Instant.now();

        // The service dies, its node lives: the monitor notices and (migration-threshold=1) it moves.
        long serviceDied = System.nanoTime();
        crashNginx(pid, service);
        Duration serviceOutage = awaitService(answers, serviceDied);
        assertNotNull(serviceOutage, "nginx came back after it was killed");
        String second = awaitHolder("web", Set.of(first));
        System.out.println("nginx killed on " + first + ": served again after " + serviceOutage.toMillis()
                + " ms, from " + second);

        // The node dies with its nginx.
        Instant nodeDied = Instant.now();
        long killed = System.nanoTime();
        cluster.kill(second);
        crashNginx(pid, service);
        Duration nodeOutage = awaitService(answers, killed);
        assertNotNull(nodeOutage, "nginx came back after its node died");
        String third = awaitHolder("web", Set.of(first, second));
        System.out.println("node " + second + " killed with its nginx: served again after " + nodeOutage.toMillis()
                + " ms, from " + third);

        Instant end = Instant.now();
        cluster.close();
        List<Tenures.Tenure> all = Tenures.of(cluster, "web", n -> n.equals(second) ? nodeDied : end);
        assertEquals(3, Tenures.since(all, settled).size(), "from the first fault on, three tenures, one per node: "
                + all);
        Tenures.assertNeverTwoAtOnce("web", all);
    }

    @Test
    void aCleanStopOfItsNodeHandsNginxOverStoppedBeforeItStartsElsewhere() throws Exception {
        Nginx nginx = new Nginx();
        assertNotNull(awaitService(nginx.answers, System.nanoTime()), "nginx came up");
        String first = settledHolder("web");
        Instant settled = Instant.now();

        Instant stopAsked = Instant.now();
        long stopping = System.nanoTime();
        assertTrue(cluster.stop(first, Duration.ofSeconds(60)), first + " exited after handing over");
        Duration exited = Duration.ofNanos(System.nanoTime() - stopping);
        Duration outage = awaitService(nginx.answers, stopping);
        assertNotNull(outage, "nginx answers again after its node stopped cleanly");
        String second = awaitHolder("web", Set.of(first));
        System.out.println("clean stop of " + first + ": it exited after " + exited.toMillis() + " ms; nginx served "
                + "again from " + second + " within " + outage.toMillis() + " ms of the stop request");

        Instant end = Instant.now();
        List<LocalCluster.JournalEntry> stops = cluster.journal(first).stream()
                .filter(e -> e.resource.equals("web") && e.action.equals("stop") && e.succeeded()
                        && e.started.isAfter(stopAsked))
                .collect(java.util.stream.Collectors.toList());
        assertEquals(1, stops.size(), "the leaving node stopped nginx itself, once: " + stops);
        cluster.close();
        List<Tenures.Tenure> all = Tenures.of(cluster, "web", n -> end);
        assertEquals(2, Tenures.since(all, settled).size(), "from the stop on, two tenures: " + all);
        Tenures.assertNeverTwoAtOnce("web", all);
    }

    @Test
    void postgresMovesWithItsDataAndKeepsWhatWasCommitted() throws Exception {
        assertTrue(PostgresFixture.available(), "needs root and Debian's postgresql (./vigil test installs it)");
        work = Files.createTempDirectory("vigil-pg-it");
        Path data = PostgresFixture.initdb(work, "data");
        cleanups.add(() -> {
            PostgresFixture.stopNow(data);
            return null;
        });
        int port = Clients.freeTcpPort();
        startCluster("primitive db database params datadir=" + data + " port=" + port + " socketdir=" + work
                + " op monitor interval=1s timeout=10s\n");
        Callable<Boolean> answers = () -> PostgresFixture.psql(port, "select 1").equals(Optional.of("1"));

        assertNotNull(awaitService(answers, System.nanoTime()), "PostgreSQL came up");
        String first = settledHolder("db");
        Instant settled = Instant.now();
        assertEquals(Optional.of(""), PostgresFixture.psql(port,
                "create table acknowledged (id int primary key); insert into acknowledged values (1)"));

        Instant nodeDied = Instant.now();
        long killed = System.nanoTime();
        cluster.kill(first);
        PostgresFixture.crash(data);
        Duration outage = awaitService(answers, killed);
        assertNotNull(outage, "PostgreSQL came back after its node died");
        String second = awaitHolder("db", Set.of(first));
        assertNotEquals(first, second);
        System.out.println("node " + first + " killed with its postmaster: PostgreSQL answered again after "
                + outage.toMillis() + " ms, on " + second);
        assertEquals(Optional.of("1"), PostgresFixture.psql(port, "select count(*) from acknowledged"),
                "the committed row survived the failover");

        Instant end = Instant.now();
        cluster.close();
        List<Tenures.Tenure> all = Tenures.of(cluster, "db", n -> n.equals(first) ? nodeDied : end);
        assertEquals(2, Tenures.since(all, settled).size(), "from the kill on, two tenures: " + all);
        Tenures.assertNeverTwoAtOnce("db", all);
    }
}
