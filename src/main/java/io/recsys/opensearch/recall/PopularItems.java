package io.recsys.opensearch.recall;

import io.recsys.opensearch.recommender.EventType;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.aggregations.AggregationBuilders;
import org.opensearch.search.aggregations.bucket.filter.Filter;
import org.opensearch.search.aggregations.bucket.terms.Terms;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The most interacted-with items of a recommender's events index (impressions do not count), overall and on one
 * platform, as a {@code terms} aggregation ranks them — remembered on this node for
 * {@code recsys.recommend.popular_cache_ttl}. Every {@code recommend} request needs the same ranking, which moves slowly
 * (it counts the whole log), while the search for it (coordination, aggregation, reduce of a few hundred buckets) cost a
 * tenth of a request's CPU. Within the time to live a request may miss the events of the last moment, as it would miss
 * those not yet refreshed anyway; 0 asks the index every time. Entries are keyed by the index's UUID, so a recreated
 * index never meets the ranking of its predecessor.
 */
public final class PopularItems {

    /** Items in descending count, with their counts. */
    public record Ranking(List<String> items, List<Long> counts) {
        static final Ranking EMPTY = new Ranking(List.of(), List.of());
    }

    /**
     * @param onPlatform the ranking of the request's platform, or null when the request names none
     * @param overall    the ranking over every platform
     */
    public record Rankings(Ranking onPlatform, Ranking overall) {}

    private record Key(String indexUuid, String platform, int size) {}

    private record Entry(Rankings rankings, long expiresAtNanos) {}

    /** Past this many entries, expired ones are dropped (the keys are few: indices × platforms × sizes). */
    static final int PRUNE_ABOVE = 256;

    private final Supplier<ClusterState> clusterState;
    private final Supplier<TimeValue> timeToLive;
    private final LongSupplier nanoTime;
    private final Map<Key, Entry> cache = new ConcurrentHashMap<>();

    public PopularItems(Supplier<ClusterState> clusterState, Supplier<TimeValue> timeToLive, LongSupplier nanoTime) {
        this.clusterState = clusterState;
        this.timeToLive = timeToLive;
        this.nanoTime = nanoTime;
    }

    /** The {@code size} most interacted-with items of {@code eventsIndex}, overall and on {@code platform} (may be null). */
    void rankings(Client client, String eventsIndex, String platform, int size, ActionListener<Rankings> listener) {
        long ttl = timeToLive.get().nanos();
        IndexMetadata index = clusterState.get().metadata().index(eventsIndex);
        Key key = index == null ? null : new Key(index.getIndexUUID(), platform, size);
        long now = nanoTime.getAsLong();
        Entry cached = key == null || ttl == 0 ? null : cache.get(key);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            listener.onResponse(cached.rankings());
            return;
        }
        search(client, eventsIndex, platform, size, ActionListener.wrap(rankings -> {
            if (key != null && ttl > 0) {
                if (cache.size() > PRUNE_ABOVE) {
                    cache.values().removeIf(entry -> nanoTime.getAsLong() - entry.expiresAtNanos() >= 0);
                }
                cache.put(key, new Entry(rankings, now + ttl));
            }
            listener.onResponse(rankings);
        }, listener::onFailure));
    }

    private static void search(Client client, String eventsIndex, String platform, int size, ActionListener<Rankings> listener) {
        SearchSourceBuilder source = new SearchSourceBuilder().size(0)
            .query(QueryBuilders.boolQuery().mustNot(QueryBuilders.termQuery("type", EventType.IMPRESSION.jsonName())))
            .aggregation(AggregationBuilders.terms("popular").field("item").size(size));
        if (platform != null) {
            source.aggregation(AggregationBuilders.filter("platform", QueryBuilders.termQuery("platform", platform))
                .subAggregation(AggregationBuilders.terms("popular").field("item").size(size)));
        }
        client.search(new SearchRequest(eventsIndex).source(source), ActionListener.wrap(response -> {
            Ranking onPlatform = null;
            if (platform != null) {
                Filter filter = response.getAggregations().get("platform");
                onPlatform = ranking(filter.getAggregations().get("popular"));
            }
            listener.onResponse(new Rankings(onPlatform, ranking(response.getAggregations().get("popular"))));
        }, listener::onFailure));
    }

    private static Ranking ranking(Terms terms) {
        List<String> items = new ArrayList<>(terms.getBuckets().size());
        List<Long> counts = new ArrayList<>(terms.getBuckets().size());
        for (Terms.Bucket bucket : terms.getBuckets()) {
            items.add(bucket.getKeyAsString());
            counts.add(bucket.getDocCount());
        }
        return items.isEmpty() ? Ranking.EMPTY : new Ranking(List.copyOf(items), List.copyOf(counts));
    }
}
