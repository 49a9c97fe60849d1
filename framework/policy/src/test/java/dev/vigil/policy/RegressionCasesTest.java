package dev.vigil.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;

/**
 * Policy regression: one folder per case under {@code src/test/resources/cases}, a CIB in and
 * the expected placement, transition summary and orderings out. The cases are Pacemaker's own
 * scheduler cases that Vigil passes, so that they cannot regress.
 *
 * <p>Run with {@code -Dvigil.updateExpectations=true} to rewrite every expected.txt from what
 * the engine decides now, for review in the diff.
 */
class RegressionCasesTest {
    private static final Path CASES = Path.of("src/test/resources/cases");
    /** Decisions are made as of this instant, after every case's recorded times (failure-timeout). */
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(CASES)) {
            dirs = s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
        assertTrue(dirs.size() >= 70, "regression cases present: " + dirs.size());
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> check(d)));
    }

    private static void check(Path dir) throws IOException {
        Cib cib = new CibReader(dir.resolve("cib.xml").toString())
                .read(Files.readString(dir.resolve("cib.xml"), StandardCharsets.UTF_8));
        Transition t = PolicyEngine.forSanitizedInput().compute(cib.config(), cib.status(), NOW);
        List<String> placement = counted(t.revised().stream()
                .map(p -> base(p.resource()) + "|" + p.role() + "|" + p.node()).collect(Collectors.toList()));
        List<String> transitions = counted(t.changes().stream()
                .map(c -> c.verb() + "|" + base(c.resource()) + "|" + c.detail()).collect(Collectors.toList()));
        Path expectedFile = dir.resolve("expected.txt");
        List<String> lines = Files.readAllLines(expectedFile);
        if (Boolean.getBoolean("vigil.updateExpectations")) {
            List<String> out = lines.stream().filter(l -> l.startsWith("#")).collect(Collectors.toList());
            placement.forEach(p -> out.add("placement " + p));
            transitions.forEach(p -> out.add("transition " + p));
            t.precedence().forEach(o -> out.add("order " + o));
            Files.write(expectedFile, out);
            return;
        }
        assertEquals(section(lines, "placement "), placement, "placement after the transition");
        assertEquals(section(lines, "transition "), transitions, "transition summary");
        List<String> missing = new ArrayList<>();
        Map<String, Set<String>> after = reachability(t.precedence());
        for (String pair : section(lines, "order ")) {
            String[] ab = pair.split(" < ");
            if (!after.getOrDefault(ab[0], Set.of()).contains(ab[1])) {
                missing.add(pair);
            }
        }
        assertEquals(List.of(), missing, "orderings that must hold");
    }

    /** Clone instances count by their primitive (rsc:2 is rsc), as Pacemaker's numbering may differ. */
    private static String base(String resource) {
        return resource.replaceAll(":\\d+$", "");
    }

    /** Sorted "item|count" lines, as the expectations count repeated entries. */
    private static List<String> counted(List<String> items) {
        Map<String, Integer> n = new TreeMap<>();
        items.forEach(i -> n.merge(i, 1, Integer::sum));
        return n.entrySet().stream().map(e -> e.getKey() + "|" + e.getValue()).collect(Collectors.toList());
    }

    private static List<String> section(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).sorted()
                .collect(Collectors.toList());
    }

    /** Precedence pairs are already transitive; index them by their first element. */
    private static Map<String, Set<String>> reachability(List<String> pairs) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String p : pairs) {
            String[] ab = p.split(" < ");
            out.computeIfAbsent(ab[0], k -> new HashSet<>()).add(ab[1]);
        }
        return out;
    }
}
