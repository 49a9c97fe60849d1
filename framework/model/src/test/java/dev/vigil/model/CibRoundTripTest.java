package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every CIB of the policy regression folders, read, written and read again, gives an equal
 * configuration and status; written twice, the same document. A case that cannot round-trip
 * fails this test with what changed, unless {@link #REFUSED} names it with the reason.
 */
class CibRoundTripTest {
    static final Path CASES = Path.of("../policy/src/test/resources/cases");
    /** Cases the writer refuses on purpose, each with why; none at present. */
    static final Map<String, String> REFUSED = Map.of();

    @Test
    void everyRegressionCibRoundTrips() throws IOException {
        List<Path> cibs = regressionCibs();
        assertTrue(cibs.size() > 100, "expected the regression folders under " + CASES.toAbsolutePath()
                + ", found " + cibs.size() + " CIBs");
        List<String> failures = new ArrayList<>();
        int equal = 0;
        for (Path cib : cibs) {
            String name = cib.getParent().getFileName().toString();
            try {
                Cib first = new CibReader(cib.toString()).read(Files.readString(cib));
                String written = CibWriter.write(first);
                Cib second = new CibReader(name + " (written)").read(written);
                List<String> differences = ModelDiff.between(first, second);
                if (!differences.isEmpty()) {
                    failures.add(name + ": " + String.join("; ", differences));
                } else if (!written.equals(CibWriter.write(second))) {
                    failures.add(name + ": writing the read-back model gives another document");
                } else {
                    equal++;
                }
            } catch (RuntimeException e) {
                failures.add(name + ": " + e);
            }
        }
        failures.removeIf(f -> REFUSED.containsKey(f.substring(0, f.indexOf(':'))));
        System.out.printf("CIB round trip: %d of %d regression CIBs give an equal model%n", equal, cibs.size());
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + cibs.size() + " regression CIBs do not round-trip:\n"
                    + String.join("\n", failures));
        }
        assertEquals(cibs.size() - REFUSED.size(), equal);
    }

    static List<Path> regressionCibs() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.map(d -> d.resolve("cib.xml")).filter(Files::isRegularFile).sorted().toList();
        }
    }
}
