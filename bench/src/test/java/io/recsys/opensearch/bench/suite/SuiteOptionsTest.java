package io.recsys.opensearch.bench.suite;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiteOptionsTest {

    @Test
    void scalesAndTheOneClientPass() {
        SuiteOptions full = SuiteOptions.parse(List.of("suite", "--scale", "1m"));
        assertEquals(1_000_000, full.items());
        assertEquals(300, full.latencyQueries());
        assertEquals(1_000, full.warmup());
        SuiteOptions smoke = SuiteOptions.parse(List.of("suite", "--smoke", "--latency-queries", "0"));
        assertEquals(50_000, smoke.items());
        assertEquals(0, smoke.latencyQueries(), "0 turns the one-client pass off");
        assertTrue(smoke.describe().contains("then 0 per scenario with one client"), smoke.describe());
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse(List.of("suite", "--latency", "3")));
        assertTrue(unknown.getMessage().contains("unknown option --latency"), unknown.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> SuiteOptions.parse(List.of("suite", "--latency-queries", "-1")));
        assertTrue(negative.getMessage().contains("--latency-queries"), negative.getMessage());
    }
}
