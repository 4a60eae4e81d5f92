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
    void roundsAndReuse() {
        assertEquals(5, SuiteOptions.parse(List.of("suite", "--scale", "1m")).rounds());
        assertEquals(3, SuiteOptions.parse(List.of("suite", "--smoke")).rounds());
        SuiteOptions reuse = SuiteOptions.parse(List.of("suite", "--scale", "1m", "--reuse", "--rounds", "10"));
        assertTrue(reuse.reuse());
        assertEquals(10, reuse.rounds());
        IllegalArgumentException noRounds = assertThrows(IllegalArgumentException.class,
            () -> SuiteOptions.parse(List.of("suite", "--reuse", "--rounds", "0")));
        assertTrue(noRounds.getMessage().contains("--reuse needs --rounds"), noRounds.getMessage());
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
