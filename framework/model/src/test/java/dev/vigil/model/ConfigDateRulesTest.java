package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Date expressions in location rules of the configuration language (crmsh's syntax), and through CIB XML. */
class ConfigDateRulesTest {
    private static final String CONFIG = String.join("\n", "node n1", "node n2", "primitive web dummy",
            "location after-new-year web rule 100: date gt 2026-01-01",
            "location until-summer web rule -INFINITY: \"#uname\" eq n2 and date lt \"2026-06-30 12:00 +02:00\"",
            "location maintenance web rule $boolean-op=or -INFINITY: date in_range start=2026-03-01 end=2026-03-02",
            "location two-weeks web rule 50: date in_range start=2026-05-01T08:00:00Z weeks=2 days=1",
            "location office-hours web rule 200: date date_spec hours=9-17 weekdays=1-5 or rack eq 1");

    private static Rule rule(ClusterConfig c, String location) {
        return c.locations().stream().filter(l -> l.id().equals(location)).findFirst().orElseThrow().rules().get(0);
    }

    @Test
    void readsEachFormAsPacemakersDateExpression() {
        ClusterConfig c = new ConfigReader("test").read(CONFIG);
        assertEquals(List.of(DateExpression.after(Instant.parse("2026-01-01T00:00:00Z"))),
                rule(c, "after-new-year").dateExpressions());
        Rule summer = rule(c, "until-summer");
        assertEquals(1, summer.expressions().size());
        assertEquals(List.of(DateExpression.before(Instant.parse("2026-06-30T10:00:00Z"))), summer.dateExpressions());
        assertEquals(List.of(DateExpression.inRange(Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-02T00:00:00Z"))), rule(c, "maintenance").dateExpressions());
        assertEquals(List.of(DateExpression.inRange(Instant.parse("2026-05-01T08:00:00Z"),
                Instant.parse("2026-05-16T08:00:00Z"))), rule(c, "two-weeks").dateExpressions(),
                "start plus two weeks and a day");
        Rule office = rule(c, "office-hours");
        assertFalse(office.and());
        assertEquals(List.of(DateExpression.dateSpec(Map.of(DateExpression.Field.HOURS, DateExpression.Range.of(9L, 17L),
                DateExpression.Field.WEEKDAYS, DateExpression.Range.of(1L, 5L)))), office.dateExpressions());
    }

    @Test
    void theRulesHoldAtTheTimesTheySay() {
        ClusterConfig c = new ConfigReader("test").read(CONFIG);
        Map<String, String> n1 = Map.of("#uname", "n1");
        Instant mondayMorning = Instant.parse("2026-03-02T10:00:00Z"), sundayNight = Instant.parse("2026-03-01T23:00:00Z");
        assertTrue(rule(c, "office-hours").matches(n1, mondayMorning));
        assertFalse(rule(c, "office-hours").matches(n1, sundayNight));
        assertTrue(rule(c, "office-hours").matches(Map.of("rack", "1"), sundayNight), "or: the rack holds");
        assertTrue(rule(c, "maintenance").matches(n1, sundayNight));
        assertFalse(rule(c, "after-new-year").matches(n1, Instant.parse("2025-12-31T23:59:59Z")));
        assertTrue(rule(c, "after-new-year").dependsOnTime());
    }

    @Test
    void writesThemBackAsTheSameTextAndThroughCibXmlAsTheSameConfiguration() {
        ClusterConfig c = new ConfigReader("test").read(CONFIG);
        String text = ConfigWriter.write(c);
        assertTrue(text.contains("rule 100: date gt 2026-01-01T00:00:00Z"), text);
        assertTrue(text.contains("date in_range start=2026-05-01T08:00:00Z end=2026-05-16T08:00:00Z"), text);
        assertTrue(text.contains("rule 200: rack eq 1 or date date_spec hours=9-17 weekdays=1-5"), text);
        ClusterConfig back = new ConfigReader("written").read(text);
        assertEquals(c, back);
        assertEquals(text, ConfigWriter.write(back));
        ClusterConfig viaCib = new CibReader("written").read(CibWriter.write(c)).config();
        assertEquals(c, viaCib);
        assertEquals(text, ConfigWriter.write(viaCib));
    }

    @Test
    void badDateExpressionsAreRefusedNamingTheRule() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigReader("test").read(
                "primitive web dummy\nlocation l web rule 100: date gt tomorrow"));
        assertTrue(e.getMessage().contains("l-rule") && e.getMessage().contains("tomorrow"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new ConfigReader("test").read(
                "primitive web dummy\nlocation l web rule 100: date date_spec hour=9-17"));
        assertTrue(e.getMessage().contains("unknown date_spec field 'hour'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new ConfigReader("test").read(
                "primitive web dummy\nlocation l web rule 100: date in_range weeks=2"));
        assertTrue(e.getMessage().contains("a duration needs start="), e.getMessage());
    }
}
