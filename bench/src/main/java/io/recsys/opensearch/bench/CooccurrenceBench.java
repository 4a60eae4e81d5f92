package io.recsys.opensearch.bench;

import io.recsys.opensearch.cooccurrence.AnchorLists;
import io.recsys.opensearch.cooccurrence.CooccurrenceAggregationBuilder;
import io.recsys.opensearch.cooccurrence.ExactCooccurrence;
import io.recsys.opensearch.cooccurrence.InternalCooccurrence;
import io.recsys.opensearch.cooccurrence.MostRecentFirst;
import org.opensearch.action.get.MultiGetRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.support.PlainActionFuture;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.aggregations.AggregationBuilders;
import org.opensearch.search.aggregations.bucket.filter.Filter;
import org.opensearch.search.aggregations.bucket.filter.Filters;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code cooccurrence} benchmark: generated baskets in a 1-shard index and the same baskets in an index of more
 * shards; latency of the aggregation in its main uses, of the exact answer over several shards, and of precomputed
 * indicators, plus the time to materialize them.
 */
final class CooccurrenceBench {

    /** The knobs. */
    private final BenchOptions options;
    /** HTTP to the node. */
    private final Rest rest;
    /** The node's own client (in-process transport). */
    private final Client client;
    /** The report being written. */
    private final Report report;

    CooccurrenceBench(BenchOptions options, Rest rest, Client client, Report report) {
        this.options = options;
        this.rest = rest;
        this.client = client;
        this.report = report;
    }

    static final String INDEX = "baskets";
    static final String SHARDED = "baskets-sharded";
    static final String INDICATORS = "baskets-indicators";

    void run() {
        load();
        List<List<String>> carts = carts();
        report.section("Latency (" + options.queries() + " queries after " + options.warmup() + " warm-up, one client, sequential)");
        report.tableHeader("scenario", "p50 ms", "p99 ms", "mean ms", "queries");

        measure("floor: a search with no aggregation (size 0, 1 shard)", carts, cart -> {
            SearchSourceBuilder source = new SearchSourceBuilder().size(0).trackTotalHits(false);
            client.search(new SearchRequest(INDEX).source(source)).actionGet();
            return 0;
        });
        measure("1 anchor, size 20 (1 shard, Java client)", carts, cart -> aggregate(INDEX, agg(cart.subList(0, 1))));
        measure("1 anchor, size 20 (1 shard, HTTP JSON)", carts, cart -> http(INDEX, cart.subList(0, 1), ""));
        measure("5 anchors (a cart), size 20 (1 shard)", carts, cart -> aggregate(INDEX, agg(cart)));
        measure("5 anchors, sample_size 5000 (1 shard)", carts, cart -> aggregate(INDEX, agg(cart).sampleSize(5000)));
        List<List<String>> histories = histories();
        measure("25 anchors (a history), sample_size 5000 (1 shard)", histories, history -> aggregate(INDEX, agg(history).sampleSize(5000)));
        measure("25 anchors, sample_size 5000 (1 shard, HTTP JSON)", histories, history -> http(INDEX, history, ", \"sample_size\": 5000"));
        measure("25 anchors, every basket (1 shard)", histories.subList(0, Math.min(histories.size(), 100)), history -> aggregate(INDEX, agg(history)));
        measure("25 anchors, a list per anchor, sample_size 200 each (1 shard)", histories, history -> perAnchor(INDEX, history, 5000, false));
        measure("25 anchors, a list per anchor, 200 each, most recent first (1 shard; recommend's online path)", histories, history -> perAnchor(INDEX, history, 5000, true));
        measure("5 anchors, a list per anchor, sample_size 1000 each (1 shard)", carts, cart -> perAnchor(INDEX, cart, 5000, false));
        measure("5 anchors, a list per anchor, 1000 each, most recent first (1 shard; online in a session)", carts, cart -> perAnchor(INDEX, cart, 5000, true));
        measure("1 anchor, under a filter aggregation: every basket read (1 shard)", carts.subList(0, Math.min(carts.size(), 60)), cart -> {
            SearchSourceBuilder source = new SearchSourceBuilder().size(0)
                .aggregation(AggregationBuilders.filter("all", QueryBuilders.matchAllQuery()).subAggregation(agg(cart.subList(0, 1))));
            Filter all = client.search(new SearchRequest(INDEX).source(source)).actionGet().getAggregations().get("all");
            return ((InternalCooccurrence) all.getAggregations().get("also")).getBuckets().size();
        });
        measure("1 anchor, one round (" + options.shards() + " shards, not exact)", carts, cart -> aggregate(SHARDED, agg(cart.subList(0, 1))));
        int[] mismatches = new int[1];
        measure("1 anchor, exact rounds (" + options.shards() + " shards)", carts, cart -> {
            PlainActionFuture<InternalCooccurrence> future = new PlainActionFuture<>();
            ExactCooccurrence.search(client, SHARDED, null, agg(cart.subList(0, 1)), future);
            InternalCooccurrence exact = future.actionGet();
            InternalCooccurrence reference = single(cart.subList(0, 1));
            if (exact.getBuckets().equals(reference.getBuckets()) == false) {
                if (mismatches[0]++ == 0) {
                    System.out.println("  first difference, anchor " + cart.get(0) + ":\n    " + options.shards() + " shards: " + exact + "\n    1 shard:  " + reference);
                }
            }
            return exact.getBuckets().size();
        });
        report.line("");
        report.line(
            "Exact rounds on " + options.shards() + " shards vs the 1-shard index: " + mismatches[0] + " of " + (options.queries() + options.warmup())
                + " answers differ (key, doc_count, bg_count, score of every bucket compared)."
        );

        indicators(INDEX, INDICATORS, carts, histories, "every item in at least 3 baskets" + (options.indicatorItems() > 0
            ? ", the " + options.indicatorItems() + " most frequent" : ""), options.indicatorItems());
        if (options.retail() != null) {
            retail();
        }
    }

