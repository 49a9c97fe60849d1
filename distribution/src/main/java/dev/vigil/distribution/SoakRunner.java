package dev.vigil.distribution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs N nodes for a while and counts membership changes after the cluster formed: with no
 * node dying, every one is a false suspicion. Used by itests/bench/false-suspicion.sh, which
 * saturates the cores meanwhile.
 *
 * <pre>SoakRunner WORKDIR NODES KEEPALIVE WARNTIME DEADTIME MINUTES [kill-one]</pre>
 * With {@code kill-one}, the last node is killed once the cluster formed, and the survivors are
 * soaked once they have settled without it. Every view line counts, lease losses included.
 */
public final class SoakRunner {
    private SoakRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("vigil.home", ".")).toAbsolutePath();
        int nodes = Integer.parseInt(args[1]);
        long minutes = Long.parseLong(args[5]);
        try (LocalCluster c = LocalCluster.create(home, Path.of(args[0]), nodes,
                new LocalCluster.Timing(args[2], args[3], args[4], "10s"), "property no-quorum-policy=stop\n")) {
            for (String n : c.nodes()) {
                c.start(n);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && formedViewLines(c, nodes).size() < nodes) {
                Thread.sleep(200);
            }
            if (args.length > 6 && args[6].equals("kill-one")) {
                String victim = c.nodes().get(nodes - 1);
                c.kill(victim);
                System.out.printf(Locale.ROOT, "killed %s; letting the survivors settle%n", victim);
                Thread.sleep(Duration.ofSeconds(10).toMillis());
            }
            // Log lines are grouped per node: count by time, not by position.
            String since = java.time.LocalDateTime.now().toString().replace('T', ' ');
            System.out.printf(Locale.ROOT, "formed; soaking %d min at keepalive %s, deadtime %s from %s%n",
                    minutes, args[2], args[4], since);
            Thread.sleep(Duration.ofMinutes(minutes).toMillis());
            List<String> after = new ArrayList<>();
            for (String l : viewLines(c)) {
                if (l.length() >= 23 && l.substring(0, 23).compareTo(since) > 0) {
                    after.add(l);
                }
            }
            System.out.printf(Locale.ROOT, "false suspicions: %d view lines (view changes or lease losses and their "
                    + "recoveries) in %d min with no node dying%n", after.size(), minutes);
            after.forEach(l -> System.out.println("  " + l));
        }
    }

    private static List<String> viewLines(LocalCluster c) throws Exception {
        List<String> out = new ArrayList<>();
        for (String n : c.nodes()) {
            for (String l : Files.readAllLines(c.home(n).resolve("var/log/vigil.log"))) {
                if (l.contains("MembershipEngine") && l.contains(": view ")) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    private static List<String> formedViewLines(LocalCluster c, int nodes) throws Exception {
        List<String> out = new ArrayList<>();
        for (String l : viewLines(c)) {
            if (l.contains(" quorate ") && !l.contains("settling") && l.split(",").length >= nodes) {
                out.add(l);
            }
        }
        return out;
    }
}
