package io.recsys.opensearch.demo;

import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.common.retail.Purchase;
import io.recsys.opensearch.common.retail.PurchaseLog;
import io.recsys.opensearch.common.retail.RetailRow;

import org.junit.jupiter.api.Test;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PurchaseEventsTest {

    private final PlatformSplit split = new PlatformSplit(PlatformSplit.DEFAULT_PLATFORMS, PlatformSplit.DEFAULT_SEED);
    private final PurchaseEvents events = new PurchaseEvents(split);

    private static RetailRow row(String invoice, String item, int quantity, String date, double price, String customer) {
        return new RetailRow(invoice, item, "A THING", quantity, date, price, customer, "United Kingdom");
    }

    /** The log's rows in file order, through the same collector the demo reads the file with. */
    private static List<Purchase> purchases(RetailRow... rows) {
        PurchaseLog log = new PurchaseLog();
        for (RetailRow row : rows) {
            log.add(row);
        }
        return log.purchases();
    }

    @Test
    void everyKeptRowIsOnePurchaseWithItsTimeQuantityAndPrice() {
        List<Purchase> purchases = purchases(
            row("536365", "85123A", 6, "2010-12-01 08:26:00", 2.55, "17850"),
            row("536365", "85123A", 2, "2010-12-01 08:26:00", 2.55, "17850"), // the same item twice on one invoice: two purchases
            row("C536379", "22423", 1, "2010-12-01 09:41:00", 12.75, "14527"), // cancelled
            row("536381", "POST", 1, "2010-12-01 09:41:00", 18.0, "15311"), // postage
            row("536382", "22423", 1, "2010-12-01 09:45:00", 12.75, null)); // no customer
        assertEquals(2, purchases.size());
        Purchase first = purchases.get(0);
        assertEquals(new Purchase("536365", 1, "85123A", "17850", 1291191960000L, 6, 2.55), first); // 2010-12-01T08:26:00Z
        assertEquals(2, purchases.get(1).line());
        assertEquals("ol-536365-1", PurchaseEvents.eventId(first));
        assertEquals("ol-536365-2", PurchaseEvents.eventId(purchases.get(1)));
    }

    @Test
    void anEventIsAPurchaseOfTheCustomersDeviceOnTheInvoicesPlatform() {
        Purchase purchase = new Purchase("536365", 1, "85123A", "17850", 1291191960000L, 6, 2.55);
        Map<String, Object> event = events.event(purchase);
        String platform = split.platformOf("17850", "536365");
        assertEquals("ol-536365-1", event.get("event_id"));
        assertEquals(Map.of("platform", platform, "id", split.deviceOf("17850", platform)), event.get("user"));
        assertEquals("85123A", event.get("item"));
        assertEquals("purchase", event.get("type"));
        assertEquals(platform, event.get("platform"));
        assertEquals(1291191960000L, event.get("ts"));
        assertEquals("536365", event.get("session"));
        assertEquals(6, event.get("quantity"));
        assertEquals(2.55, event.get("price"));
        assertFalse(event.containsKey("user_id"), "the events are anonymous until the link");
        assertFalse(CatalogIndex.json(event).contains("\"17850\""), CatalogIndex.json(event));
    }

    @Test
    void theNdjsonHasOneParsableEventPerLine() {
        List<Purchase> batch = List.of(new Purchase("536365", 1, "85123A", "17850", 1291191960000L, 6, 2.55),
            new Purchase("536365", 2, "71053", "17850", 1291191960000L, 6, 3.39));
        String[] lines = events.ndjson(batch).split("\n");
        assertEquals(2, lines.length);
        Map<String, Object> second = XContentHelper.convertToMap(JsonXContent.jsonXContent, lines[1], false);
        assertEquals("ol-536365-2", second.get("event_id"));
        assertEquals("71053", second.get("item"));
    }

    @Test
    void theReplayOrderIsByCustomerThenTime() {
        Purchase late = new Purchase("2", 1, "a", "c1", 2000, 1, 1.0);
        Purchase early = new Purchase("1", 2, "b", "c1", 1000, 1, 1.0);
        Purchase earlyFirstLine = new Purchase("1", 1, "c", "c1", 1000, 1, 1.0);
        Purchase otherCustomer = new Purchase("0", 1, "d", "c0", 5000, 1, 1.0);
        assertEquals(List.of(otherCustomer, earlyFirstLine, early, late), PurchaseEvents.replayOrder(List.of(late, early, otherCustomer, earlyFirstLine)));
    }

    @Test
    void aCustomerIsLinkedWithTheDevicesOfThePlatformsTheirInvoicesUsed() {
        List<Purchase> purchases = new ArrayList<>();
        for (int invoice = 0; invoice < 40; invoice++) {
            purchases.add(new Purchase("inv" + invoice, 1, "a", "17850", invoice, 1, 1.0));
        }
        purchases.add(new Purchase("single", 1, "a", "12346", 0, 1, 1.0));
        SortedMap<String, SortedSet<String>> used = events.platformsUsed(purchases);
        assertEquals(Set.copyOf(split.platformsOf("17850")), Set.copyOf(used.get("17850")), "40 invoices use all of the customer's platforms");
        assertEquals(Set.of(split.platformOf("12346", "single")), Set.copyOf(used.get("12346")), "one invoice, one device");

        Map<String, Object> link = events.link("17850", used.get("17850"));
        assertEquals("17850", link.get("user_id"));
        @SuppressWarnings("unchecked")
        List<Map<String, String>> identities = (List<Map<String, String>>) link.get("identities");
        Set<String> devices = new HashSet<>();
        for (Map<String, String> identity : identities) {
            assertEquals(split.deviceOf("17850", identity.get("platform")), identity.get("id"));
            devices.add(identity.get("id"));
        }
        assertEquals(used.get("17850").size(), devices.size());
        assertTrue(identities.size() >= 2);
    }
}
