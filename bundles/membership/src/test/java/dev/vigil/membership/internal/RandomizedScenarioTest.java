package dev.vigil.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vigil.heartbeat.Timing;

/**
 * Seeded random fault schedules over the loopback network: kills, restarts, clean leaves,
 * partitions, one-way and non-transitive cuts, paused processes, lossy and delayed links. The
 * safety audit runs after every tick ({@link EngineCluster#audit()}: at most one acting DC, no
 * lease outside the DC's view); after each fault, once the network is quiet again, live nodes
 * must agree on one view with one DC. A failing seed replays exactly.
 */
class RandomizedScenarioTest {
    private static final Timing TIMING = Timing.of(Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofMillis(500), Duration.ofSeconds(1));
    /** Agreement must come within this much quiet time after the last change. */
    private static final Duration SETTLE = Duration.ofMillis(2500);

    @ParameterizedTest(name = "{0} nodes, seed {1}")
    @CsvSource({"3, 1", "3, 2", "3, 11", "5, 3", "5, 4", "5, 12", "8, 5", "16, 6", "32, 7"})
    void randomFaultsNeverBreakTheInvariantsAndTheClusterConverges(int size, long seed) {
        Random random = new Random(seed);
        List<String> names = IntStream.rangeClosed(1, size).mapToObj(i -> "n" + i).collect(Collectors.toList());
        EngineCluster c = new EngineCluster(TIMING, seed, names).startAll();
        c.run(Duration.ofSeconds(2));
        auditConverged(c);
        int steps = size >= 16 ? 10 : 25;
        for (int s = 0; s < steps; s++) {
            String victim = names.get(random.nextInt(size));
            String other = names.get(random.nextInt(size));
            Set<String> paused = new HashSet<>();
            switch (random.nextInt(9)) {
                case 0:
                    c.kill(victim); // SIGKILL
                    break;
                case 1:
                    if (!c.engines.containsKey(victim)) {
                        c.start(victim); // restart with a new incarnation
                    }
                    break;
                case 2:
                    List<String> shuffled = new ArrayList<>(names);
                    Collections.shuffle(shuffled, random);
                    int cut = 1 + random.nextInt(size - 1);
                    c.network.partition(List.of(new HashSet<>(shuffled.subList(0, cut)),
                            new HashSet<>(shuffled.subList(cut, size))));
                    break;
                case 3:
                    c.network.silence(victim); // one-way: heard by nobody, hears all
                    break;
                case 4:
                    if (!victim.equals(other)) {
                        c.network.cut(victim, other); // non-transitive
                    }
                    break;
                case 5:
                    if (c.engines.containsKey(victim)) {
                        c.network.pause(victim);
                        paused.add(victim);
                    }
                    break;
                case 6:
                    c.network.setLoss(0.2 + random.nextDouble() * 0.3);
                    break;
                case 7:
                    c.network.setDelay(Duration.ofMillis(random.nextInt(200)));
                    break;
                default:
                    if (c.engines.containsKey(victim)) {
                        c.engines.get(victim).setLeaving(true); // a clean stop that completes ...
                        c.run(Duration.ofMillis(500));
                        c.kill(victim); // ... and the process exits
                    }
                    break;
            }
            c.run(Duration.ofMillis(100 + random.nextInt(1500)));
            paused.forEach(c::resume);
            c.network.heal();
            c.network.setLoss(0);
            c.network.setDelay(Duration.ZERO);
            c.run(SETTLE);
            auditConverged(c);
        }
    }

    /** Live nodes, on a quiet network, agree on one view (number and members) with one DC if quorate. */
    private static void auditConverged(EngineCluster c) {
        Set<String> alive = c.engines.keySet();
        if (alive.isEmpty()) {
            return;
        }
        Set<Set<String>> views = alive.stream().map(n -> (Set<String>) c.view(n).members()).collect(Collectors.toSet());
        assertEquals(Set.of(alive), views, "live nodes " + alive + " disagree: " + views);
        assertEquals(1, alive.stream().map(n -> c.view(n).number()).distinct().count(), "one view number");
        boolean quorate = 2 * alive.size() > c.names.size();
        assertEquals(quorate ? 1 : 0, c.actingDcs().size(), "DCs among " + alive + ": " + c.actingDcs());
    }
}
