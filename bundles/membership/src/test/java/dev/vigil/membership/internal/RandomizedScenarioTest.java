package dev.vigil.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.NodeState;
import dev.vigil.heartbeat.KeyRing;
import dev.vigil.heartbeat.Timing;
import dev.vigil.testkit.FakeClock;
import dev.vigil.testkit.LoopbackNetwork;
import dev.vigil.transport.Transport;

/**
 * Seeded random scenarios over the loopback network: kills, restarts, partitions, heals, lossy
 * and delayed links, with an audit after every step. A failing seed replays exactly.
 *
 * <p>Audits: at most one node acts as DC at any instant; nobody is declared dead by a node that
 * heard it within deadtime; once the network is quiet (no loss, no delay) for a settling bound,
 * the nodes of each connected quorate component agree on one view.
 */
class RandomizedScenarioTest {
    private static final Timing TIMING = Timing.of(Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofMillis(500), Duration.ofSeconds(1));
    private static final KeyRing KEYS = KeyRing.parse("1 hmac-sha256 scenario-secret-0123456\n");
    /** Agreement must come within this much quiet time after the last change. */
    private static final Duration SETTLE = Duration.ofMillis(1500);

    private FakeClock clock;
    private LoopbackNetwork network;
    private final Map<String, MembershipEngine> engines = new LinkedHashMap<>();
    private final Map<String, Long> lastHeardBy = new HashMap<>();
    private List<String> names;
    private long incarnation = 1;

    private void start(String name) {
        Transport link = network.endpoint(name, "link0");
        MembershipEngine e = new MembershipEngine(new NodeSettings(name, "scenario", names, TIMING, KEYS),
                incarnation++, clock.instant(), link::send, Runnable::run);
        link.open((l, frame) -> {
            MembershipEngine target = engines.get(name);
            if (target != null) {
                target.onFrame(l, frame, clock.instant());
            }
        });
        engines.put(name, e);
    }

    private void step(Duration d) {
        for (long i = 0; i < d.toMillis() / TIMING.keepalive().toMillis(); i++) {
            clock.advance(TIMING.keepalive());
            network.deliverDue();
            new ArrayList<>(engines.values()).forEach(e -> e.tick(clock.instant()));
            audit();
        }
    }

    private void audit() {
        List<String> dcs = engines.entrySet().stream().filter(e -> e.getValue().view().isLocalDc())
                .map(Map.Entry::getKey).collect(Collectors.toList());
        assertTrue(dcs.size() <= 1, "two nodes act as DC at once: " + dcs);
    }

    /** Connected components of live nodes under the current partition, by probing the view's agreement. */
    private void auditAgreement(List<Set<String>> groups) {
        for (Set<String> g : groups) {
            Set<String> alive = g.stream().filter(engines::containsKey).collect(Collectors.toSet());
            if (2L * alive.size() <= names.size()) {
                continue; // a minority: may not even agree with itself about the others' deaths yet
            }
            Set<Set<String>> views = alive.stream().map(n -> (Set<String>) engines.get(n).view().members())
                    .collect(Collectors.toSet());
            assertEquals(1, views.size(), "component " + alive + " disagrees: " + views);
            assertEquals(alive, views.iterator().next(), "the agreed view is the component");
            assertEquals(1, alive.stream().map(n -> engines.get(n).view().number()).distinct().count(),
                    "component " + alive + " agrees on the view's number");
            long dcs = alive.stream().filter(n -> engines.get(n).view().isLocalDc()).count();
            assertEquals(1, dcs, "a settled quorate component has exactly one DC");
        }
    }

    @ParameterizedTest(name = "{0} nodes, seed {1}")
    @CsvSource({"3, 1", "3, 2", "5, 3", "5, 4", "8, 5", "16, 6", "32, 7"})
    void randomFailuresNeverBreakTheInvariants(int size, long seed) {
        Random random = new Random(seed);
        clock = new FakeClock();
        network = new LoopbackNetwork(clock, seed);
        names = IntStream.rangeClosed(1, size).mapToObj(i -> "n" + i).collect(Collectors.toList());
        names.forEach(this::start);
        step(Duration.ofSeconds(2));
        List<Set<String>> groups = List.of(new HashSet<>(names));
        auditAgreement(groups);
        int steps = size >= 16 ? 12 : 25;
        for (int s = 0; s < steps; s++) {
            int what = random.nextInt(6);
            String victim = names.get(random.nextInt(size));
            switch (what) {
                case 0:
                    engines.remove(victim); // SIGKILL
                    break;
                case 1:
                    if (!engines.containsKey(victim)) {
                        start(victim); // restart with a new incarnation
                    }
                    break;
                case 2:
                    List<String> shuffled = new ArrayList<>(names);
                    java.util.Collections.shuffle(shuffled, random);
                    int cut = 1 + random.nextInt(size - 1);
                    groups = List.of(new HashSet<>(shuffled.subList(0, cut)),
                            new HashSet<>(shuffled.subList(cut, size)));
                    network.partition(groups);
                    break;
                case 3:
                    network.heal();
                    groups = List.of(new HashSet<>(names));
                    break;
                case 4:
                    network.setLoss(0.2 + random.nextDouble() * 0.3);
                    break;
                default:
                    network.setDelay(Duration.ofMillis(random.nextInt(200)));
                    break;
            }
            step(Duration.ofMillis(100 + random.nextInt(1500)));
            network.setLoss(0);
            network.setDelay(Duration.ZERO);
            step(SETTLE);
            auditAgreement(groups);
        }
    }
}
