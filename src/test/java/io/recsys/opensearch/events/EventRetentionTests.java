package io.recsys.opensearch.events;

import io.recsys.opensearch.recommender.EventPartitions;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.test.OpenSearchTestCase;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/** Partition names, their months, and which ones a retention drops. */
public class EventRetentionTests extends OpenSearchTestCase {

    private static final EventPartitions SHOP = EventPartitions.of(RecommenderIndices.of("shop"));

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    public void testAPartitionIsTheUtcMonthOfTheEventsOwnTime() {
        assertEquals("recsys-shop-events-2026.11", SHOP.partitionFor(at("2026-11-30T23:59:59.999Z")));
        assertEquals("recsys-shop-events-2026.12", SHOP.partitionFor(at("2026-12-01T00:00:00Z")));
        assertEquals("recsys-shop-events-1970.01", SHOP.partitionFor(0));
        assertEquals(YearMonth.of(2026, 11), SHOP.monthOf("recsys-shop-events-2026.11"));
        assertEquals(at("2026-12-01T00:00:00Z"), EventPartitions.endMillis(YearMonth.of(2026, 11)));
    }

    public void testOnlyThisRecommendersPartitionsAreItsOwn() {
        assertNull(SHOP.monthOf("recsys-shop-events"));
        assertNull(SHOP.monthOf("recsys-shop-events-legacy"));
        assertNull(SHOP.monthOf("recsys-shop-events-2026.13"));
        assertNull(SHOP.monthOf("recsys-shop-events-x-events-2026.11"));
        assertNull("another recommender's", SHOP.monthOf("recsys-shop-x-events-2026.11"));
        assertTrue(SHOP.owns("recsys-shop-events-legacy"));
        assertFalse(SHOP.owns("recsys-shop-events-archive"));
        assertTrue(RecommenderIndices.isOwned("recsys-shop-events-2026.11"));
        assertTrue(RecommenderIndices.isOwned("recsys-shop-events-legacy"));
        assertFalse(RecommenderIndices.isOwned("recsys-shop-events-archive"));
    }

    public void testRetentionDropsTheMonthsWhoseLastEventIsPastIt() {
        List<String> existing = List.of("recsys-shop-events-2025.11", "recsys-shop-events-2025.12", "recsys-shop-events-2026.12",
            "recsys-shop-events-legacy");
        long now = at("2026-12-06T12:00:00Z");
        // cutoff 2025-12-06T12:00Z: November 2025 ended before it, December 2025 still holds events after it
        assertEquals(List.of("recsys-shop-events-2025.11"), EventRetentionService.expired(SHOP, existing, TimeValue.timeValueDays(365), now));
        assertEquals(List.of(), EventRetentionService.expired(SHOP, existing, null, now));
        assertEquals("the current month is never past a positive retention", List.of("recsys-shop-events-2025.11", "recsys-shop-events-2025.12"),
            EventRetentionService.expired(SHOP, existing, TimeValue.timeValueDays(1), now));
    }
}
