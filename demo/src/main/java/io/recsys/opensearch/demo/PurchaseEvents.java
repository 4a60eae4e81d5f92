package io.recsys.opensearch.demo;

import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.common.retail.Purchase;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns purchases into what the plugin's APIs take: events for {@code POST …/events} and identity links for
 * {@code POST …/identities/_link}. The rules (demo/README.md, "The event replay"):
 * <ul>
 *   <li>every kept row is one {@code purchase} event with its time, quantity and unit price, {@code session} = the
 *       invoice, and {@code event_id = ol-<invoice>-<line>}, so a replay sent twice is applied once;</li>
 *   <li>the invoice happens on one of the customer's 2 or 3 pseudo-platforms ({@link PlatformSplit}), and the event's
 *       user is the customer's anonymous device there, {@code {"platform": "web", "id": "web-<16 hex>"}}: no customer
 *       id travels with the events;</li>
 *   <li>afterwards every customer signs in: one link per customer joins the devices it used to its CustomerID (the
 *       tools' rule with a link share of 1; an Online Retail customer is known, since every row is a paid order).</li>
 * </ul>
 */
final class PurchaseEvents {

    /** Marks the replay's events among the recommender's events (a user's own have other ids, or none). */
    static final String EVENT_ID_PREFIX = "ol-";

    private final PlatformSplit split;

    PurchaseEvents(PlatformSplit split) {
        this.split = split;
    }

    /**
     * The order events are sent in: by customer, then time. A batch then touches few profiles (the plugin writes each
     * profile once per batch) and every profile sees its events in time order, as sessions expect.
     */
    static List<Purchase> replayOrder(List<Purchase> purchases) {
        List<Purchase> ordered = new ArrayList<>(purchases);
        ordered.sort(Comparator.comparing(Purchase::customer)
            .thenComparingLong(Purchase::timestamp)
            .thenComparing(Purchase::invoice)
            .thenComparingInt(Purchase::line));
        return ordered;
    }

    static String eventId(Purchase purchase) {
        return EVENT_ID_PREFIX + purchase.invoice() + "-" + purchase.line();
    }

    /** The platform the purchase's invoice happened on. */
    String platformOf(Purchase purchase) {
        return split.platformOf(purchase.customer(), purchase.invoice());
    }

    /** One event of the events API. */
    Map<String, Object> event(Purchase purchase) {
        String platform = platformOf(purchase);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", eventId(purchase));
        event.put("user", Map.of("platform", platform, "id", split.deviceOf(purchase.customer(), platform)));
        event.put("item", purchase.item());
        event.put("type", "purchase");
        event.put("platform", platform);
        event.put("ts", purchase.timestamp());
        event.put("session", purchase.invoice());
        event.put("quantity", purchase.quantity());
        event.put("price", purchase.price());
        return event;
    }

    /** A batch as NDJSON, one event per line. */
    String ndjson(List<Purchase> batch) {
        StringBuilder body = new StringBuilder(batch.size() * 256);
        for (Purchase purchase : batch) {
            body.append(CatalogIndex.json(event(purchase))).append('\n');
        }
        return body.toString();
    }

    /** The platforms each customer's invoices happened on, by customer id: the devices to link. */
    SortedMap<String, SortedSet<String>> platformsUsed(List<Purchase> purchases) {
        SortedMap<String, SortedSet<String>> used = new TreeMap<>();
        for (Purchase purchase : purchases) {
            used.computeIfAbsent(purchase.customer(), c -> new TreeSet<>()).add(platformOf(purchase));
        }
        return used;
    }

    /** The body of {@code identities/_link} that joins the customer's devices on {@code platforms} to the customer. */
    Map<String, Object> link(String customer, SortedSet<String> platforms) {
        List<Map<String, String>> identities = new ArrayList<>();
        for (String platform : platforms) {
            identities.add(Map.of("platform", platform, "id", split.deviceOf(customer, platform)));
        }
        return Map.of("user_id", customer, "identities", identities);
    }
}
