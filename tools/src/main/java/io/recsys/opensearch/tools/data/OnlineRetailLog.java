package io.recsys.opensearch.tools.data;

import io.recsys.opensearch.common.retail.Catalog;
import io.recsys.opensearch.common.retail.CatalogBuilder;
import io.recsys.opensearch.common.retail.CleaningRules;
import io.recsys.opensearch.common.retail.OnlineRetailCsv;
import io.recsys.opensearch.common.retail.Product;
import io.recsys.opensearch.common.retail.RetailRow;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the Online Retail file with the demo's rules, so the tool and the demo see the same catalog: the demo's CSV
 * reader, its cleaning rules (purchases of products by known customers), and its catalog (one product per stock
 * code: most frequent description as title, the category rule, the median price).
 *
 * <p>Events: one {@code purchase} per distinct (invoice, stock code) — an invoice listing an item on two lines is one
 * purchase of the summed quantity; the invoice is the session; {@code InvoiceDate} is read as UTC (the file has no
 * zone; the shop is in the UK). The file has no platform: see {@link PlatformAssignment}.
 */
public final class OnlineRetailLog {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private OnlineRetailLog() {}

    /**
     * @param keepUser which customers to keep (a sample for quick runs and tests); the catalog still holds every product
     *                 of the whole cleaned file, as a shop's catalog would
     */
    public static EventLog read(Path file, Predicate<String> keepUser) throws IOException {
        CatalogBuilder catalogBuilder = new CatalogBuilder();
        Map<String, Interaction> lines = new LinkedHashMap<>();
        OnlineRetailCsv.read(file, row -> {
            catalogBuilder.add(row);
            if (CleaningRules.judge(row) == CleaningRules.Verdict.KEPT && keepUser.test(row.customerId())) {
                lines.merge(row.invoiceNo() + '\u0000' + row.stockCode(), toInteraction(row), OnlineRetailLog::sumQuantity);
            }
        });
        Catalog catalog = catalogBuilder.build();
        Map<String, Item> items = new HashMap<>();
        for (Product product : catalog.products()) {
            items.put(product.id(), new Item(product.id(), product.title(), product.category(), (double) product.price()));
        }
        return new EventLog(new ArrayList<>(lines.values()), items, file.getFileName().toString());
    }

    static Interaction toInteraction(RetailRow row) {
        long timestamp = LocalDateTime.parse(row.invoiceDate(), DATE).toInstant(ZoneOffset.UTC).toEpochMilli();
        return new Interaction(row.customerId(), row.stockCode(), timestamp, "purchase", null, row.invoiceNo(), row.unitPrice(), row.quantity());
    }

    private static Interaction sumQuantity(Interaction first, Interaction second) {
        return new Interaction(first.user(), first.item(), first.timestamp(), first.type(), first.platform(), first.session(), first.price(),
            first.quantity() + second.quantity());
    }
}
