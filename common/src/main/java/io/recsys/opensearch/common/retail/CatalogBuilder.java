package io.recsys.opensearch.common.retail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns log rows into a {@link Catalog}: rows are judged by {@link CleaningRules}, the kept ones are grouped by
 * StockCode (items) and by invoice (baskets).
 */
public final class CatalogBuilder {

    /** Per StockCode: how often each description was used, every unit price paid, every buyer. */
    private final Map<String, ItemStats> items = new TreeMap<>();
    /** Per invoice, the distinct StockCodes in file order. */
    private final Map<String, Set<String>> invoices = new LinkedHashMap<>();
    private final Set<String> customers = new HashSet<>();
    private final Map<CleaningRules.Verdict, Long> dropped = new EnumMap<>(CleaningRules.Verdict.class);
    private long rowsRead;
    private long rowsKept;

    /** Reads and cleans the whole file. */
    public static Catalog fromFile(Path csvGz) throws IOException {
        CatalogBuilder builder = new CatalogBuilder();
        OnlineRetailCsv.read(csvGz, builder::add);
        return builder.build();
    }

    public void add(RetailRow row) {
        rowsRead++;
        CleaningRules.Verdict verdict = CleaningRules.judge(row);
        if (verdict != CleaningRules.Verdict.KEPT) {
            dropped.merge(verdict, 1L, Long::sum);
            return;
        }
        rowsKept++;
        items.computeIfAbsent(row.stockCode(), code -> new ItemStats()).add(row);
        invoices.computeIfAbsent(row.invoiceNo(), invoice -> new LinkedHashSet<>()).add(row.stockCode());
        customers.add(row.customerId());
    }

    public Catalog build() {
        List<Product> products = new ArrayList<>(items.size());
        Map<String, Integer> index = new HashMap<>();
        for (Map.Entry<String, ItemStats> item : items.entrySet()) {
            index.put(item.getKey(), products.size());
            products.add(item.getValue().toProduct(item.getKey()));
        }
        List<int[]> baskets = new ArrayList<>(invoices.size());
        for (Set<String> basket : invoices.values()) {
            baskets.add(basket.stream().mapToInt(index::get).toArray());
        }
        return new Catalog(List.copyOf(products), List.copyOf(baskets), rowsRead, rowsKept, Map.copyOf(dropped),
            customers.size());
    }

    /** Accumulates one StockCode's rows. */
    private static final class ItemStats {
        /** description → rows using it, for the most frequent title */
        private final Map<String, Integer> descriptions = new HashMap<>();
        /** one unit price per kept row, for the median */
        private double[] prices = new double[8];
        private int priceCount;
        /** distinct buyers, the popularity */
        private final Set<String> buyers = new HashSet<>();

        void add(RetailRow row) {
            String description = row.description().strip().replaceAll("\\s+", " ");
            if (description.isEmpty() == false) {
                descriptions.merge(description, 1, Integer::sum);
            }
            if (priceCount == prices.length) {
                prices = Arrays.copyOf(prices, prices.length * 2);
            }
            prices[priceCount++] = row.unitPrice();
            buyers.add(row.customerId());
        }

        Product toProduct(String stockCode) {
            String title = mostFrequent(descriptions, stockCode);
            // rounded to the penny: the median of an even count can fall between two prices
            float price = (float) (Math.round(median(prices, priceCount) * 100) / 100.0);
            return new Product(stockCode, title, CategoryRule.categoryOf(title), price, buyers.size());
        }
    }

    /** The most used description; ties go to the alphabetically first, so the result never depends on file order. */
    static String mostFrequent(Map<String, Integer> counts, String fallback) {
        return counts.entrySet()
            .stream()
            .min(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey))
            .map(Map.Entry::getKey)
            .orElse(fallback);
    }

    static double median(double[] values, int count) {
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int middle = count / 2;
        return count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
