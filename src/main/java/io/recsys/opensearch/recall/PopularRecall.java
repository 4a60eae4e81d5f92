package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.recommender.EventType;
import io.recsys.opensearch.transport.popularity.InteractionCountsAction;
import io.recsys.opensearch.transport.popularity.InteractionCountsRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.aggregations.AggregationBuilders;
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
 * afterwards (the events index does not hold catalog fields). The ranking comes from {@link PopularItems}.
 */
public final class PopularRecall implements RecallSource {

    static final int OVERFETCH = 4;

    private final PopularItems popular;

    PopularRecall(PopularItems popular) {
        this.popular = popular;
    }

    @Override
    public Source source() {
        return Source.POPULAR;
    }

    @Override
    public void recall(Client client, RecallContext context, ActionListener<SourceResult> listener) {
        int size = context.spec().budgets().popularSize();
        if (size == 0) {
            listener.onResponse(SourceResult.empty(Source.POPULAR, null));
            return;
        }
        int wanted = Math.min(10_000, size * OVERFETCH + context.excluded().size());
        popular.rankings(client, context.indices().events(), context.spec().platform(), cacheableSize(wanted), ActionListener.wrap(rankings -> {
            Map<String, Float> counts = new LinkedHashMap<>();
            if (rankings.onPlatform() != null) {
                addItems(rankings.onPlatform(), wanted, counts, context);
            }
            addItems(rankings.overall(), wanted, counts, context);
            listener.onResponse(new SourceResult(Source.POPULAR, new ArrayList<>(counts.keySet()), new ArrayList<>(counts.values()), null));
        }, listener::onFailure));
    }

    /**
     * Items to ask for: the {@code wanted} ones rounded up to a multiple of {@link #FETCH_STEP}, so that the ranking is
     * the same for nearly every user (whatever their exclusions): {@link PopularItems} keeps it, and when it asks again the
     * shards answer from their request cache until the next refresh of the events index.
     */
    static int cacheableSize(int wanted) {
        return Math.min(10_000, (wanted + FETCH_STEP - 1) / FETCH_STEP * FETCH_STEP);
    }

    static final int FETCH_STEP = 256;

    /** The first {@code wanted} items of a ranking but the excluded ones (it holds more only to be the same for every user). */
    static void addItems(PopularItems.Ranking ranking, int wanted, Map<String, Float> counts, RecallContext context) {
        int end = Math.min(wanted, ranking.items().size());
        for (int i = 0; i < end; i++) {
            String item = ranking.items().get(i);
            if (context.excluded().contains(item) == false) {
                counts.putIfAbsent(item, ranking.scores().get(i).floatValue());
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
