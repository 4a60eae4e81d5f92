package io.recsys.opensearch.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's "frequently bought together" example: the plugin's {@code cooccurrence} aggregation on the customers'
 * profiles ({@code purchased}), with one anchor item. Each bucket is an item, {@code doc_count} the customers who
 * bought it and the anchor, {@code bg_count} the customers who bought it at all, {@code score} the log-likelihood
 * ratio of the two: high when buying the anchor makes buying the item much likelier than it is anyway.
 */
final class BoughtTogether {

    static final String AGGREGATION = "bought_together";
    static final int SIZE = 8;
    /** Pairs bought by fewer customers than this are left out: the LLR of a handful is noise. */
    static final int MIN_DOC_COUNT = 10;

    /** One co-bought item. */
    record Row(CatalogLookup.Item item, long docCount, long bgCount, double score) {}

    /**
     * @param anchorBuyers customers who bought the anchor (the aggregation's {@code doc_count})
     * @param customers    customers in the population ({@code bg_count} of the aggregation)
     * @param request      the search body, for the printed curl command
     */
    record Result(CatalogLookup.Item anchor, long anchorBuyers, long customers, List<Row> rows, String request) {}

    private final NodeRest rest;

    BoughtTogether(NodeRest rest) {
        this.rest = rest;
    }

    Result run(CatalogLookup.Item anchor) {
        String request = request(anchor.id());
        Map<String, Object> reply = rest.expectOk("POST", "/" + StorefrontRecommender.PROFILES + "/_search", request).json();
        Map<String, Object> aggregation = Json.object(reply, "aggregations", AGGREGATION);
        List<Map<String, Object>> buckets = Json.objects(aggregation, "buckets");
        Map<String, CatalogLookup.Item> items = CatalogLookup.byId(rest, buckets.stream().map(b -> String.valueOf(b.get("key"))).toList());
        List<Row> rows = new ArrayList<>();
        for (Map<String, Object> bucket : buckets) {
            String key = String.valueOf(bucket.get("key"));
            CatalogLookup.Item item = items.getOrDefault(key, new CatalogLookup.Item(key, "(not in the catalog)", "?"));
            rows.add(new Row(item, Json.number(bucket, "doc_count", 0), Json.number(bucket, "bg_count", 0), Json.decimal(bucket, "score")));
        }
        return new Result(anchor, Json.number(aggregation, "doc_count", 0), Json.number(aggregation, "bg_count", 0), rows, request);
    }

    /** The example as the report prints it. */
    static List<String> lines(Result result) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "  frequently bought together with \"%s\": cooccurrence aggregation over %,d customer profiles "
            + "(%,d bought it)", result.anchor().title(), result.customers(), result.anchorBuyers()));
        lines.add(String.format(Locale.ROOT, "    %-8s %-50s %9s %9s %8s", "item", "title (category)", "doc_count", "bg_count", "LLR"));
        for (Row row : result.rows()) {
            lines.add(String.format(Locale.ROOT, "    %-8s %-50s %,9d %,9d %8.1f", row.item().id(),
                SideBySide.labelled(row.item().title(), row.item().category(), 50), row.docCount(), row.bgCount(), row.score()));
        }
        if (result.rows().isEmpty()) {
            lines.add("    (no item bought with it by " + MIN_DOC_COUNT + " customers or more)");
        }
        return lines;
    }

    /**
     * The search: customers' profiles only, in the foreground (the query) and in the background alike, see
     * {@link CustomerProfiles}.
     */
    static String request(String anchor) {
        Map<String, Object> cooccurrence = new LinkedHashMap<>();
        cooccurrence.put("field", "purchased");
        cooccurrence.put("anchors", List.of(anchor));
        cooccurrence.put("size", SIZE);
        cooccurrence.put("min_doc_count", MIN_DOC_COUNT);
        cooccurrence.put("background_filter", CustomerProfiles.query());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", 0);
        body.put("query", CustomerProfiles.query());
        body.put("aggs", Map.of(AGGREGATION, Map.of("cooccurrence", cooccurrence)));
        return CatalogIndex.json(body);
    }
}
