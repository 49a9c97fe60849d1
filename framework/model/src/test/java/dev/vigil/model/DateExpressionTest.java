package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DateExpressionTest {
    private static final Instant NOON = Instant.parse("2019-09-23T12:00:00Z"); // a Monday

    private static DateExpression read(String xml) {
        return DateExpressionReader.read(XmlElement.parse("t", xml));
    }

    @Test
    void readsDateTimesInTheFormsPacemakerWrites() {
        assertEquals(Instant.parse("2019-09-20T15:10:52Z"), DateExpressionReader.instant("2019-09-20 15:10:52 +00:00"));
        assertEquals(Instant.parse("2019-09-23T23:00:00Z"), DateExpressionReader.instant("2019-09-23 18:00:00 -05:00"));
        assertEquals(Instant.parse("2019-09-23T00:00:00Z"), DateExpressionReader.instant("2019-09-23"));
        assertEquals(Instant.parse("2019-09-23T08:30:00Z"), DateExpressionReader.instant("2019-09-23T10:30+0200"));
        assertEquals(Instant.parse("2019-09-20T00:00:00Z"), DateExpressionReader.instant("2019-263"), "ordinal date");
        assertEquals(Instant.parse("2019-09-20T00:00:00Z"), DateExpressionReader.instant("2019-W38-5"), "week date");
        assertThrows(IllegalArgumentException.class, () -> DateExpressionReader.instant("yesterday"));
        assertThrows(IllegalArgumentException.class, () -> DateExpressionReader.instant("2019-02-30"));
    }

    @Test
    void greaterThanStartAndLessThanEndAreStrict() {
        DateExpression after = read("<date_expression id='d' operation='gt' start='2019-09-23 12:00:00 +00:00'/>");
        assertFalse(after.holdsAt(NOON));
        assertTrue(after.holdsAt(NOON.plusSeconds(1)));
        DateExpression before = read("<date_expression id='d' operation='lt' end='2019-09-23 12:00:00 +00:00'/>");
        assertFalse(before.holdsAt(NOON));
        assertTrue(before.holdsAt(NOON.minusSeconds(1)));
    }

    @Test
    void inRangeIncludesBothEndsAndMayEndAfterADuration() {
        DateExpression range = read("<date_expression id='d' operation='in_range' start='2019-09-23 11:00:00 -00:00'"
                + " end='2019-09-23 12:00:00 +00:00'/>");
        assertTrue(range.holdsAt(NOON));
        assertTrue(range.holdsAt(NOON.minusSeconds(3600)));
        assertFalse(range.holdsAt(NOON.plusSeconds(1)));
        DateExpression month = read("<date_expression id='d' operation='in_range' start='2019-01-31'>"
                + "<duration id='du' months='1'/></date_expression>");
        assertTrue(month.holdsAt(Instant.parse("2019-02-28T00:00:00Z")), "one calendar month after Jan 31");
        assertFalse(month.holdsAt(Instant.parse("2019-02-28T00:00:01Z")));
        DateExpression openEnded = read("<date_expression id='d' operation='in_range' end='2019-09-23'/>");
        assertTrue(openEnded.holdsAt(Instant.parse("1970-01-01T00:00:00Z")));
    }

    @Test
    void dateSpecHoldsWhenEveryGivenFieldIsInItsRange() {
        DateExpression officeHours = read("<date_expression id='d' operation='date_spec'>"
                + "<date_spec id='s' hours='9-16' weekdays='1-5'/></date_expression>");
        assertTrue(officeHours.holdsAt(NOON));
        assertFalse(officeHours.holdsAt(Instant.parse("2019-09-23T17:00:00Z")), "after hours");
        assertFalse(officeHours.holdsAt(Instant.parse("2019-09-22T12:00:00Z")), "Sunday");
        DateExpression september = read("<date_expression id='d' operation='date_spec'>"
                + "<date_spec id='s' years='2019' months='9' monthdays='20-' yeardays='-300' weeks='39'/>"
                + "</date_expression>");
        assertTrue(september.holdsAt(NOON));
        assertFalse(september.holdsAt(Instant.parse("2019-09-19T12:00:00Z")));
        assertTrue(read("<date_expression id='d' operation='date_spec'><date_spec id='s'/></date_expression>")
                .holdsAt(NOON), "no field: always");
    }

    @Test
    void dateSpecMoonIsPacemakersPhaseOfTheMoon() {
        // Pacemaker's formula on the full year and the 1-based day of the year, worked by hand:
        // 2019: golden number 6, epact 24 -> 25; Jan 6: (31*6+11)%177/22 = 0; Jan 21: (46*6+11)%177/22 = 5
        assertEquals(0, DateExpression.moonPhase(Instant.parse("2019-01-06T12:00:00Z").atOffset(ZoneOffset.UTC)));
        assertEquals(5, DateExpression.moonPhase(Instant.parse("2019-01-21T12:00:00Z").atOffset(ZoneOffset.UTC)));
        DateExpression spec = DateExpression.dateSpec(Map.of(DateExpression.Field.MOON, DateExpression.Range.of(5L, 5L)));
        assertTrue(spec.holdsAt(Instant.parse("2019-01-21T12:00:00Z")));
    }

    @Test
    void refusesWhatItCannotEvaluate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("<date_expression id='d' operation='gt'/>"));
        assertTrue(e.getMessage().contains("start"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read("<date_expression id='d' operation='soon'/>"));
        assertThrows(IllegalArgumentException.class, () -> read("<date_expression id='d' operation='date_spec'>"
                + "<date_spec id='s' hours='nine'/></date_expression>"));
    }
}
