package io.recsys.opensearch.cooccurrence;

import org.opensearch.common.util.BigArrays;
import org.opensearch.common.util.MockBigArrays;
import org.opensearch.common.util.MockPageCacheRecycler;
import org.opensearch.core.indices.breaker.NoneCircuitBreakerService;
import org.opensearch.common.settings.Settings;
import org.opensearch.search.aggregations.CardinalityUpperBound;
import org.opensearch.test.OpenSearchTestCase;

import java.util.Map;
import java.util.TreeMap;

/** Both layouts of the pair counts give a bucket's items in ordinal order with their counts, and forget them on clear. */
public class PairCountsTests extends OpenSearchTestCase {

    private final BigArrays bigArrays = new MockBigArrays(new MockPageCacheRecycler(Settings.EMPTY), new NoneCircuitBreakerService());

    public void testTheLayoutFollowsTheBucketsAndTheItems() {
        try (PairCounts one = PairCounts.create(bigArrays, CardinalityUpperBound.ONE, 1000);
             PairCounts many = PairCounts.create(bigArrays, CardinalityUpperBound.MANY, 1000);
             PairCounts huge = PairCounts.create(bigArrays, CardinalityUpperBound.ONE, PairCounts.MAX_DENSE_ITEMS + 1)) {
            assertTrue(one instanceof PairCounts.Dense);
            assertTrue(many instanceof PairCounts.Keyed);
            assertTrue(huge instanceof PairCounts.Keyed);
        }
    }

    public void testEachLayoutCountsLikeAHandCountAndClears() {
        for (CardinalityUpperBound cardinality : new CardinalityUpperBound[] { CardinalityUpperBound.ONE, CardinalityUpperBound.MANY }) {
            try (PairCounts counts = PairCounts.create(bigArrays, cardinality, 500)) {
                for (int round = 0; round < 2; round++) {
                    Map<Long, Long> expected = new TreeMap<>();
                    int increments = between(1, 2000);
                    for (int i = 0; i < increments; i++) {
                        long ord = between(0, 499);
                        counts.increment(0, ord);
                        expected.merge(ord, 1L, Long::sum);
                    }
                    PairCounts.Counted counted = counts.counted(0);
                    assertEquals(expected.size(), counted.ords().length);
                    int i = 0;
                    for (Map.Entry<Long, Long> entry : expected.entrySet()) {
                        assertEquals(cardinality + " ordinal at " + i, (long) entry.getKey(), counted.ords()[i]);
                        assertEquals(cardinality + " count of " + entry.getKey(), (long) entry.getValue(), counted.counts()[i]);
                        assertTrue(counts.contains(0, entry.getKey()));
                        i++;
                    }
                    counts.clear();
                    assertEquals(0, counts.counted(0).ords().length);
                    assertFalse(counts.contains(0, expected.keySet().iterator().next()));
                }
            }
        }
    }
}
