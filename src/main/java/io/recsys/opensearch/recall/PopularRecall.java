package io.recsys.opensearch.recall;

import io.recsys.opensearch.recommender.EventType;
import io.recsys.opensearch.transport.popularity.InteractionCountsAction;
import io.recsys.opensearch.transport.popularity.InteractionCountsRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.aggregations.AggregationBuilders;
import org.opensearch.search.aggregations.bucket.filter.Filter;
import org.opensearch.search.aggregations.bucket.terms.Terms;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The most interacted-with items in the recommender's events index (impressions do not count), the request platform's
 * own favourites first when a context platform is given. Over-fetched four times, since the catalog filter is applied
 * afterwards (the events index does not hold catalog fields).
 */
public final class PopularRecall {

    static final int OVERFETCH = 4;

    private PopularRecall() {}

    public static void recall(Client client, RecallContext context, ActionListener<SourceResult> listener) {
        int size = context.spec().budgets().popularSize();
        if (size == 0) {
            listener.onResponse(SourceResult.empty(Source.POPULAR, null));
            return;
        }
        int wanted = Math.min(10_000, size * OVERFETCH + context.excluded().size());
        int fetch = cacheableSize(wanted);
        SearchSourceBuilder source = new SearchSourceBuilder().size(0)
            .query(QueryBuilders.boolQuery().mustNot(QueryBuilders.termQuery("type", EventType.IMPRESSION.jsonName())))
            .aggregation(AggregationBuilders.terms("popular").field("item").size(fetch));
        String platform = context.spec().platform();
        if (platform != null) {
            source.aggregation(AggregationBuilders.filter("platform", QueryBuilders.termQuery("platform", platform))
                .subAggregation(AggregationBuilders.terms("popular").field("item").size(fetch)));
        }
        client.search(new SearchRequest(context.indices().events()).source(source), ActionListener.wrap(response -> {
            Map<String, Float> counts = new LinkedHashMap<>();
            if (platform != null) {
                Filter onPlatform = response.getAggregations().get("platform");
                addBuckets(onPlatform.getAggregations().get("popular"), wanted, counts, context);
            }
            addBuckets(response.getAggregations().get("popular"), wanted, counts, context);
            listener.onResponse(new SourceResult(Source.POPULAR, new ArrayList<>(counts.keySet()), new ArrayList<>(counts.values()), null));
        }, listener::onFailure));
    }

    /**
     * Buckets to ask for: the {@code wanted} ones rounded up to a multiple of {@link #FETCH_STEP}, so that the request
     * is the same for nearly every user (whatever their exclusions) and the shards answer it from their request cache
     * (until the next refresh of the events index) instead of aggregating every event again.
     */
    static int cacheableSize(int wanted) {
        return Math.min(10_000, (wanted + FETCH_STEP - 1) / FETCH_STEP * FETCH_STEP);
    }

    static final int FETCH_STEP = 256;

    /** The first {@code wanted} buckets (the request asked for more only to be the same for every user). */
    private static void addBuckets(Terms terms, int wanted, Map<String, Float> counts, RecallContext context) {
        List<? extends Terms.Bucket> buckets = terms.getBuckets();
        for (Terms.Bucket bucket : buckets.subList(0, Math.min(wanted, buckets.size()))) {
            String item = bucket.getKeyAsString();
            if (context.excluded().contains(item) == false) {
                counts.putIfAbsent(item, (float) bucket.getDocCount());
            }
        }
    }

    /**
     * Interaction counts of the given items (the popularity feature), read from the events index's terms and postings
     * ({@link InteractionCountsAction}); by an aggregation when that cannot answer (an events index that someone
     * re-created with several shards).
     */
    public static void counts(Client client, RecallContext context, List<String> items, ActionListener<Map<String, Long>> listener) {
        if (items.isEmpty()) {
            listener.onResponse(Map.of());
            return;
        }
        client.execute(InteractionCountsAction.INSTANCE, new InteractionCountsRequest(context.indices().events(), items), ActionListener.wrap(response -> {
            Map<String, Long> counts = new HashMap<>();
            long[] values = response.counts();
            for (int i = 0; i < values.length; i++) {
                if (values[i] > 0) {
                    counts.put(items.get(i), values[i]);
                }
            }
            listener.onResponse(counts);
        }, e -> aggregatedCounts(client, context, items, listener)));
    }

    /** The same counts by a {@code terms} aggregation over the events of the items. */
    static void aggregatedCounts(Client client, RecallContext context, List<String> items, ActionListener<Map<String, Long>> listener) {
        SearchSourceBuilder source = new SearchSourceBuilder().size(0)
            .query(QueryBuilders.boolQuery()
                .filter(QueryBuilders.termsQuery("item", items))
                .mustNot(QueryBuilders.termQuery("type", EventType.IMPRESSION.jsonName())))
            .aggregation(AggregationBuilders.terms("counts").field("item").size(items.size()));
        client.search(new SearchRequest(context.indices().events()).source(source), ActionListener.wrap(response -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            Terms terms = response.getAggregations().get("counts");
            for (Terms.Bucket bucket : terms.getBuckets()) {
                counts.put(bucket.getKeyAsString(), bucket.getDocCount());
            }
            listener.onResponse(counts);
        }, listener::onFailure));
    }
}
