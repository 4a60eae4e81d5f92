package io.recsys.opensearch.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Online Retail invoices as the cooccurrence benchmark reads them: the demo's file, cleaned by the demo's rules. */
class RetailBasketsTest {

    private static final RetailBaskets DATA = RetailBaskets.read(Path.of("../demo/data/online_retail.csv.gz"));

    @Test
    void oneBasketPerKeptInvoice() {
        assertEquals(18_399, DATA.invoices().size(), "the invoices the demo keeps");
        assertEquals(3_656, DATA.items(), "the demo's catalog");
        assertEquals(4_334, DATA.customers().size(), "the demo's customers");
        for (List<String> invoice : DATA.invoices()) {
            assertEquals(invoice.size(), new HashSet<>(invoice).size(), "an invoice lists each item once");
        }
    }

    @Test
    void anchorsAreTheNewestItemsOfOneCustomer() {
        List<List<String>> anchors = DATA.anchors(25, 200, 42);
        assertEquals(200, anchors.size());
        for (List<String> history : anchors) {
            assertEquals(25, new HashSet<>(history).size(), "25 distinct items");
            assertTrue(DATA.customers().stream().anyMatch(items -> items.size() >= 25
                && items.subList(items.size() - 25, items.size()).equals(history)), "the last 25 items some customer bought");
        }
        assertEquals(anchors, DATA.anchors(25, 200, 42), "the same seed draws the same anchors");
    }
}
