package io.recsys.opensearch.bench;

import io.recsys.opensearch.common.retail.Purchase;
import io.recsys.opensearch.common.retail.RetailData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The Online Retail log as baskets, read and cleaned by the demo's own reader ({@link RetailData}): one basket per
 * invoice (its distinct items, in file order), and per customer the items bought, in time order.
 *
 * @param invoices  the baskets
 * @param customers per customer, the distinct items bought, oldest first
 * @param items     distinct items in all baskets
 */
record RetailBaskets(List<List<String>> invoices, List<List<String>> customers, int items) {

    static RetailBaskets read(Path csvGz) {
        List<Purchase> purchases;
        try {
            purchases = RetailData.read(csvGz).purchases();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Set<String>> invoices = new LinkedHashMap<>();
        Map<String, Set<String>> customers = new LinkedHashMap<>();
        Set<String> items = new LinkedHashSet<>();
        for (Purchase purchase : purchases) {
            invoices.computeIfAbsent(purchase.invoice(), k -> new LinkedHashSet<>()).add(purchase.item());
            customers.computeIfAbsent(purchase.customer(), k -> new LinkedHashSet<>()).add(purchase.item());
            items.add(purchase.item());
        }
        return new RetailBaskets(invoices.values().stream().map(List::copyOf).toList(), customers.values().stream().map(List::copyOf).toList(), items.size());
    }

    /**
     * {@code count} anchor lists of {@code size} items each, drawn with the seed from the customers with at least that
     * many distinct items: the last {@code size} items each bought (a history, newest last).
     */
    List<List<String>> anchors(int size, int count, long seed) {
        List<List<String>> eligible = customers.stream().filter(c -> c.size() >= size).toList();
        if (eligible.isEmpty()) {
            throw new IllegalStateException("no customer bought " + size + " distinct items");
        }
        Random random = new Random(seed);
        List<List<String>> anchors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<String> items = eligible.get(random.nextInt(eligible.size()));
            anchors.add(items.subList(items.size() - size, items.size()));
        }
        return anchors;
    }
}
