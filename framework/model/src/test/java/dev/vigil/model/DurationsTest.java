package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsPacemakerUnitsAndBareSeconds() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(20), Durations.parse("20"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2min"));
    }

    @Test
    void readsIso8601DurationsAsPacemakerDoes() {
        assertEquals(Duration.ofSeconds(10), Durations.parse("P10S"), "T is optional before seconds");
        assertEquals(Duration.ofMinutes(1), Durations.parse("PT1M"), "after T, M is minutes");
        assertEquals(Duration.ofDays(30), Durations.parse("P1M"), "before T, M is a 30-day month");
        assertEquals(Duration.ofDays(1).plusHours(2), Durations.parse("P1DT2H"));
        assertEquals(Duration.ofDays(365 + 14), Durations.parse("P1Y2W"));
        assertEquals(Duration.ofHours(1).plusMinutes(30).plusSeconds(5), Durations.parse("PT1H30M5S"));
    }

    @Test
    void refusesMalformedIso8601Durations() {
        for (String bad : new String[] {"P", "PT", "P1X", "P1", "PTS", "P1.5S"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
