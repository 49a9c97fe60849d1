package dev.vigil.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;

/**
 * An operator who configures a resource whose stop may take longer than the node's stop budget
 * (deadtime - lease - a keepalive), with neither a watchdog nor fencing, reads so in the node's
 * log when the configuration arrives: the resource, its stop timeout, the budget and the fix.
 */
class StopBudgetWarningIT {
    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aStopSlowerThanTheStopBudgetIsLoggedWithItsRemedy() throws Exception {
        cluster = LocalCluster.create(Path.of(System.getProperty("vigil.distribution")),
                Files.createTempDirectory("vigil-stop-budget-it"), 3, ItTiming.timing(),
                "primitive slow dummy op stop timeout=60s\nprimitive quick dummy op stop timeout=100ms\n");
        cluster.start("n1");
        Path log = cluster.home("n1").resolve("var/log/vigil.log");
        // the default lease is half of deadtime
        long budget = ItTiming.deadtime().minus(ItTiming.deadtime().dividedBy(2)).minus(ItTiming.keepalive()).toMillis();
        String expected = "resource slow has a stop timeout of 60000 ms, longer than this node's stop budget of "
                + budget + " ms";
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log) && Files.readString(log).contains(expected)
                && Files.readString(log).contains("Configure watchdog.device"));
        assertFalse(Files.readString(log).contains("resource quick has a stop timeout"), "quick stops fit the budget");
    }
}
