package io.recsys.opensearch.recall;

import io.recsys.opensearch.cooccurrence.CooccurrenceAggregationBuilder;
import io.recsys.opensearch.cooccurrence.InternalCooccurrence;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "Users who touched what you touched also touched", anchored on this user's most recent items and purchases:
 * <ul>
 *   <li>from the recommender's precomputed {@link Indicators} while they are fresh — the anchors' indicator documents,
 *       as this node remembers them ({@link IndicatorLists}) or by one multi-get;</li>
 *   <li>otherwise (or when no anchor has indicators) online: one {@code cooccurrence} aggregation per anchor over the
 *       other users' profiles ({@code history} field), all in one search request.</li>
 * </ul>
 * Either way a candidate scores the sum over anchors of its LLR with the anchor times the anchor's {@link AnchorWeights}:
 * the item just seen counts most, the rest of the recent history keeps counting. Per anchor, not one aggregation over
 * all anchors at once: that one asks "what is over-represented among everyone who touched any of my items", where the
 * most popular anchor's audience drowns the others and the newest item cannot weigh more than an old one.
 */
public final class CooccurrenceRecall {

    /** Most recent items used as anchors: recent behaviour says most about what comes next. */
    static final int MAX_ANCHORS = 50;
    /** Profiles read per shard and anchor for a popular anchor, when it is the only one (bounds the cost). */
    static final int SAMPLE_SIZE = 5_000;
    /** Profiles read per shard for all anchors of a request together, split evenly between them (bounds the cost). */
    static final int REQUEST_SAMPLE_SIZE = 50_000;
    /** Fewest profiles read per shard and anchor: fewer would make an anchor's LLR noise. */
    static final int MIN_ANCHOR_SAMPLE_SIZE = 1_000;
    /** Fewest co-occurring items kept per anchor online (an indicators build keeps its {@code size}). */
    static final int MIN_ANCHOR_LIST_SIZE = 100;

    private final IndicatorLists indicatorLists;

    CooccurrenceRecall(IndicatorLists indicatorLists) {
        this.indicatorLists = indicatorLists;
    }

    public void recall(Client client, RecallContext context, ActionListener<SourceResult> listener) {
        int size = context.spec().budgets().cooccurrenceSize();
        List<String> anchors = anchors(context);
        if (size == 0 || anchors.isEmpty()) {
            listener.onResponse(SourceResult.empty(Source.COOCCURRENCE, size == 0 ? null : "cooccurrence: the user has no history yet"));
            return;
        }
        if (context.indicators().usable()) {
            fromIndicators(client, context, anchors, size, ActionListener.wrap(result -> {
                if (result != null) {
                    listener.onResponse(result);
                } else {
                    online(client, context, anchors, size, null, listener);
                }
            }, listener::onFailure));
            return;
        }
        online(client, context, anchors, size, context.indicators().note(), listener);
    }

    /** Reads the anchors' indicators; completes with null when none of the anchors has any. */
    void fromIndicators(Client client, RecallContext context, List<String> anchors, int size, ActionListener<SourceResult> listener) {
        indicatorLists.read(client, context.indicators(), anchors, ActionListener.wrap(lists -> {
            Set<String> anchorSet = Set.copyOf(anchors);
            AnchorWeights weights = AnchorWeights.of(anchors.size());
            Map<String, Double> scores = new HashMap<>();
            int found = 0;
            for (int a = 0; a < anchors.size(); a++) {
                IndicatorLists.Lists indicators = lists.get(anchors.get(a));
                if (indicators == null || indicators.exists() == false) {
                    continue;
                }
                found++;
                double weight = weights.at(a);
                for (int i = 0; i < indicators.items().length; i++) {
                    String candidate = indicators.items()[i];
                    if (anchorSet.contains(candidate) == false && context.excluded().contains(candidate) == false) {
                        scores.merge(candidate, weight * indicators.scores()[i], Double::sum);
                    }
                }
            }
            if (found == 0) {
                listener.onResponse(null);
                return;
            }
            listener.onResponse(SourceResult.top(Source.COOCCURRENCE, scores, size));
        }, listener::onFailure));
    }

    /**
     * One {@code cooccurrence} aggregation per anchor over the other users' profiles, in one search request;
     * {@code note} says why not from indicators.
     */
    static void online(Client client, RecallContext context, List<String> anchors, int size, String note, ActionListener<SourceResult> listener) {
        // enough per anchor that the sum can fill `size` after the exclusions, but a bounded response for long histories
        int listSize = Math.min(CooccurrenceAggregationBuilder.MAX_SIZE,
            Math.max(MIN_ANCHOR_LIST_SIZE, Math.ceilDiv(size + context.excluded().size(), anchors.size())));
        int sampleSize = Math.min(SAMPLE_SIZE, Math.max(MIN_ANCHOR_SAMPLE_SIZE, REQUEST_SAMPLE_SIZE / anchors.size()));
        var others = QueryBuilders.boolQuery().mustNot(QueryBuilders.existsQuery("merged_into"));
        if (context.profileId() != null) {
            others.mustNot(QueryBuilders.idsQuery().addIds(context.profileId()));
        }
        SearchSourceBuilder source = new SearchSourceBuilder().size(0).query(others);
        for (int a = 0; a < anchors.size(); a++) {
            source.aggregation(new CooccurrenceAggregationBuilder(aggregationName(a)).field("history")
                .anchors(List.of(anchors.get(a)))
                .size(listSize)
                .minDocCount(1)
                .sampleSize(sampleSize));
        }
        client.search(new SearchRequest(context.indices().profiles()).source(source), ActionListener.wrap(response -> {
            Set<String> anchorSet = Set.copyOf(anchors);
            AnchorWeights weights = AnchorWeights.of(anchors.size());
            Map<String, Double> scores = new HashMap<>();
            for (int a = 0; a < anchors.size(); a++) {
                InternalCooccurrence result = response.getAggregations().get(aggregationName(a));
                double weight = weights.at(a);
                for (InternalCooccurrence.Bucket bucket : result.getBuckets()) {
                    if (anchorSet.contains(bucket.key()) == false && context.excluded().contains(bucket.key()) == false) {
                        scores.merge(bucket.key(), weight * bucket.score(), Double::sum);
                    }
                }
            }
            SourceResult top = SourceResult.top(Source.COOCCURRENCE, scores, size);
            listener.onResponse(new SourceResult(Source.COOCCURRENCE, top.ids(), top.scores(), note));
        }, listener::onFailure));
    }

    private static String aggregationName(int anchor) {
        return "anchor_" + anchor;
    }

    /** Distinct recent items, newest first, then purchases, up to {@link #MAX_ANCHORS}. */
    static List<String> anchors(RecallContext context) {
        if (context.profile() == null) {
            return List.of();
        }
        Set<String> anchors = new LinkedHashSet<>(SourceResult.recentItems(context.profile(), MAX_ANCHORS));
        List<String> purchased = new ArrayList<>(context.profile().purchased());
        for (int i = purchased.size() - 1; i >= 0 && anchors.size() < MAX_ANCHORS; i--) {
            anchors.add(purchased.get(i));
        }
        return List.copyOf(anchors);
    }
}
