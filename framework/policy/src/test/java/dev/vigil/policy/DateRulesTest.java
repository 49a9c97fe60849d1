package dev.vigil.policy;

import static dev.vigil.policy.Scenario.config;
import static dev.vigil.policy.Scenario.status;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.DateExpression;
import dev.vigil.model.Expression;
import dev.vigil.model.LocationConstraint;
import dev.vigil.model.Rule;
import dev.vigil.model.Score;

/** Location rules with date expressions are evaluated at the time the engine is given. */
class DateRulesTest {
    private static final Instant START = Instant.parse("2019-09-23T16:00:00Z");
    private static final Instant END = Instant.parse("2019-09-23T18:00:00Z");

    private static ClusterConfig maintenanceWindowOnN2() {
        Rule window = Rule.of("window", Score.parse("INFINITY"), null, null, true, List.of(),
                List.of(DateExpression.inRange(START, END)), List.of());
        Rule onN2 = Rule.of("n2", Score.parse("200"), null, null, true,
                List.of(Expression.of("#uname", "eq", "n2", null)), List.of(window));
        ClusterConfig base = config("primitive web dummy\n");
        return ClusterConfig.builder().resource(base.resource("web").orElseThrow())
                .node("n1").node("n2")
                .location(LocationConstraint.ofRules("l", "web", null, List.of(onN2))).build();
    }

    @Test
    void aLocationRuleWithADateRangeAppliesOnlyWithinIt() {
        PolicyEngine engine = new PolicyEngine();
        assertEquals("n2", engine.compute(maintenanceWindowOnN2(), status("n1", "n2"), START.plusSeconds(60))
                .placement().get("web"));
        assertEquals("n2", engine.compute(maintenanceWindowOnN2(), status("n1", "n2"), END)
                .placement().get("web"), "the end is part of the range");
        assertEquals("n1", engine.compute(maintenanceWindowOnN2(), status("n1", "n2"), END.plusSeconds(1))
                .placement().get("web"), "after the range the rule gives nothing: the first node by name");
    }
}