    static final String RETAIL = "retail-baskets";
    /** Each basket's time, what a sample most recent first prefers; the last basket an index may hold is at this moment. */
    static final String TIME = "time";
    static final long LAST_BASKET_TIME = 1_800_000_000_000L;
    static final int MAX_BASKETS = 100_000_000;
    static final String RETAIL_INDICATORS = "retail-indicators";

    /**
     * The Online Retail log (the demo's copy, cleaned by the demo's rules): one basket per invoice; the anchors are the
     * last 5 and the last 25 distinct items a customer bought.
     */
    private void retail() {
        report.section("Online Retail baskets");
        RetailBaskets data = RetailBaskets.read(options.retail());
        double seconds = index(RETAIL, 1, data.invoices().iterator());
        report.line(String.format(Locale.ROOT, "%s (%s): %,d invoices over %,d items, %.1f items per invoice; indexed in %.1f s.",
            options.retail().getFileName(), "Online Retail, UCI, CC BY 4.0", data.invoices().size(), data.items(), itemsPerBasket, seconds));
        List<List<String>> five = data.anchors(5, options.queries() + options.warmup(), options.seed());
        List<List<String>> twentyFive = data.anchors(25, options.queries() + options.warmup(), options.seed());
        report.line("");
        report.tableHeader("scenario", "p50 ms", "p99 ms", "mean ms", "queries");
        measure("retail: 5 anchors, sample_size 5000", five, anchors -> aggregate(RETAIL, agg(anchors).sampleSize(5000)));
        measure("retail: 25 anchors, sample_size 5000", twentyFive, anchors -> aggregate(RETAIL, agg(anchors).sampleSize(5000)));
        measure("retail: 25 anchors, every basket", twentyFive, anchors -> aggregate(RETAIL, agg(anchors)));
        measure("retail: 25 anchors, a list per anchor, sample_size 200 each", twentyFive, anchors -> perAnchor(RETAIL, anchors, 5000, false));
        measure("retail: 25 anchors, a list per anchor, 200 each, most recent first (recommend's online path)", twentyFive, anchors -> perAnchor(RETAIL, anchors, 5000, true));
        measure("retail: 5 anchors, a list per anchor, sample_size 1000 each", five, anchors -> perAnchor(RETAIL, anchors, 5000, false));
        measure("retail: 5 anchors, a list per anchor, 1000 each, most recent first (online in a session)", five, anchors -> perAnchor(RETAIL, anchors, 5000, true));
        indicators(RETAIL, RETAIL_INDICATORS, five, twentyFive, "every item in at least 3 invoices", 0);
    }

