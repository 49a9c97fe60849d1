package dev.vigil.agent.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.agent.support.Configured;
import dev.vigil.agent.support.ProcessResult;
import dev.vigil.agent.support.ProcessRunner;

/**
 * PostgreSQL streaming replication as a promotable clone: one primary, the other instances
 * its replicas.
 * <ul>
 * <li>start: an empty data directory is filled by {@code pg_basebackup} from a running peer
 * (the primary, or a replica while there is none yet; a copy from a replica that fails, as it
 * does when that replica is promoted meanwhile, is taken again from what runs then); a former
 * primary is brought back onto the current primary's history with {@code pg_rewind}; the server
 * then starts as a replica ({@code standby.signal}) following the primary.</li>
 * <li>An empty node that finds no peer running within {@link #SOURCE_WAIT} does not wait for
 * one until its start times out: the peer that has the data may be a node that has not joined
 * yet, and the cluster starts nothing there while this start is in flight. The start succeeds
 * as <em>waiting for a copy</em> (no server runs; a state file says so): the monitor answers
 * DEGRADED with a promotion score of -INFINITY while no peer runs, and NOT_RUNNING once one
 * does, so that the cluster starts it again and the new start copies from that peer. Stop ends
 * the wait.</li>
 * <li>monitor: RUNNING_PROMOTED on the primary, OK on a replica. A replica repoints itself at
 * the current primary, and sets its promotion score from how much WAL it has received compared
 * with the other replicas: the most up-to-date one scores highest.</li>
 * <li>promote: refused while another primary answers, or while another replica has received
 * more WAL (so no commit a synchronous replica acknowledged is lost); then {@code pg_ctl
 * promote}.</li>
 * <li>demote: a primary is stopped cleanly and started again as a replica.</li>
 * </ul>
 * Peers are named by {@code nodes} ({@code n1=host:port,n2=host:port,...}; the local node's
 * entry gives its own port). {@code %n} in {@code datadir} stands for the local node's name,
 * for several nodes on one host.
 */
@Component(property = ResourceAgent.TYPE_PROPERTY + "=replicated-database")
public final class ReplicatedPostgresAgent implements ResourceAgent {
    static final int PRIMARY_SCORE = 1000;
    /** The promotion score of a node waiting for a copy: -INFINITY, never promoted. */
    static final int NEVER_PROMOTED = -1_000_000;
    /**
     * How long a start with an empty data directory waits for a peer to copy from: long enough
     * for a peer started in the same transition to accept connections, and far shorter than the
     * start timeout, so that the cluster soon gets to start the peers it did not start yet.
     */
    static final Duration SOURCE_WAIT = Duration.ofSeconds(10);
    private static final Duration COPY_RETRY_PAUSE = Duration.ofMillis(500);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    private static final String STATE_SQL = "select pg_is_in_recovery(), pg_wal_lsn_diff(case when pg_is_in_recovery()"
            + " then coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) else pg_current_wal_lsn() end,"
            + " '0/0')::bigint";

    private static final AgentMetadata METADATA = AgentMetadata.of("replicated-database", "1.0",
            "PostgreSQL streaming replication, promotable: one primary and its replicas",
            List.of(AgentMetadata.Parameter.of("datadir", "string", null, true,
                            "The data directory (%n: the local node's name)"),
                    AgentMetadata.Parameter.of("nodes", "string", null, true,
                            "Every node's server: n1=host:port,n2=host:port,..."),
                    AgentMetadata.Parameter.of("socketdir", "string", "/var/run/postgresql", false,
                            "Unix socket directory"),
                    AgentMetadata.Parameter.of("bindir", "string", null, false,
                            "Where pg_ctl, psql, pg_basebackup and pg_rewind are"),
                    AgentMetadata.Parameter.of("user", "string", "postgres", false,
                            "The OS and database user (replication connections too)"),
                    AgentMetadata.Parameter.of("dbname", "string", "postgres", false, "Database the monitor uses")),
            List.of(AgentMetadata.Action.of(AgentAction.START, Duration.ofSeconds(120), Duration.ZERO),
                    AgentMetadata.Action.of(AgentAction.STOP, Duration.ofSeconds(60), Duration.ZERO),
                    AgentMetadata.Action.of(AgentAction.MONITOR, Duration.ofSeconds(20), Duration.ofSeconds(10)),
                    AgentMetadata.Action.of(AgentAction.PROMOTE, Duration.ofSeconds(60), Duration.ZERO),
                    AgentMetadata.Action.of(AgentAction.DEMOTE, Duration.ofSeconds(60), Duration.ZERO)));

