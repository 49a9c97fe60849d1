package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The configuration language says everything the CIB does: the configuration of every
 * regression CIB, written in the language and read back, is equal; and a configuration in the
 * language, through CIB XML and back, is written as the same text.
 */
class ConfigLanguageRoundTripTest {
    /** Cases whose configuration the language refuses on purpose, each with why; none at present. */
    static final Map<String, String> REFUSED = Map.of();

    @Test
    void everyRegressionConfigurationRoundTripsThroughTheLanguage() throws IOException {
        List<Path> cibs = CibRoundTripTest.regressionCibs();
        List<String> failures = new ArrayList<>();
        int equal = 0;
        for (Path cib : cibs) {
            String name = cib.getParent().getFileName().toString();
            try {
                ClusterConfig config = new CibReader(name).read(Files.readString(cib)).config();
                String text = ConfigWriter.write(config);
                ClusterConfig back = new ConfigReader(name + " (written)").read(text);
                List<String> differences = ModelDiff.between(Cib.of(config, ClusterStatus.of(Map.of(), false, null)),
                        Cib.of(back, ClusterStatus.of(Map.of(), false, null)));
                if (differences.isEmpty() && config.equals(back) && text.equals(ConfigWriter.write(back))) {
                    equal++;
                } else {
                    failures.add(name + ": " + String.join("; ", differences));
                }
            } catch (RuntimeException e) {
                failures.add(name + ": " + e);
            }
        }
        failures.removeIf(f -> REFUSED.containsKey(f.substring(0, f.indexOf(':'))));
        System.out.printf("configuration language round trip: %d of %d regression configurations%n", equal,
                cibs.size());
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + cibs.size() + " regression configurations do not round-trip through "
                    + "the configuration language:\n" + String.join("\n", failures));
        }
        assertEquals(cibs.size() - REFUSED.size(), equal);
    }
}
