package io.recsys.opensearch.common.retail;

import java.util.List;
import java.util.Map;

/**
 * What the demo derived from the log: the items, the baskets that connect them, and the counts it reports.
 *
 * @param products  one per StockCode, sorted by StockCode so every run sees the same order
 * @param baskets   one per invoice: indexes into {@code products} of the distinct items bought together
 * @param rowsRead  rows in the file
 * @param rowsKept  rows that passed {@link CleaningRules}
 * @param dropped   rows dropped, by the first rule they broke
 * @param customers distinct customers among the kept rows
 */
public record Catalog(
    List<Product> products,
    List<int[]> baskets,
    long rowsRead,
    long rowsKept,
    Map<CleaningRules.Verdict, Long> dropped,
    int customers
) {
    public int invoices() {
        return baskets.size();
    }
}
