package io.recsys.opensearch.cooccurrence;

import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.aggregations.bucket.filter.Filters;
import org.opensearch.search.aggregations.bucket.filter.FiltersAggregationBuilder;
import org.opensearch.search.aggregations.bucket.filter.FiltersAggregator;

import java.util.List;

/**
 * One {@code cooccurrence} list per anchor, in one search: a {@code filters} aggregation with a bucket per anchor (the
 * documents holding it, keyed by its position) and the aggregation under it, whose foreground is then that anchor's
 * documents, as if it ran alone over them (the other anchors are left out of its list). The shards read each document
 * once, and the documents a shard counts are shared among the anchors, so the cost does not grow with their number.
 * What the {@code recommend} query's online co-occurrence asks (the most recent profiles first, {@link MostRecentFirst});
 * the co-occurrence benchmark times the same request.
 */
public final class AnchorLists {

    private AnchorLists() {}

    /**
     * The query of the documents that hold an anchor: the search needs read no other (the aggregation under a parent
     * reads every document it is given).
     */
    public static QueryBuilder holdingAnAnchor(CooccurrenceAggregationBuilder list) {
        return QueryBuilders.termsQuery(list.field(), list.anchors());
    }

    /**
     * The {@code filters} aggregation {@code name} with {@code list} under a bucket per anchor of {@code list}; each list
     * counts {@code sampledPerShard / anchors} documents per shard.
     *
     * @param list the aggregation each bucket runs, its field and anchors set; its {@code sample_size} is set here
     */
    public static FiltersAggregationBuilder perAnchor(String name, CooccurrenceAggregationBuilder list, int sampledPerShard) {
        List<String> anchors = list.anchors();
        FiltersAggregator.KeyedFilter[] buckets = new FiltersAggregator.KeyedFilter[anchors.size()];
        for (int a = 0; a < anchors.size(); a++) {
            buckets[a] = new FiltersAggregator.KeyedFilter(Integer.toString(a), QueryBuilders.termQuery(list.field(), anchors.get(a)));
        }
        list.sampleSize(Math.max(1, sampledPerShard / anchors.size()));
        return new FiltersAggregationBuilder(name, buckets).subAggregation(list);
    }

    /** The list of the anchor at {@code position} in the answer of {@link #perAnchor}. */
    public static InternalCooccurrence list(Filters byAnchor, int position, CooccurrenceAggregationBuilder list) {
        return byAnchor.getBucketByKey(Integer.toString(position)).getAggregations().get(list.getName());
    }
}
