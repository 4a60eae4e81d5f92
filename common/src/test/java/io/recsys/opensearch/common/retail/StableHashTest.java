package io.recsys.opensearch.common.retail;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StableHashTest {

    @Test
    void theSameOnEveryRunAndSeededAndSeparated() {
        // fixed values: the device ids of a loaded demo and of the tools' reports depend on them
        assertEquals(567583405268535336L, StableHash.of(7, "device", "12345", "app"));
        assertEquals("app-07e0761993700828", new PlatformSplit(PlatformSplit.DEFAULT_PLATFORMS, 7).deviceOf("12345", "app"));
        assertNotEquals(StableHash.of(7, "a"), StableHash.of(8, "a"));
        assertNotEquals(StableHash.of(7, "ab", "c"), StableHash.of(7, "a", "bc"));
    }

    @Test
    void unitAndBelowStayInTheirRanges() {
        for (int i = 0; i < 10_000; i++) {
            double unit = StableHash.unit(3, "x", Integer.toString(i));
            assertTrue(unit >= 0 && unit < 1, Double.toString(unit));
            int below = StableHash.below(3, 3, "x", Integer.toString(i));
            assertTrue(below >= 0 && below < 3, Integer.toString(below));
        }
    }
}
