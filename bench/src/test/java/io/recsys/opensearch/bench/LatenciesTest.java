package io.recsys.opensearch.bench;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatenciesTest {

    @Test
    void nearestRankPercentiles() {
        Latencies latencies = new Latencies();
        for (int ms = 100; ms >= 1; ms--) {
            latencies.add(ms * 1_000_000L);
        }
        assertEquals(50.0, latencies.percentileMillis(50));
        assertEquals(99.0, latencies.percentileMillis(99));
        assertEquals(100.0, latencies.percentileMillis(100));
        assertEquals(50.5, latencies.meanMillis(), 1e-9);
        assertEquals(100, latencies.count());
    }

    @Test
    void generatedBasketsAreDeterministicDistinctAndSkewed() {
        BasketGenerator a = new BasketGenerator(1_000, 7);
        BasketGenerator b = new BasketGenerator(1_000, 7);
        Map<String, Integer> frequency = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            List<String> basket = a.next();
            assertEquals(basket, b.next());
            assertEquals(basket.size(), basket.stream().distinct().count());
            basket.forEach(item -> frequency.merge(item, 1, Integer::sum));
        }
        int max = frequency.values().stream().max(Integer::compare).orElseThrow();
        int median = frequency.values().stream().sorted().toList().get(frequency.size() / 2);
        assertTrue(max > 10 * median, "popular items are far more frequent than the median one: " + max + " vs " + median);
    }
}
