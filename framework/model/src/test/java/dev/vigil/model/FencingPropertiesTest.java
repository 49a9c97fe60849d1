package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class FencingPropertiesTest {
    private static ClusterConfig config(String text) {
        return new ConfigReader("t").read(text);
    }

    @Test
    void readsPacemakersNamesWithTheirDefaults() {
        ClusterConfig none = config("");
        assertTrue(FencingProperties.enabled(none));
        assertEquals(Duration.ofSeconds(60), FencingProperties.timeout(none));
        assertEquals(Duration.ZERO, FencingProperties.watchdogTimeout(none));
        assertFalse(FencingProperties.configured(none), "enabled, but nothing to fence with");
        ClusterConfig pcmk3 = config("property fencing-timeout=90s fencing-watchdog-timeout=10s\n");
        assertEquals(Duration.ofSeconds(90), FencingProperties.timeout(pcmk3));
        assertEquals(Duration.ofSeconds(10), FencingProperties.watchdogTimeout(pcmk3));
        assertTrue(FencingProperties.configured(pcmk3), "watchdog fencing");
    }

    @Test
    void aValueThatCannotBeUsedCountsAsUnset() {
        ClusterConfig odd = config("property stonith-timeout=0 stonith-watchdog-timeout=-1\n");
        assertEquals(Duration.ofSeconds(60), FencingProperties.timeout(odd));
        assertEquals(Duration.ZERO, FencingProperties.watchdogTimeout(odd), "negative: SBD derives it, Vigil does not");
        ClusterConfig device = config("property stonith-enabled=false\nprimitive f stonith:fence_dummy\n");
        assertTrue(FencingProperties.hasDevice(device));
        assertFalse(FencingProperties.configured(device), "disabled");
    }
}
