package io.recsys.opensearch.cooccurrence;

import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.List;

/**
 * {@code cooccurrence} with exact counts and the exact top items on an index of any number of shards.
 * <p>
 * In one search, a shard reports an item only if it met an anchor there, so an item's bg_count misses the shards where
 * it never did (the result says {@code exact: false}). Fewer background documents only make an item look more
 * specific to the anchors, so such a score is an <em>upper bound</em> of the true one, provided every shard reported every
 * item it met an anchor with (then doc_count is complete). Hence, in rounds:
 * <ol>
 *   <li>every shard returns all its candidates ({@code shard_size} at its maximum); the best {@code m} by upper bound come back;</li>
 *   <li>those {@code m} are listed in {@code include}: every shard counts each of them, the sums are complete, the scores exact;</li>
 *   <li>if the {@code size}-th exact score beats the {@code m}-th upper bound, no item left out can enter the top: done.
 *       Otherwise {@code m} grows and both rounds run again (rare: it takes many items whose counts were far off).</li>
 * </ol>
 * An index with one shard answers exactly in the first round. Asynchronous; never blocks the calling thread.
 */
public final class ExactCooccurrence {

    /** First-round candidates per item wanted. */
    static final int CANDIDATES_PER_ITEM = 3;
    /** ... and at least this many more. */
    static final int EXTRA_CANDIDATES = 20;
    /** How much the candidate list grows when it was too short. */
    static final int GROWTH = 4;

    private ExactCooccurrence() {}

    /**
     * @param index       the index (or alias, or pattern) holding the baskets
     * @param query       the search query (the foreground is its documents holding an anchor), or null for every document
     * @param aggregation what to compute; {@code size} items come back; its {@code include} and {@code shard_size} are not used
     */
    public static void search(
        Client client,
        String index,
        QueryBuilder query,
        CooccurrenceAggregationBuilder aggregation,
        ActionListener<InternalCooccurrence> listener
    ) {
        int wanted = aggregation.size();
        int candidates = (int) Math.min(
            CooccurrenceAggregationBuilder.MAX_LISTED_ITEMS,
            Math.max((long) wanted * CANDIDATES_PER_ITEM, (long) wanted + EXTRA_CANDIDATES)
        );
        rounds(client, index, query, aggregation, candidates, listener);
    }

    private static void rounds(
        Client client,
        String index,
        QueryBuilder query,
        CooccurrenceAggregationBuilder aggregation,
        int candidates,
        ActionListener<InternalCooccurrence> listener
    ) {
        int wanted = aggregation.size();
        CooccurrenceAggregationBuilder bounds = copy(aggregation).size(candidates).shardSize(CooccurrenceAggregationBuilder.MAX_SHARD_SIZE);
        run(client, index, query, bounds, ActionListener.wrap(first -> {
            if (first.isExact() || first.getBuckets().isEmpty()) {
                listener.onResponse(first.truncate(wanted));
                return;
            }
            List<InternalCooccurrence.Bucket> upper = first.getBuckets();
            List<String> listed = upper.stream().map(InternalCooccurrence.Bucket::key).toList();
            CooccurrenceAggregationBuilder counted = copy(aggregation).include(listed).size(listed.size());
            run(client, index, query, counted, ActionListener.wrap(second -> {
                List<InternalCooccurrence.Bucket> exact = second.getBuckets();
                boolean everyCandidateListed = upper.size() < candidates;
                double nth = exact.size() >= wanted ? exact.get(wanted - 1).score() : Double.NEGATIVE_INFINITY;
                double bestLeftOut = upper.get(upper.size() - 1).score();
                if (everyCandidateListed || nth > bestLeftOut || candidates >= CooccurrenceAggregationBuilder.MAX_LISTED_ITEMS) {
                    listener.onResponse(second.truncate(wanted));
                } else {
                    int more = (int) Math.min(CooccurrenceAggregationBuilder.MAX_LISTED_ITEMS, (long) candidates * GROWTH);
                    rounds(client, index, query, aggregation, more, listener);
                }
            }, listener::onFailure));
        }, listener::onFailure));
    }

    private static void run(
        Client client,
        String index,
        QueryBuilder query,
        CooccurrenceAggregationBuilder aggregation,
        ActionListener<InternalCooccurrence> listener
    ) {
        SearchSourceBuilder source = new SearchSourceBuilder().size(0).trackTotalHits(false).aggregation(aggregation);
        if (query != null) {
            source.query(query);
        }
        client.search(
            new SearchRequest(index).source(source),
            ActionListener.wrap(response -> listener.onResponse(response.getAggregations().get(aggregation.getName())), listener::onFailure)
        );
    }

    /** The same request without {@code include} and {@code shard_size}. */
    private static CooccurrenceAggregationBuilder copy(CooccurrenceAggregationBuilder a) {
        CooccurrenceAggregationBuilder copy = new CooccurrenceAggregationBuilder(a.getName()).field(a.field())
            .anchors(a.anchors())
            .size(a.size())
            .minDocCount(a.minDocCount())
            .exclude(a.exclude())
            .score(a.score());
        if (a.sampleSize() > 0) {
            copy.sampleSize(a.sampleSize());
        }
        if (a.backgroundFilter() != null) {
            copy.backgroundFilter(a.backgroundFilter());
        }
        return copy;
    }
}