    private final ProcessRunner runner = new ProcessRunner();

    /** A server of the replication set, as the nodes parameter names it. */
    private static final class Peer {
        final String node;
        final String host;
        final int port;

        Peer(String node, String host, int port) {
            this.node = node;
            this.host = host;
            this.port = port;
        }

        String conninfo(String user) {
            return "host=" + host + " port=" + port + " user=" + user + " application_name=" + "vigil";
        }
    }

    /** A peer's answer: is it a replica, and how much WAL it has (received, or written on a primary). */
    private static final class PeerState {
        final Peer peer;
        final boolean replica;
        final long lsn;

        PeerState(Peer peer, boolean replica, long lsn) {
            this.peer = peer;
            this.replica = replica;
            this.lsn = lsn;
        }
    }

    /** The local server and its peers, from the parameters. */
    private final class Replication {
        final PostgresServer local;
        final List<Peer> peers = new ArrayList<>();
        final String node;

        Replication(AgentRequest request) {
            node = request.context().nodeName();
            Map<String, String> p = new LinkedHashMap<>(request.parameters());
            String datadir = p.get("datadir");
            if (datadir == null || datadir.isBlank()) {
                throw new IllegalArgumentException("parameter 'datadir' is required");
            }
            p.put("datadir", datadir.replace("%n", node));
            Map<String, Peer> all = parseNodes(p.get("nodes"));
            Peer self = all.remove(node);
            if (self == null) {
                throw new IllegalArgumentException("nodes does not name this node, " + node);
            }
            p.put("port", Integer.toString(self.port));
            local = new PostgresServer(p, runner);
            peers.addAll(all.values());
        }

        /** What each reachable peer says; unreachable peers are left out. */
        List<PeerState> survey() {
            List<PeerState> out = new ArrayList<>();
            for (Peer peer : peers) {
                local.queryAt(peer.host, peer.port, STATE_SQL, QUERY_TIMEOUT).flatMap(s -> parseState(peer, s))
                        .ifPresent(out::add);
            }
            return out;
        }

        Optional<PeerState> self() {
            return local.query(STATE_SQL, QUERY_TIMEOUT, new StringBuilder())
                    .flatMap(s -> parseState(new Peer(node, "local", local.port), s));
        }
    }

