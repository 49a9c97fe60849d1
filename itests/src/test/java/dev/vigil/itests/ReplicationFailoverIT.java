package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;
import dev.vigil.testkit.PostgresFixture;

/**
 * PostgreSQL streaming replication run by three node processes: only the first node's data
 * directory is initialized; the others are filled by base backups. Commits are synchronous
 * (ANY 1 replica). The primary's node dies with its postmaster while a client commits rows;
 * a replica is promoted, and every commit the client saw acknowledged is on the new primary.
 * The dead node then comes back and rejoins as a replica of the new primary (pg_rewind). Last,
 * a planned switchover through standby demotes the primary and promotes another.
 */
class ReplicationFailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private LocalCluster cluster;
    private Path work;
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (work != null) {
            for (String n : ports.keySet()) {
                PostgresFixture.stopNow(work.resolve(n));
            }
            if (!Boolean.getBoolean("vigil.itest.keep")) {
                PostgresFixture.delete(work);
            }
        }
    }

    /** The node whose server answers as a primary, among those given; null if none. */
    private String primary(List<String> among) throws Exception {
        for (String n : among) {
            if (PostgresFixture.psql(ports.get(n), "select pg_is_in_recovery()").equals(Optional.of("f"))) {
                return n;
            }
        }
        return null;
    }

    /**
     * Waits for a primary among the nodes given with exactly {@code replicas} replicas streaming
     * from it. A node still being copied is no replica, though pg_basebackup's WAL stream is
     * listed in pg_stat_replication as streaming too: it is left out by its application_name.
     */
    private String awaitPrimary(List<String> among, int replicas) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            String p = primary(among);
            if (p != null && PostgresFixture.psql(ports.get(p), "select count(*) from pg_stat_replication"
                    + " where state = 'streaming' and application_name <> 'pg_basebackup'")
                    .equals(Optional.of(Integer.toString(replicas)))) {
                return p;
            }
            Thread.sleep(200);
        }
        return null;
    }

    @Test
    void aReplicaIsPromotedWithEveryAcknowledgedCommitAndTheOldPrimaryRejoins() throws Exception {
        assertTrue(PostgresFixture.available(), "needs root and Debian's postgresql (./vigil test installs it)");
        work = Files.createTempDirectory("vigil-repl-it");
        Path first = PostgresFixture.initdb(work, "n1");
        Files.writeString(first.resolve("postgresql.conf"), "\nsynchronous_standby_names = 'ANY 1 (*)'\n"
                + "wal_log_hints = on\nwal_keep_size = '256MB'\n", java.nio.file.StandardOpenOption.APPEND);
        List<String> nodes = List.of("n1", "n2", "n3");
        StringBuilder peers = new StringBuilder();
        for (String n : nodes) {
            ports.put(n, Clients.freeTcpPort());
            peers.append(peers.length() == 0 ? "" : ",").append(n).append("=127.0.0.1:").append(ports.get(n));
        }
        String conf = "primitive pg replicated-database params datadir=" + work.resolve("%n") + " nodes=" + peers
                + " socketdir=" + work
                + " op start timeout=120s op promote timeout=60s op demote timeout=60s"
                + " op monitor interval=1s timeout=20s role=Promoted op monitor interval=1500ms timeout=20s role=Unpromoted\n"
                + "clone pg-clone pg meta promotable=true\n";
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory(work, "nodes"), 3, new LocalCluster.Timing("100ms", "400ms", "1s", "10s"),
                conf);
        for (String n : nodes) {
            cluster.start(n);
        }
        String oldPrimary = awaitPrimary(nodes, 2);
        assertNotNull(oldPrimary, "a primary with two streaming replicas");
        assertEquals(Optional.of(""), PostgresFixture.psql(ports.get(oldPrimary), "create table acked (id int primary key)"));

        // A client commits rows one by one and remembers which commits were acknowledged.
        List<Integer> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        java.util.concurrent.CountDownLatch twentyCommits = new java.util.concurrent.CountDownLatch(20);
        Thread client = new Thread(() -> {
            for (int i = 1; writing.get(); i++) {
                try {
                    if (PostgresFixture.psql(ports.get(oldPrimary), "insert into acked values (" + i + ")").isPresent()) {
                        acknowledged.add(i);
                        twentyCommits.countDown();
                    } else {
                        return; // the primary is gone
                    }
                } catch (Exception e) {
                    return;
                }
            }
        });
        client.start();
        assertTrue(twentyCommits.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS),
                "20 commits acknowledged with two synchronous replicas");
        cluster.kill(oldPrimary);
        PostgresFixture.crash(work.resolve(oldPrimary));
        long crashed = System.nanoTime();
        writing.set(false);
        client.join();

        List<String> survivors = new ArrayList<>(nodes);
        survivors.remove(oldPrimary);
        String newPrimary = awaitPrimary(survivors, 1);
        assertNotNull(newPrimary, "a replica was promoted, and the other follows it");
        System.out.println("primary " + oldPrimary + " killed; " + newPrimary + " promoted, streaming to the other "
                + "replica, after " + Duration.ofNanos(System.nanoTime() - crashed).toMillis() + " ms; "
                + acknowledged.size() + " acknowledged commits");
        String count = PostgresFixture.psql(ports.get(newPrimary), "select count(*) from acked where id <= "
                + acknowledged.get(acknowledged.size() - 1)).orElseThrow();
        assertTrue(Integer.parseInt(count) >= acknowledged.size(), "every acknowledged commit survived: " + count
                + " rows of " + acknowledged.size() + " acknowledged");
        for (int id : acknowledged) {
            assertEquals(Optional.of("1"), PostgresFixture.psql(ports.get(newPrimary),
                    "select count(*) from acked where id = " + id), "acknowledged row " + id);
        }

        cluster.start(oldPrimary);
        assertEquals(newPrimary, awaitPrimary(nodes, 2), "the old primary rejoined as a replica of the new one");
        assertEquals(Optional.of("t"), PostgresFixture.psql(ports.get(oldPrimary), "select pg_is_in_recovery()"));
        assertTrue(cluster.awaitStatus(newPrimary, s -> s.contains("Promoted " + newPrimary), WAIT),
                "vigil:status shows the primary");

        // A planned switchover: standby on the primary's node demotes it, stops it, promotes
        // another; back online, it returns as a replica. No acknowledged row is lost.
        assertEquals(0, cluster.shell(newPrimary, "vigil:standby " + newPrimary).exitCode);
        List<String> others = new ArrayList<>(nodes);
        others.remove(newPrimary);
        String third = awaitPrimary(others, 1);
        assertNotNull(third, "another node took over the primary role");
        assertTrue(cluster.journal(newPrimary).stream().anyMatch(e -> e.action.equals("demote") && e.succeeded()),
                "the primary was demoted before it stopped");
        assertEquals(0, cluster.shell(third, "vigil:online " + newPrimary).exitCode);
        assertEquals(third, awaitPrimary(nodes, 2), "the demoted node follows the new primary");
        assertEquals(Optional.of(Integer.toString(acknowledged.size())), PostgresFixture.psql(ports.get(third),
                "select count(*) from acked where id <= " + acknowledged.get(acknowledged.size() - 1)));
    }
}
