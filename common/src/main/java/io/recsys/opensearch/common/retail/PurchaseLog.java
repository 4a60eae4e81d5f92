package io.recsys.opensearch.common.retail;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the kept rows of the log as {@link Purchase}s, in file order, for the event replay. About 400,000 of them
 * live in the node's JVM until the replay is over, so the repeated strings (invoice, item and customer ids) are shared.
 */
public final class PurchaseLog {

    /**
     * The file's InvoiceDate. It has no zone; it is read as UTC, as the tools read it (the shop is in the UK: the
     * times are off by an hour in summer, which no profile or rule here can tell).
     */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final List<Purchase> purchases = new ArrayList<>();
    /** Kept rows seen so far per invoice: the next row's line number. */
    private final Map<String, Integer> lines = new HashMap<>();
    /** One instance per distinct id. */
    private final Map<String, String> ids = new HashMap<>();

    /** Adds the row when {@link CleaningRules} keeps it; other rows are not purchases. */
    public void add(RetailRow row) {
        if (CleaningRules.judge(row) != CleaningRules.Verdict.KEPT) {
            return;
        }
        String invoice = shared(row.invoiceNo());
        int line = lines.merge(invoice, 1, Integer::sum);
        purchases.add(new Purchase(invoice, line, shared(row.stockCode()), shared(row.customerId()), timestamp(row.invoiceDate()),
            row.quantity(), row.unitPrice()));
    }

    public List<Purchase> purchases() {
        return List.copyOf(purchases);
    }

    static long timestamp(String invoiceDate) {
        return LocalDateTime.parse(invoiceDate.strip(), DATE).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private String shared(String id) {
        return ids.computeIfAbsent(id, k -> k);
    }
}