    /** What a returning shopper has: the distinct items of several consecutive baskets, 25 of them. */
    private List<List<String>> histories() {
        BasketGenerator generator = new BasketGenerator(options.items(), options.seed() + 2);
        List<List<String>> histories = new ArrayList<>();
        while (histories.size() < options.queries() + options.warmup()) {
            LinkedHashSet<String> history = new LinkedHashSet<>();
            while (history.size() < 25) {
                history.addAll(generator.next());
            }
            histories.add(List.copyOf(history).subList(0, 25));
        }
        return histories;
    }

    private CooccurrenceAggregationBuilder agg(List<String> anchors) {
        return new CooccurrenceAggregationBuilder("also").field("items").anchors(anchors).size(20).minDocCount(3);
    }

    private InternalCooccurrence single(List<String> anchors) {
        SearchSourceBuilder source = new SearchSourceBuilder().size(0).aggregation(agg(anchors));
        return client.search(new SearchRequest(INDEX).source(source)).actionGet().getAggregations().get("also");
    }

    private int aggregate(String index, CooccurrenceAggregationBuilder aggregation) {
        SearchSourceBuilder source = new SearchSourceBuilder().size(0).trackTotalHits(false).aggregation(aggregation);
        InternalCooccurrence result = client.search(new SearchRequest(index).source(source)).actionGet().getAggregations().get("also");
        return result.getBuckets().size();
    }

    /**
     * As the {@code recommend} query's online co-occurrence asks it ({@link AnchorLists}): the baskets holding an anchor,
     * a list per anchor, {@code sampledPerShard} baskets shared among them; with {@code mostRecentFirst} each list's sample
     * is its most recent baskets (by {@link #TIME}), as the query samples profiles by {@code updated_at}.
     */
    private int perAnchor(String index, List<String> anchors, int sampledPerShard, boolean mostRecentFirst) {
        CooccurrenceAggregationBuilder list = agg(anchors);
        QueryBuilder holding = AnchorLists.holdingAnAnchor(list);
        SearchSourceBuilder source = new SearchSourceBuilder().size(0).trackTotalHits(false)
            .query(mostRecentFirst ? MostRecentFirst.query(holding, TIME, LAST_BASKET_TIME) : holding)
            .aggregation(AnchorLists.perAnchor("by_anchor", list, sampledPerShard));
        Filters byAnchor = client.search(new SearchRequest(index).source(source)).actionGet().getAggregations().get("by_anchor");
        int found = 0;
        for (int a = 0; a < anchors.size(); a++) {
            found += AnchorLists.list(byAnchor, a, list).getBuckets().size();
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private int http(String index, List<String> anchors, String extra) {
        String body = """
            {"size": 0, "track_total_hits": false, "aggs": {"also": {"cooccurrence": {"field": "items", "anchors": %s, "size": 20, "min_doc_count": 3%s}}}}"""
            .formatted(json(anchors), extra);
        Map<String, Object> response = rest.call("POST", "/" + index + "/_search", body);
        Map<String, Object> also = (Map<String, Object>) ((Map<String, Object>) response.get("aggregations")).get("also");
        return ((List<?>) also.get("buckets")).size();
    }

    private static String json(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "\"" : ", \"").append(items.get(i)).append('"');
        }
        return out.append(']').toString();
    }

