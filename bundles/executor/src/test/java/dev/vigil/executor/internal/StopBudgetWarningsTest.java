package dev.vigil.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ConfigReader;

/** A resource whose stop may outlast the node's stop budget is a visible warning, unless a watchdog or fencing covers it. */
class StopBudgetWarningsTest {
    /** The stop budget at deadtime 1 s, lease 500 ms, keepalive 100 ms. */
    private static final Duration BUDGET = Duration.ofMillis(400);
    private static final String PG = "primitive pg ocf:heartbeat:pgsql op monitor interval=10s timeout=30s"
            + " op stop timeout=60s\n";
    private static final String QUICK = "primitive ip ipaddr params ip=10.0.0.5 op stop timeout=300ms\n";

    private static ClusterConfig config(String text) {
        return new ConfigReader("test").read(text);
    }

    @Test
    void aStopLongerThanTheBudgetIsNamedWithItsTimeoutTheBudgetAndTheRemedies() {
        List<String> w = new StopBudgetWarnings(BUDGET, false).check(config(PG + QUICK));
        assertEquals(1, w.size(), "only pg: " + w);
        String m = w.get(0);
        assertTrue(m.contains("resource pg has a stop timeout of 60000 ms") && m.contains("stop budget of 400 ms"), m);
        assertTrue(m.contains("watchdog.device") && m.contains("fencing"), "says how to fix it: " + m);
    }

    @Test
    void eachResourceAndTimeoutIsWarnedOfOnceAndAgainWhenItsTimeoutChanges() {
        StopBudgetWarnings warnings = new StopBudgetWarnings(BUDGET, false);
        assertEquals(1, warnings.check(config(PG)).size());
        assertEquals(List.of(), warnings.check(config(PG)), "a new configuration version with the same stop: no repeat");
        List<String> again = warnings.check(config(PG.replace("stop timeout=60s", "stop timeout=90s")));
        assertEquals(1, again.size());
        assertTrue(again.get(0).contains("90000 ms"), again.get(0));
    }

    @Test
    void withoutAStopOperationTheOperationDefaultTimeoutCounts() {
        String noStop = "primitive d dummy op monitor interval=1s timeout=5s\n";
        List<String> w = new StopBudgetWarnings(BUDGET, false).check(config(noStop));
        assertEquals(1, w.size(), "Pacemaker's default timeout of 20 s: " + w);
        assertTrue(w.get(0).contains("20000 ms"), w.get(0));
        assertEquals(List.of(), new StopBudgetWarnings(BUDGET, false)
                .check(config("op_defaults timeout=300ms\n" + noStop)), "op_defaults timeout=300ms fits the budget");
    }

    @Test
    void stopsThatEachFitButTogetherDoNotAreWarnedOfOnce() {
        StopBudgetWarnings warnings = new StopBudgetWarnings(BUDGET, false);
        String two = QUICK + QUICK.replace("primitive ip", "primitive ip2").replace("10.0.0.5", "10.0.0.6");
        List<String> w = warnings.check(config(two));
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("add up to 600 ms") && w.get(0).contains("stop budget of 400 ms"), w.get(0));
        assertEquals(List.of(), warnings.check(config(two)), "no repeat");
        assertEquals(List.of(), new StopBudgetWarnings(BUDGET, false).check(config(QUICK)), "one quick stop fits");
    }

    @Test
    void aWatchdogCoversSlowStops() {
        assertEquals(List.of(), new StopBudgetWarnings(BUDGET, true).check(config(PG)));
    }

    @Test
    void fencingCoversSlowStopsOnlyWhenEnabledAndADeviceIsConfigured() {
        String fence = "primitive f1 stonith:fence_dummy params pcmk_host_list=\"n1 n2 n3\"\n";
        assertEquals(List.of(), new StopBudgetWarnings(BUDGET, false).check(config(PG + fence)));
        assertEquals(1, new StopBudgetWarnings(BUDGET, false)
                .check(config("property stonith-enabled=false\n" + PG + fence)).size(), "fencing disabled");
    }

    @Test
    void aMembershipThatGivesNoBudgetIsNotChecked() {
        assertEquals(List.of(), new StopBudgetWarnings(null, false).check(config(PG)));
    }
}
