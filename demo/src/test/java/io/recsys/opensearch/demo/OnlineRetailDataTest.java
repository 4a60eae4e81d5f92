package io.recsys.opensearch.demo;

import io.recsys.opensearch.common.retail.Catalog;
import io.recsys.opensearch.common.retail.CategoryRule;
import io.recsys.opensearch.common.retail.CleaningRules;
import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.common.retail.Product;
import io.recsys.opensearch.common.retail.Purchase;
import io.recsys.opensearch.common.retail.RetailData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules on the data file the demo ships: the numbers the demo prints and demo/README.md states. */
class OnlineRetailDataTest {

    private static Path data;
    private static Catalog catalog;
    private static List<Purchase> purchases;

    @BeforeAll
    static void readTheShippedFile() throws IOException {
        data = Path.of(System.getProperty("recsys.demo.data", "data/online_retail.csv.gz"));
        assertTrue(Files.isRegularFile(data), "missing " + data.toAbsolutePath());
        RetailData read = RetailData.read(data);
        catalog = read.catalog();
        purchases = read.purchases();
    }

    @Test
    void theFileIsTheOnePublished() {
        // sha256 of the file as distributed with its NOTICE (demo/data/NOTICE)
        assertEquals("76b847ad0845fe8335c094d53cb225d5e4c65dbef26c26404afb18da77db5df3", CatalogLoader.sha256(data));
    }

    @Test
    void theCleanSubsetHasTheDocumentedSize() {
        assertEquals(541_909, catalog.rowsRead());
        assertEquals(396_241, catalog.rowsKept());
        assertEquals(135_080L, catalog.dropped().get(CleaningRules.Verdict.NO_CUSTOMER));
        assertEquals(8_905L, catalog.dropped().get(CleaningRules.Verdict.CANCELLED));
        assertEquals(40L, catalog.dropped().get(CleaningRules.Verdict.NON_POSITIVE_PRICE));
        assertEquals(1_643L, catalog.dropped().get(CleaningRules.Verdict.NOT_A_PRODUCT));
        assertEquals(3_656, catalog.products().size());
        assertEquals(4_334, catalog.customers());
        assertEquals(18_399, catalog.invoices());
    }

    @Test
    void theReplaySendsEveryKeptRowFromTheDocumentedNumberOfDevices() {
        assertEquals(396_241, purchases.size());
        PurchaseEvents events = new PurchaseEvents(new PlatformSplit(PlatformSplit.DEFAULT_PLATFORMS, PlatformSplit.DEFAULT_SEED));
        Map<String, ? extends Set<String>> devices = events.platformsUsed(purchases);
        assertEquals(4_334, devices.size());
        assertEquals(7_353, devices.values().stream().mapToInt(Set::size).sum());
        // event ids are unique: a replay sent twice is applied once, and no two rows share an id
        assertEquals(purchases.size(), purchases.stream().map(PurchaseEvents::eventId).distinct().count());
    }

    @Test
    void theBestKnownItemLooksRight() {
        Product holder = catalog.products().stream().filter(p -> p.id().equals("85123A")).findFirst().orElseThrow();
        assertEquals("WHITE HANGING HEART T-LIGHT HOLDER", holder.title());
        assertEquals("candle holder", holder.category());
        assertEquals(2.95f, holder.price());
        assertEquals(856, holder.popularity());
    }

    @Test
    void categoriesAreFewAndCoverAlmostEverything() {
        Map<String, Integer> counts = CatalogLoader.categoryCounts(catalog.products());
        assertTrue(counts.size() >= 30 && counts.size() <= 80, counts.size() + " categories: " + counts);
        int other = counts.getOrDefault(CategoryRule.OTHER, 0);
        assertTrue(other < catalog.products().size() * 0.05, other + " items in [other]");
        assertTrue(counts.containsKey("mug") && counts.containsKey("bag") && counts.containsKey("candle holder"), counts.toString());
    }

    @Test
    void itemsBoughtTogetherOftenAreCloserThanRandomPairs() {
        List<Product> products = catalog.products();
        float[][] vectors = new BasketEmbedder(BasketEmbedder.DEFAULT_DIMENSIONS, BasketEmbedder.DEFAULT_SEED).embed(
            products.stream().map(Product::id).toList(), products.stream().map(Product::category).toList(), catalog.baskets());

        Map<Long, Integer> together = new HashMap<>();
        long n = products.size();
        for (int[] basket : catalog.baskets()) {
            if (basket.length > 100) {
                continue; // wholesale orders: every pair of them says little
            }
            for (int a : basket) {
                for (int b : basket) {
                    if (a < b) {
                        together.merge(a * n + b, 1, Integer::sum);
                    }
                }
            }
        }
        double frequent = together.entrySet().stream().filter(e -> e.getValue() >= 20)
            .mapToDouble(e -> BasketEmbedder.cosine(vectors[(int) (e.getKey() / n)], vectors[(int) (e.getKey() % n)]))
            .average().orElseThrow();
        Random random = new Random(1);
        double randomPairs = random.ints(20_000, 0, products.size())
            .mapToDouble(a -> BasketEmbedder.cosine(vectors[a], vectors[random.nextInt(products.size())]))
            .average().orElseThrow();
        assertTrue(frequent > randomPairs + 0.15, "bought together: " + frequent + ", random: " + randomPairs);
    }
}