    /** Runs warm-up then measured queries, one cart each, and adds a row. */
    private void measure(String name, List<List<String>> carts, Function<List<String>, Integer> query) {
        int warmup = Math.min(options.warmup(), carts.size() / 4);
        Latencies latencies = new Latencies();
        long results = 0;
        for (int i = 0; i < carts.size(); i++) {
            long start = System.nanoTime();
            results += query.apply(carts.get(i));
            long took = System.nanoTime() - start;
            if (i >= warmup) {
                latencies.add(took);
            }
        }
        report.row(
            name,
            Latencies.format(latencies.percentileMillis(50)),
            Latencies.format(latencies.percentileMillis(99)),
            Latencies.format(latencies.meanMillis()),
            Integer.toString(latencies.count())
        );
        System.out.printf(Locale.ROOT, "  %-70s p50 %8s  p99 %8s  (%.1f items per answer)%n", name, Latencies.format(latencies.percentileMillis(50)),
            Latencies.format(latencies.percentileMillis(99)), results / (double) carts.size());
    }

    /** What users look up: the first 5 items of baskets drawn like the indexed ones (popular items more often). */
    private List<List<String>> carts() {
        BasketGenerator generator = new BasketGenerator(options.items(), options.seed() + 1);
        List<List<String>> carts = new ArrayList<>();
        while (carts.size() < options.queries() + options.warmup()) {
            List<String> basket = generator.next();
            if (basket.size() >= 5) {
                carts.add(List.copyOf(basket.subList(0, 5)));
            }
        }
        return carts;
    }

    private void load() {
        report.section("Data");
        double seconds = index(INDEX, 1);
        String baskets = String.format(
            Locale.ROOT,
            "%,d baskets over %,d items (bundles of %d, Zipf %.1f), %.1f items per basket",
            options.docs(),
            options.items(),
            BasketGenerator.BUNDLE,
            BasketGenerator.ZIPF,
            itemsPerBasket
        );
        report.line(
            String.format(
                Locale.ROOT,
                "%s; indexed in %.1f s (%,.0f baskets/s, one bulk client), %d segments.",
                baskets,
                seconds,
                options.docs() / seconds,
                segments(INDEX)
            )
        );
        double sharded = index(SHARDED, options.shards());
        report.line(
            String.format(
                Locale.ROOT,
                "The same baskets in a %d-shard index: indexed in %.1f s, %d segments.",
                options.shards(),
                sharded,
                segments(SHARDED)
            )
        );
    }

    /** Items per basket of the last index loaded. */
    private double itemsPerBasket;

    /**
     * Creates the index and loads the generated baskets into it, refreshing every second as a live index does (so its
     * segments are what merges left, not one big flush); returns the seconds it took.
     */
    private double index(String index, int shards) {
        BasketGenerator generator = new BasketGenerator(options.items(), options.seed());
        Iterator<List<String>> baskets = new Iterator<>() {
            int left = options.docs();

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public List<String> next() {
                left--;
                return generator.next();
            }
        };
        return index(index, shards, baskets);
    }

    private double index(String index, int shards, Iterator<List<String>> baskets) {
        rest.call("PUT", "/" + index, """
            {"settings": {"index": {"number_of_shards": %d, "number_of_replicas": 0}},
             "mappings": {"properties": {"items": {"type": "keyword"}, "%s": {"type": "date", "format": "epoch_millis"}}}}""".formatted(shards, TIME));
        long start = System.nanoTime();
        long itemsInBaskets = 0;
        int docs = 0;
        StringBuilder bulk = new StringBuilder();
        while (baskets.hasNext()) {
            List<String> basket = baskets.next();
            itemsInBaskets += basket.size();
            docs++;
            // written in time order, a minute apart, as profiles are rewritten at each event: the newest come last
            bulk.append("{\"index\":{}}\n{\"items\":").append(json(basket))
                .append(",\"").append(TIME).append("\":").append(LAST_BASKET_TIME - 60_000L * (MAX_BASKETS - docs)).append("}\n");
            if (docs % 5_000 == 0 || baskets.hasNext() == false) {
                Map<String, Object> response = rest.ndjson("/" + index + "/_bulk", bulk.toString());
                if (Boolean.TRUE.equals(response.get("errors"))) {
                    throw new IllegalStateException("bulk failed: " + response);
                }
                bulk.setLength(0);
            }
        }
        rest.call("POST", "/" + index + "/_refresh", null);
        rest.call("GET", "/_cluster/health/" + index + "?wait_for_status=green&timeout=10m", null);
        double seconds = (System.nanoTime() - start) / 1e9;
        itemsPerBasket = itemsInBaskets / (double) docs;
        System.out.printf(Locale.ROOT, "loaded %,d baskets into %s in %.1f s%n", docs, index, seconds);
        return seconds;
    }

