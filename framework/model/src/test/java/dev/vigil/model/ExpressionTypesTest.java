package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an expression compares values of each type, as Pacemaker's rules do. */
class ExpressionTypesTest {

    @Test
    void integerTypeReadsTheLeadingIntegerOfADecimalValue() {
        Map<String, String> node = Map.of("test_val", "3.4");
        assertTrue(Expression.of("test_val", "eq", "3.6", "integer").matches(node), "3.4 and 3.6 are both 3");
        assertFalse(Expression.of("test_val", "eq", "3.6", "number").matches(node));
        assertTrue(Expression.of("test_val", "lt", "4", "integer").matches(node));
    }

    @Test
    void integerTypeFallsBackToTextWhenAValueHasNoDigits() {
        assertTrue(Expression.of("a", "eq", "abc", "integer").matches(Map.of("a", "abc")));
        assertFalse(Expression.of("a", "eq", "3", "integer").matches(Map.of("a", "abc")));
    }

    @Test
    void untypedOrderingIsIntegerUnlessADecimalPointAppears() {
        assertTrue(Expression.of("a", "gt", "5", null).matches(Map.of("a", "10kb")), "10kb reads as 10");
        assertTrue(Expression.of("a", "lt", "2.5", null).matches(Map.of("a", "2.25")));
    }
}
