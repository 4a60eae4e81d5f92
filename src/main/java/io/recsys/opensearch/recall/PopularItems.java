package io.recsys.opensearch.recall;

import io.recsys.opensearch.recommender.EventPartitions;
import io.recsys.opensearch.recommender.EventType;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.action.StepListener;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.cluster.ClusterState;
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
 * {@code recsys.recommend.popular_cache_ttl}, then refreshed in the background. Every {@code recommend} request needs the
 * same ranking, which moves slowly (it counts the whole log), while the search for it (coordination, aggregation, reduce
 * of a few hundred buckets) cost a tenth of a request's CPU, and after each refresh of the events index much more. A
 * request may miss the events of the last time to live (and of the refresh running); 0 asks the index every time. Entries are keyed by the index's UUID, so a recreated
 * index never meets the ranking of its predecessor.
 */
public final class PopularItems {

    /** Items in descending score (interaction count, or time-decayed count when trending), with their scores. */
    public record Ranking(List<String> items, List<Double> scores) {
        static final Ranking EMPTY = new Ranking(List.of(), List.of());
    }

    /**
     * @param onPlatform the ranking of the request's platform, or null when the request names none
     * @param overall    the ranking over every platform
     */
    public record Rankings(Ranking onPlatform, Ranking overall) {}

    /**
     * @param indexUuids the indices behind the events name ({@link EventPartitions#readIdentity})
     * @param halfLife   0 for all-time counts, else the half-life of the trending ranking's decay, in milliseconds
     */
    private record Key(String indexUuids, String platform, int size, long halfLife) {}

    private record Entry(Rankings rankings, long expiresAtNanos) {}

    /** Past this many entries, expired ones are dropped (the keys are few: indices × platforms × sizes). */
    static final int PRUNE_ABOVE = 256;

    private static final Logger LOGGER = LogManager.getLogger(PopularItems.class);

    private final Supplier<ClusterState> clusterState;
    private final Supplier<TimeValue> timeToLive;
    private final LongSupplier nanoTime;
    private final Map<Key, Entry> cache = new ConcurrentHashMap<>();
    /** The search making or refreshing each ranking, while it runs: one at a time per ranking. */
    private final Map<Key, StepListener<Rankings>> inFlight = new ConcurrentHashMap<>();

    public PopularItems(Supplier<ClusterState> clusterState, Supplier<TimeValue> timeToLive, LongSupplier nanoTime) {
        this.clusterState = clusterState;
        this.timeToLive = timeToLive;
        this.nanoTime = nanoTime;
    }

    /**
     * The {@code size} most interacted-with items of {@code eventsIndex}, overall and on {@code platform} (may be null).
     * A ranking past its time to live still answers, while one search refreshes it in the background: after a refresh of
     * the events index the aggregation counts the whole log again (a quarter of a second at 2M events), which no request
     * should wait for. Requests that find no ranking wait for the one search that makes it.
     */
    void rankings(Client client, String eventsIndex, String platform, int size, ActionListener<Rankings> listener) {
        rankings(client, eventsIndex, platform, size, 0, listener);
    }

    /**
     * The {@code size} trending items of {@code eventsIndex}: each interaction counts {@code 2^(-age / halfLife)}, its
     * age taken from the newest interaction of the index (in production: now; in a replayed log: the log's end). Kept
     * and refreshed like the all-time ranking ({@link TrendingSearch} says how it is counted).
     */
    void trending(Client client, String eventsIndex, int size, long halfLifeMillis, ActionListener<Ranking> listener) {
        rankings(client, eventsIndex, null, size, halfLifeMillis, ActionListener.wrap(rankings -> listener.onResponse(rankings.overall()), listener::onFailure));
    }

    private void rankings(Client client, String eventsIndex, String platform, int size, long halfLife, ActionListener<Rankings> listener) {
        long ttl = timeToLive.get().nanos();
        String indices = EventPartitions.readIdentity(clusterState.get().metadata(), eventsIndex); // the partitions behind the alias
        Key key = indices == null ? null : new Key(indices, platform, size, halfLife);
        if (key == null || ttl == 0) {
            search(client, eventsIndex, platform, size, halfLife, listener);
            return;
        }
        Entry cached = cache.get(key);
        if (cached != null) {
            listener.onResponse(cached.rankings());
            if (nanoTime.getAsLong() - cached.expiresAtNanos() < 0) {
                return;
            }
        }
        // no ranking yet: wait for the search; an expired one answered already: the search refreshes it for the next
        StepListener<Rankings> fresh = new StepListener<>();
        StepListener<Rankings> running = inFlight.putIfAbsent(key, fresh);
        if (running != null) {
            if (cached == null) {
                running.whenComplete(listener::onResponse, listener::onFailure);
            }
            return;
        }
        if (cached == null) {
            fresh.whenComplete(listener::onResponse, listener::onFailure);
        }
        long started = nanoTime.getAsLong();
        search(client, eventsIndex, platform, size, halfLife, ActionListener.wrap(rankings -> {
            if (cache.size() > PRUNE_ABOVE) {
                cache.values().removeIf(entry -> nanoTime.getAsLong() - entry.expiresAtNanos() >= 0);
            }
            cache.put(key, new Entry(rankings, started + ttl)); // before the search stops being the running one
            inFlight.remove(key, fresh);
            fresh.onResponse(rankings);
        }, e -> {
            inFlight.remove(key, fresh);
            if (cached != null) {
                LOGGER.debug("refreshing the popular items of [" + eventsIndex + "] failed; the next request past the time to live tries again", e);
            }
            fresh.onFailure(e);
        }));
    }

    private static void search(Client client, String eventsIndex, String platform, int size, long halfLife, ActionListener<Rankings> listener) {
        if (halfLife > 0) {
            TrendingSearch.run(client, eventsIndex, size, halfLife, System.currentTimeMillis(),
                ActionListener.wrap(ranking -> listener.onResponse(new Rankings(null, ranking)), listener::onFailure));
            return;
        }
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
        List<Double> counts = new ArrayList<>(terms.getBuckets().size());
        for (Terms.Bucket bucket : terms.getBuckets()) {
            items.add(bucket.getKeyAsString());
            counts.add((double) bucket.getDocCount());
        }
        return items.isEmpty() ? Ranking.EMPTY : new Ranking(List.copyOf(items), List.copyOf(counts));
    }
}
