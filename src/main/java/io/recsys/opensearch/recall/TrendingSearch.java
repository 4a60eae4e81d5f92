package io.recsys.opensearch.recall;

import io.recsys.opensearch.recommender.EventType;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.aggregations.AggregationBuilders;
import org.opensearch.search.aggregations.bucket.range.Range;
import org.opensearch.search.aggregations.bucket.range.RangeAggregationBuilder;
import org.opensearch.search.aggregations.bucket.terms.Terms;
import org.opensearch.search.aggregations.metrics.Max;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the trending items of an events index: every interaction but impressions weighs {@code 2^(-age / half-life)}.
 * Two searches, aggregations only (no script): the newest interaction's time, which the ages are taken from (the
 * clock when it is later, so that a replayed log trends at its own end and a live shop at now); then the interactions
 * of the last {@value #HALF_LIVES} half-lives in {@value #SLICES_PER_HALF_LIFE} time slices per half-life, each slice's
 * items counted by a {@code terms} aggregation and weighed by the decay at the slice's middle. Older interactions
 * would weigh under 1/16 and are not read. An item outside a slice's top {@code size} counts 0 there: the ranking's
 * head, which is what the source returns, is exact up to the slicing.
 */
final class TrendingSearch {

    static final int HALF_LIVES = 4;
    static final int SLICES_PER_HALF_LIFE = 4;

    private TrendingSearch() {}

    static void run(Client client, String eventsIndex, int size, long halfLife, long now, ActionListener<PopularItems.Ranking> listener) {
        BoolQueryBuilder interactions = QueryBuilders.boolQuery().mustNot(QueryBuilders.termQuery("type", EventType.IMPRESSION.jsonName()));
        SearchSourceBuilder newest = new SearchSourceBuilder().size(0).query(interactions).aggregation(AggregationBuilders.max("newest").field("ts"));
        client.search(new SearchRequest(eventsIndex).source(newest), ActionListener.wrap(response -> {
            Max max = response.getAggregations().get("newest");
            if (Double.isInfinite(max.getValue())) {
                listener.onResponse(PopularItems.Ranking.EMPTY); // no interaction yet
                return;
            }
            long end = Math.min(now, (long) max.getValue()) + 1; // the newest interaction is inside the last slice
            slices(client, eventsIndex, interactions, size, halfLife, end, listener);
        }, listener::onFailure));
    }

    private static void slices(Client client, String eventsIndex, BoolQueryBuilder interactions, int size, long halfLife, long end,
        ActionListener<PopularItems.Ranking> listener) {
        int slices = HALF_LIVES * SLICES_PER_HALF_LIFE;
        long width = Math.max(1, halfLife / SLICES_PER_HALF_LIFE);
        long start = end - width * slices;
        RangeAggregationBuilder ranges = AggregationBuilders.range("slices").field("ts").keyed(false);
        for (int i = 0; i < slices; i++) {
            ranges.addRange(start + i * width, start + (i + 1) * width);
        }
        ranges.subAggregation(AggregationBuilders.terms("items").field("item").size(size));
        SearchSourceBuilder source = new SearchSourceBuilder().size(0)
            .query(interactions.filter(QueryBuilders.rangeQuery("ts").gte(start).lt(end)))
            .aggregation(ranges);
        client.search(new SearchRequest(eventsIndex).source(source), ActionListener.wrap(response -> {
            Range range = response.getAggregations().get("slices");
            Map<String, Double> scores = new HashMap<>();
            for (Range.Bucket slice : range.getBuckets()) {
                double middle = (((Number) slice.getFrom()).doubleValue() + ((Number) slice.getTo()).doubleValue()) / 2;
                double weight = Math.pow(2, -(end - middle) / halfLife);
                Terms items = slice.getAggregations().get("items");
                for (Terms.Bucket item : items.getBuckets()) {
                    scores.merge(item.getKeyAsString(), item.getDocCount() * weight, Double::sum);
                }
            }
            listener.onResponse(ranking(scores, size));
        }, listener::onFailure));
    }

    /** The {@code size} best scores, best first (ties by item id, so that every node orders them alike). */
    static PopularItems.Ranking ranking(Map<String, Double> scores, int size) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(scores.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<Map.Entry<String, Double>> top = entries.subList(0, Math.min(size, entries.size()));
        if (top.isEmpty()) {
            return PopularItems.Ranking.EMPTY;
        }
        return new PopularItems.Ranking(top.stream().map(Map.Entry::getKey).toList(), top.stream().map(Map.Entry::getValue).toList());
    }
}
