package dev.vigil.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;

/**
 * Clone notifications on real nodes with a real OCF script (vigil-test/Notifier, which appends
 * every notification it receives to one log shared by the nodes): when a node joins and an
 * instance starts there, the instances already running are told before and after, naming that
 * node; when the node leaves cleanly, the others are told before and after its instance stops.
 * The instance's own start and stop are given the same lists (Pacemaker's notify meta-attributes
 * on a clone instance's start and stop).
 */
class CloneNotifyIT {
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void runningInstancesAreToldWhenAnInstanceStartsOrStopsElsewhere() throws Exception {
        Path work = Files.createTempDirectory("vigil-notify-it");
        Path log = work.resolve("notifications.log");
        Files.createFile(log);
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")), work.resolve("nodes"), 3,
                ItTiming.timing(), "");
        Path ocfRoot = testOcfRoot(work.resolve("ocf"));
        String conf = "primitive nt ocf:vigil-test:Notifier params log=" + log
                + " op monitor interval=1s timeout=5s\n"
                + "clone nt-clone nt meta notify=true\n";
        for (String n : cluster.nodes()) {
            Files.writeString(cluster.home(n).resolve("etc/cluster.conf"), conf);
            Files.writeString(cluster.home(n).resolve("etc/dev.vigil.agent.ocf.cfg"), "ocf.root=" + ocfRoot + "\n");
        }
        cluster.start("n1");
        cluster.start("n2");
        await().atMost(SETTLE).until(() -> runs("n1") && runs("n2"));

        // n3 joins: its instance starts there. The instances running then are told before and
        // after, naming n3; n3's own instance, not running yet, hears only the post-notification.
        cluster.start("n3");
        await().atMost(SETTLE).until(() -> runs("n3") && announced(log, "start", "n3") != null);
        Transition join = announced(log, "start", "n3");
        assertFalse(join.active().isEmpty(), "instances were running when n3's started: " + join);
        assertFalse(join.toldBefore().contains("n3"), "n3's instance was not running yet: " + join);
        assertTrue(join.active().containsAll(join.toldBefore()) && !join.toldBefore().isEmpty(),
                "running instances are told before: " + join);
        await().atMost(SETTLE).until(() -> announced(log, "start", "n3").toldAfter().contains("n3"));
        join = announced(log, "start", "n3");
        assertTrue(join.toldAfter().containsAll(join.toldBefore()), "and after: " + join);
        join.assertEachToldBeforeThenAfter();
        // n3's own start was given the same lists (as Pacemaker gives an instance's own start).
        assertTrue(ownActions(log).contains(join.notes().get(0).own("n3", "start")),
                "n3's start carried the clone's lists " + join.notes().get(0) + ": " + ownActions(log));

