package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScoreTest {
    @Test
    void additionSaturatesAtInfinity() {
        assertEquals(Score.POSITIVE_INFINITY, Score.of(999_999).plus(Score.of(5)));
        assertEquals(Score.NEGATIVE_INFINITY, Score.of(-999_999).plus(Score.of(-5)));
        assertEquals(Score.of(150), Score.of(100).plus(Score.of(50)));
    }

    @Test
    void minusInfinityWinsOverPlusInfinity() {
        assertEquals(Score.NEGATIVE_INFINITY, Score.POSITIVE_INFINITY.plus(Score.NEGATIVE_INFINITY));
        assertEquals(Score.NEGATIVE_INFINITY, Score.NEGATIVE_INFINITY.plus(Score.POSITIVE_INFINITY));
    }

    @Test
    void parsesPacemakerSpellings() {
        assertEquals(Score.POSITIVE_INFINITY, Score.parse("INFINITY"));
        assertEquals(Score.POSITIVE_INFINITY, Score.parse("+INFINITY"));
        assertEquals(Score.NEGATIVE_INFINITY, Score.parse("-inf"));
        assertEquals(Score.of(-20), Score.parse("-20"));
        assertEquals("INFINITY", Score.POSITIVE_INFINITY.toString());
        assertThrows(IllegalArgumentException.class, () -> Score.parse("lots"));
    }
}