    @SuppressWarnings("unchecked")
    private long segments(String index) {
        Map<String, Object> stats = rest.call("GET", "/" + index + "/_stats/segments", null);
        Map<String, Object> primaries = (Map<String, Object>) ((Map<String, Object>) stats.get("_all")).get("primaries");
        return ((Number) ((Map<String, Object>) primaries.get("segments")).get("count")).longValue();
    }

    /** Materializes the indicators of {@code source} into {@code dest} and measures reading them for 1, 5 and 25 anchors. */
    @SuppressWarnings("unchecked")
    private void indicators(String source, String dest, List<List<String>> carts, List<List<String>> histories, String which, int maxItems) {
        report.section("Precomputed indicators of [" + source + "]");
        long start = System.nanoTime();
        Map<String, Object> built = rest.call("POST", "/_plugins/_recsys/indicators/_build", """
            {"source": {"index": "%s", "field": "items"}, "dest": {"index": "%s"}, "size": 20, "min_doc_count": 3, "parallelism": %d%s}"""
            .formatted(source, dest, options.parallelism(), maxItems > 0 ? ", \"max_items\": " + maxItems : ""));
        double seconds = (System.nanoTime() - start) / 1e9;
        Number items = (Number) built.get("items");
        report.line(
            String.format(
                Locale.ROOT,
                "Materialization of the 1-shard index: %,d anchor items (%s), %,d with indicators, %,d indicators, in %.1f s (%.0f items/s, parallelism %d).",
                items.longValue(),
                which,
                ((Number) built.get("items_with_indicators")).longValue(),
                ((Number) built.get("indicators")).longValue(),
                seconds,
                items.doubleValue() / seconds,
                options.parallelism()
            )
        );
        System.out.printf(Locale.ROOT, "indicators of %s built in %.1f s: %s%n", source, seconds, built);
        report.line("");
        report.tableHeader("scenario", "p50 ms", "p99 ms", "mean ms", "queries");
        measure("indicators of 1 item: GET doc (HTTP)", carts, cart -> {
            Map<String, Object> doc = callIgnoringMissing("/" + dest + "/_doc/" + cart.get(0));
            return doc.get("_source") == null ? 0 : ((List<?>) ((Map<String, Object>) doc.get("_source")).get("indicators")).size();
        });
        measure("indicators of 5 items: _mget (HTTP)", carts, cart -> mget(dest, cart));
        measure("indicators of 25 items: _mget (HTTP)", histories, history -> mget(dest, history));
        measure("indicators of 25 items: multi-get (Java client, as the recommend query reads them)", histories, history -> {
            var request = new MultiGetRequest().realtime(false);
            history.forEach(item -> request.add(dest, item));
            return (int) Arrays.stream(client.multiGet(request).actionGet().getResponses())
                .filter(r -> r.isFailed() == false && r.getResponse().isExists()).count();
        });
    }

    private int mget(String index, List<String> items) {
        Map<String, Object> docs = rest.call("POST", "/" + index + "/_mget", "{\"ids\": " + json(items) + "}");
        return ((List<?>) docs.get("docs")).size();
    }

    private Map<String, Object> callIgnoringMissing(String path) {
        try {
            return rest.call("GET", path, null);
        } catch (IllegalStateException e) {
            if (e.getMessage().contains("→ 404")) {
                return Map.of();
            }
            throw e;
        }
    }
}
