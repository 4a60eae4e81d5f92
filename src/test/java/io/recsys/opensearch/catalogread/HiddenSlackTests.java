package io.recsys.opensearch.catalogread;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How many more neighbours a k-NN read asks for when some items are hidden (out of stock, excluded). */
class HiddenSlackTests {

    @Test
    void nothingHiddenAsksForNothingMore() {
        assertEquals(0, ShardCatalogReader.hiddenSlack(200, 0, 1_000_000));
        assertEquals(0, ShardCatalogReader.hiddenSlack(200, 0, 0));
    }

    @Test
    void aFewHiddenItemsAreAllAskedFor() {
        // three excluded items: at most three can be among the nearest, and they may well be
        assertEquals(3, ShardCatalogReader.hiddenSlack(200, 3, 1_000_000));
        assertEquals(20, ShardCatalogReader.hiddenSlack(200, 20, 1_000_000));
    }

    @Test
    void aShareOfTheCatalogAddsItsExpectedCountAndThreeDeviations() {
        // 5% out of stock: 10.5 expected among the 210.5 that leave 200, plus 3 × √10.5 ≈ 9.7, rounded up, plus 1
        assertEquals(22, ShardCatalogReader.hiddenSlack(200, 50_000, 1_000_000));
        assertEquals(14, ShardCatalogReader.hiddenSlack(100, 50_000, 1_000_000));
        // the same share of a small shard: never more than it hides
        assertEquals(5, ShardCatalogReader.hiddenSlack(200, 5, 100));
    }

    @Test
    void aLargeShareAsksForMoreThanKSoTheReadFiltersInstead() {
        assertTrue(ShardCatalogReader.hiddenSlack(200, 600_000, 1_000_000) > 200);
        assertTrue(ShardCatalogReader.hiddenSlack(200, 300_000, 1_000_000) < 200);
        assertEquals(10, ShardCatalogReader.hiddenSlack(200, 10, 10), "everything hidden");
    }
}