    static Map<String, Peer> parseNodes(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("parameter 'nodes' is required (n1=host:port,n2=host:port,...)");
        }
        Map<String, Peer> out = new LinkedHashMap<>();
        for (String entry : spec.split("[,\\s]+")) {
            String[] kv = entry.split("=", 2);
            int colon = kv.length == 2 ? kv[1].lastIndexOf(':') : -1;
            if (colon <= 0) {
                throw new IllegalArgumentException("nodes entry '" + entry + "' is not NODE=HOST:PORT");
            }
            out.put(kv[0], new Peer(kv[0], kv[1].substring(0, colon), PostgresServer.port(kv[1].substring(colon + 1))));
        }
        return out;
    }

    private static Optional<PeerState> parseState(Peer peer, String answer) {
        String[] f = answer.split("\\|");
        if (f.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PeerState(peer, f[0].equals("t"), f[1].isEmpty() ? 0 : Long.parseLong(f[1])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Runs the action on the parameters, or answers ERR_CONFIGURED saying what is wrong with them. */
    private AgentResult withParameters(AgentRequest request, java.util.function.Function<Replication, AgentResult> action) {
        return Configured.run(request, Replication::new, action);
    }

    @Override
    public AgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public AgentResult validate(AgentRequest request) {
        return withParameters(request, set -> set.local.installed() ? AgentResult.ok()
                : AgentResult.of(OcfStatus.ERR_INSTALLED, "no pg_ctl in " + set.local.bindir));
    }

    @Override
    public AgentResult start(AgentRequest request) {
        AgentResult valid = validate(request);
        if (valid.status() != OcfStatus.OK) {
            return valid;
        }
        Replication set = new Replication(request);
        PostgresServer db = set.local;
        Path waiting = waitingForCopy(request);
        try {
            Files.deleteIfExists(waiting); // a start decides anew
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_PERM, "cannot remove " + waiting + ": " + e.getMessage());
        }
        if (db.running()) {
            return monitor(request);
        }
        long deadline = System.nanoTime() + request.timeout().minusSeconds(5).toNanos();
        Optional<PeerState> primary;
        if (!db.initialized()) {
            Optional<PeerState> source = awaitSource(set, sourceWaitDeadline(deadline));
            while (true) {
                if (source.isEmpty()) {
                    return waitForCopy(db, set, waiting);
                }
                String failed = baseBackup(db, source.get().peer, deadline);
                if (failed == null) {
                    break;
                }
                // A copy from a replica fails when the cluster promotes it meanwhile (at
                // bootstrap, the promote may run alongside this start): copy again, from the
                // primary it has become. pg_basebackup left the data directory empty.
                if (!source.get().replica || System.nanoTime() + COPY_RETRY_PAUSE.toNanos() > deadline
                        || !pause(COPY_RETRY_PAUSE)) {
                    return AgentResult.of(OcfStatus.ERR_GENERIC, failed);
                }
                source = awaitSource(set, sourceWaitDeadline(deadline));
            }
            primary = source.filter(s -> !s.replica);
        } else {
            primary = set.survey().stream().filter(s -> !s.replica).findFirst();
            if (primary.isPresent()) {
                // Whether this data went its own way (a former primary) or not, pg_rewind
                // brings it onto the primary's history; it does nothing when nothing diverged.
                String failed = rewind(db, primary.get().peer, deadline);
                if (failed != null) {
                    return AgentResult.of(OcfStatus.ERR_GENERIC, failed);
                }
            }
        }
        try {
            followAsReplica(db, primary.map(p -> p.peer.conninfo(db.user)).orElse(null));
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_PERM, "cannot configure " + db.datadir + " as a replica: " + e.getMessage());
        }
        String failed = db.start(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 5_000_000_000L)));
        return failed == null ? monitor(request) : AgentResult.of(OcfStatus.ERR_GENERIC, failed);
    }

    /** A peer to copy the data from: the primary, else any running replica; waits for one until the deadline. */
    private static Optional<PeerState> awaitSource(Replication set, long deadline) {
        while (true) {
            Optional<PeerState> best = source(set.survey());
            if (best.isPresent() || System.nanoTime() > deadline || !pause(Duration.ofMillis(500))) {
                return best;
            }
        }
    }

    private static Optional<PeerState> source(List<PeerState> up) {
        return up.stream().filter(s -> !s.replica).findFirst().or(() -> up.stream().findFirst());
    }

    private static long sourceWaitDeadline(long deadline) {
        return Math.min(deadline, System.nanoTime() + SOURCE_WAIT.toNanos());
    }

    /** Sleeps; false if interrupted (the interrupt is kept). */
    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The state file of a start that is waiting for a peer to copy from (see the class comment). */
    private static Path waitingForCopy(AgentRequest request) {
        return request.context().stateDirectory().resolve("replicated-database-" + request.resourceId()
                + ".waiting-for-copy");
    }

    /** Ends a start that found no peer to copy from: started, waiting for one (see the class comment). */
    private static AgentResult waitForCopy(PostgresServer db, Replication set, Path waiting) {
        try {
            Files.createDirectories(waiting.getParent());
            Files.writeString(waiting, db.datadir + "\n");
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_PERM, "cannot write " + waiting + ": " + e.getMessage());
        }
        return AgentResult.of(OcfStatus.OK, waitingReason(db, set)).withPromotionScore(NEVER_PROMOTED);
    }

    private static String waitingReason(PostgresServer db, Replication set) {
        List<String> names = new ArrayList<>();
        set.peers.forEach(p -> names.add(p.node));
        return "waiting for a copy: " + db.datadir + " is empty and no peer runs to copy it from ("
                + (names.isEmpty() ? "there are no peers" : "no server answers on " + String.join(", ", names)) + ")";
    }

    /**
     * The monitor of a start that is waiting for a copy: DEGRADED while no peer runs; once one
     * does (or the data directory was filled meanwhile), NOT_RUNNING, so that it is started again.
     */
    private static AgentResult monitorWaiting(PostgresServer db, Replication set) {
        if (db.initialized()) {
            return AgentResult.of(OcfStatus.NOT_RUNNING, "was waiting for a copy; " + db.datadir
                    + " has data now: to be started");
        }
        Optional<PeerState> source = source(set.survey());
        if (source.isPresent()) {
            return AgentResult.of(OcfStatus.NOT_RUNNING, "was waiting for a copy; " + source.get().peer.node
                    + " runs now: to be started again, copying from it");
        }
        return AgentResult.of(OcfStatus.DEGRADED, waitingReason(db, set)).withPromotionScore(NEVER_PROMOTED);
    }

    private static String baseBackup(PostgresServer db, Peer source, long deadline) {
        try {
            Files.createDirectories(db.datadir);
            new ProcessRunner().finish(List.of("chown", db.user + ":" + db.user, db.datadir.toString()),
                    Duration.ofSeconds(5), null);
            new ProcessRunner().finish(List.of("chmod", "700", db.datadir.toString()), Duration.ofSeconds(5), null);
        } catch (IOException e) {
            return "cannot create " + db.datadir + ": " + e.getMessage();
        }
        ProcessResult r = db.asUser(List.of(db.bindir.resolve("pg_basebackup").toString(), "-h", source.host, "-p",
                Integer.toString(source.port), "-U", db.user, "-D", db.datadir.toString(), "-X", "stream", "-c", "fast"),
                Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L)));
        if (r == null || r.exitCode() != 0) {
            return "pg_basebackup from " + source.node + " failed: " + (r == null ? "timed out" : firstError(r.stderr()));
        }
        return null;
    }

    /** pg_basebackup's first "error:" line (its last one only says it removed what it copied). */
    private static String firstError(String stderr) {
        for (String line : stderr.split("\n")) {
            if (line.contains("error:")) {
                return line.strip();
            }
        }
        return ProcessResult.lastLine(stderr);
    }

    /** A former primary rejoining: rewind its data onto the current primary's timeline. */
    private static String rewind(PostgresServer db, Peer primary, long deadline) {
        // A primary just promoted writes its new timeline into its control file only at the next
        // checkpoint; pg_rewind reads the timeline from there.
        db.queryAt(primary.host, primary.port, "checkpoint", Duration.ofSeconds(30));
        ProcessResult r = db.asUser(List.of(db.bindir.resolve("pg_rewind").toString(), "-D", db.datadir.toString(),
                "--source-server=" + primary.conninfo(db.user) + " dbname=" + db.dbname),
                Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L)));
        if (r == null || r.exitCode() != 0) {
            return "pg_rewind onto " + primary.node + " failed: " + (r == null ? "timed out"
                    : ProcessResult.lastLine(r.stdout() + "\n" + r.stderr()));
        }
        return null;
    }

    /** standby.signal, and primary_conninfo in postgresql.auto.conf (left out when no primary is known). */
    private static void followAsReplica(PostgresServer db, String conninfo) throws IOException {
        Path signal = db.datadir.resolve("standby.signal");
        if (!Files.exists(signal)) {
            Files.writeString(signal, "");
            new ProcessRunner().finish(List.of("chown", db.user + ":" + db.user, signal.toString()),
                    Duration.ofSeconds(5), null);
        }
        if (conninfo != null) {
            writeConninfo(db, conninfo);
        }
    }

    private static boolean writeConninfo(PostgresServer db, String conninfo) throws IOException {
        Path auto = db.datadir.resolve("postgresql.auto.conf");
        List<String> lines = Files.exists(auto) ? new ArrayList<>(Files.readAllLines(auto)) : new ArrayList<>();
        String wanted = "primary_conninfo = '" + conninfo + "'";
        if (lines.contains(wanted)) {
            return false;
        }
        lines.removeIf(l -> l.startsWith("primary_conninfo"));
        lines.add(wanted);
        Files.write(auto, lines); // rewriting keeps the file's owner
        return true;
    }

    @Override
    public AgentResult stop(AgentRequest request) {
        return withParameters(request, set -> stop(set, request));
    }

    private AgentResult stop(Replication set, AgentRequest request) {
        Path waiting = waitingForCopy(request);
        try {
            Files.deleteIfExists(waiting);
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, "cannot remove " + waiting + ": " + e.getMessage());
        }
        return set.local.stop(request.timeout()) ? AgentResult.ok()
                : AgentResult.of(OcfStatus.ERR_GENERIC, "PostgreSQL in " + set.local.datadir + " would not stop");
    }

    @Override
    public AgentResult monitor(AgentRequest request) {
        return withParameters(request, set -> monitor(set, request));
    }

    private AgentResult monitor(Replication set, AgentRequest request) {
        PostgresServer db = set.local;
        if (!db.installed() || !db.running()) {
            return db.installed() && Files.exists(waitingForCopy(request)) ? monitorWaiting(db, set)
                    : AgentResult.notRunning();
        }
        Optional<PeerState> self = set.self();
        if (self.isEmpty()) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, "PostgreSQL runs but does not answer");
        }
        if (!self.get().replica) {
            AgentResult check = request.depth() >= 10 ? PostgresAgent.check(db, request.depth()) : AgentResult.ok();
            return check.status() != OcfStatus.OK ? check
                    : AgentResult.of(OcfStatus.RUNNING_PROMOTED, "primary").withPromotionScore(PRIMARY_SCORE);
        }
        List<PeerState> peers = set.survey();
        Optional<PeerState> primary = peers.stream().filter(s -> !s.replica).findFirst();
        if (primary.isPresent()) {
            try {
                if (writeConninfo(db, primary.get().peer.conninfo(db.user))) {
                    db.query("select pg_reload_conf()", QUERY_TIMEOUT, new StringBuilder());
                }
            } catch (IOException e) {
                return AgentResult.of(OcfStatus.ERR_PERM, "cannot repoint the replica: " + e.getMessage());
            }
        }
        long ahead = peers.stream().filter(s -> s.replica && s.lsn > self.get().lsn).count();
        return AgentResult.of(OcfStatus.OK, "replica" + primary.map(p -> " of " + p.peer.node).orElse("")
                + " at " + self.get().lsn).withPromotionScore(PRIMARY_SCORE - 10 - 10 * (int) ahead);
    }

    @Override
    public AgentResult promote(AgentRequest request) {
        return withParameters(request, set -> promote(set, request));
    }

    private AgentResult promote(Replication set, AgentRequest request) {
        Optional<PeerState> self = set.self();
        if (self.isEmpty()) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, "cannot promote: the local server does not answer");
        }
        if (!self.get().replica) {
            return AgentResult.ok();
        }
        List<PeerState> peers = set.survey();
        for (PeerState p : peers) {
            if (!p.replica) {
                return AgentResult.of(OcfStatus.ERR_GENERIC, "refusing to promote: " + p.peer.node
                        + " is still a primary");
            }
            if (p.lsn > self.get().lsn) {
                return AgentResult.of(OcfStatus.ERR_GENERIC, "refusing to promote: " + p.peer.node
                        + " has received more WAL (" + p.lsn + " > " + self.get().lsn + ")")
                        .withPromotionScore(0);
            }
        }
        ProcessResult r = set.local.asUser(List.of(set.local.bindir.resolve("pg_ctl").toString(), "-D",
                set.local.datadir.toString(), "-w", "-t", Long.toString(Math.max(5, request.timeout().toSeconds() - 2)),
                "promote"), request.timeout());
        if (r == null || r.exitCode() != 0) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, "pg_ctl promote failed: " + (r == null ? "timed out"
                    : ProcessResult.lastLine(r.stdout() + "\n" + r.stderr())));
        }
        // The new timeline reaches the control file at a checkpoint: do it now, for pg_rewind.
        set.local.query("checkpoint", Duration.ofSeconds(30), new StringBuilder());
        return AgentResult.ok().withPromotionScore(PRIMARY_SCORE);
    }

    @Override
    public AgentResult demote(AgentRequest request) {
        return withParameters(request, set -> demote(set, request));
    }

    private AgentResult demote(Replication set, AgentRequest request) {
        PostgresServer db = set.local;
        Optional<PeerState> self = db.running() ? set.self() : Optional.empty();
        if (self.isEmpty() || self.get().replica) {
            return self.isEmpty() && db.running() ? AgentResult.of(OcfStatus.ERR_GENERIC, "the server does not answer")
                    : AgentResult.ok();
        }
        if (!db.stop(request.timeout().dividedBy(2))) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, "the primary would not stop to be demoted");
        }
        try {
            followAsReplica(db, null);
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_PERM, "cannot configure " + db.datadir + " as a replica: " + e.getMessage());
        }
        String failed = db.start(request.timeout().dividedBy(2));
        return failed == null ? AgentResult.ok().withPromotionScore(PRIMARY_SCORE - 10)
                : AgentResult.of(OcfStatus.ERR_GENERIC, failed);
    }
}