        // n3 leaves cleanly: its instance stops. Every running instance is told before, and the
        // ones that stay after.
        assertTrue(cluster.stop("n3", SETTLE), "n3 stops cleanly");
        await().atMost(SETTLE).until(() -> announced(log, "stop", "n3") != null
                && !announced(log, "stop", "n3").toldAfter().isEmpty());
        Transition leave = announced(log, "stop", "n3");
        assertTrue(leave.toldBefore().contains("n3") && leave.toldBefore().containsAll(leave.active()),
                "every running instance is told before the stop: " + leave);
        assertFalse(leave.toldAfter().contains("n3"), "a stopped instance hears no post-stop: " + leave);
        Set<String> staying = new TreeSet<>(leave.active());
        staying.removeAll(leave.listed());
        assertEquals(staying, leave.toldAfter(), "the instances that stay are told after: " + leave);
        leave.assertEachToldBeforeThenAfter();
        assertTrue(ownActions(log).contains(leave.notes().get(0).own("n3", "stop")),
                "n3's stop carried the clone's lists " + leave.notes().get(0) + ": " + ownActions(log));
    }

    /**
     * The lines of LOG-actions, each start or stop that was given the clone's lists
     * ("NODE ACTION start=.. stop=.. active=.."), as notes of type "own".
     */
    private static List<Note> ownActions(Path log) throws IOException {
        Path actions = log.resolveSibling(log.getFileName() + "-actions");
        List<Note> out = new ArrayList<>();
        if (Files.exists(actions)) {
            for (String line : Files.readAllLines(actions)) {
                String[] f = line.split(" ", 2);
                out.add(Note.parse(0, f[0] + " own " + f[1]));
            }
        }
        return out;
    }

    /** Its instance's state file exists: the resource runs there. */
    private boolean runs(String node) {
        return Files.exists(cluster.home(node).resolve("var/state/rsctmp/notifier-nt.state"));
    }

    /** One line of the log: NODE TYPE OPERATION start=.. stop=.. active=.. */
    private record Note(int line, String node, String type, String operation, Set<String> start, Set<String> stop,
            Set<String> active) {
        static Note parse(int line, String text) {
            String[] f = text.split(" ");
            return new Note(line, f[0], f[1], f[2], list(f[3]), list(f[4]), list(f[5]));
        }

        private static Set<String> list(String field) {
            String v = field.substring(field.indexOf('=') + 1);
            return v.equals("-") ? Set.of() : new TreeSet<>(List.of(v.split(",")));
        }

        /** The line of LOG-actions an instance's own ACTION on NODE writes when given these lists. */
        Note own(String node, String action) {
            return new Note(0, node, "own", action, start, stop, active);
        }

        /** The same notification of the same transition (the same variables), whatever its type or receiver. */
        String transition() {
            return operation + " " + start + " " + stop + " " + active;
        }
    }

    /** The notifications of one clone operation in one transition. */
    private record Transition(String operation, List<Note> notes) {
        Set<String> active() {
            return notes.get(0).active();
        }

        Set<String> listed() {
            return operation.equals("start") ? notes.get(0).start() : notes.get(0).stop();
        }

        Set<String> toldBefore() {
            return told("pre");
        }

        Set<String> toldAfter() {
            return told("post");
        }

        private Set<String> told(String type) {
            return notes.stream().filter(n -> n.type().equals(type)).map(Note::node)
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        void assertEachToldBeforeThenAfter() {
            for (Note pre : notes) {
                for (Note post : notes) {
                    if (pre.type().equals("pre") && post.type().equals("post") && pre.node().equals(post.node())) {
                        assertTrue(pre.line() < post.line(), pre.node() + " heard pre before post: " + notes);
                    }
                }
            }
        }
    }

    /**
     * The first transition whose notifications of {@code operation} list {@code node} (its
     * instance starts, or stops), with a pre-notification; null before there is one.
     */
    private static Transition announced(Path log, String operation, String node) throws IOException {
        List<String> lines = Files.readAllLines(log);
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            notes.add(Note.parse(i, lines.get(i)));
        }
        for (Note pre : notes) {
            Set<String> listed = operation.equals("start") ? pre.start() : pre.stop();
            if (pre.type().equals("pre") && pre.operation().equals(operation) && listed.contains(node)) {
                // Its notes, up to a later transition that happens to carry the same variables.
                List<Note> same = new ArrayList<>();
                boolean postSeen = false;
                for (Note n : notes.subList(pre.line(), notes.size())) {
                    if (!n.transition().equals(pre.transition())) {
                        continue;
                    }
                    if (postSeen && n.type().equals("pre")) {
                        break;
                    }
                    postSeen |= n.type().equals("post");
                    same.add(n);
                }
                return new Transition(operation, same);
            }
        }
        return null;
    }

    /** An OCF root holding resource.d/vigil-test/Notifier, copied from the test resources. */
    private static Path testOcfRoot(Path root) throws IOException {
        Path script = root.resolve("resource.d/vigil-test/Notifier");
        Files.createDirectories(script.getParent());
        try (InputStream in = CloneNotifyIT.class.getResourceAsStream("/ocf/resource.d/vigil-test/Notifier")) {
            Files.copy(in, script);
        }
        assertTrue(script.toFile().setExecutable(true, false));
        return root;
    }
}
