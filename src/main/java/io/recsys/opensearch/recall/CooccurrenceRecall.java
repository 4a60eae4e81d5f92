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
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * "Users who touched what you touched also touched", anchored on this user's most recent items and purchases:
 * <ul>
 *   <li>from the recommender's precomputed {@link Indicators} while they are fresh — the anchors' indicator documents,
 *       as this node remembers them ({@link IndicatorLists}) or by one multi-get; a candidate scores the sum over anchors of its LLR with the anchor times the anchor's
 *       recency weight (1 for the newest anchor, 1/2 for the next, 1/n for the n-th);</li>
 *   <li>otherwise (or when no anchor has indicators) online: the {@code cooccurrence} aggregation over the other users'
 *       profiles ({@code history} field), every anchor alike, scored by LLR.</li>
 * </ul>
 */
public final class CooccurrenceRecall {

    /** Most recent items used as anchors: recent behaviour says most about what comes next. */
    static final int MAX_ANCHORS = 25;
    /** Profiles read per shard for popular anchors (bounds the cost). */
    static final int SAMPLE_SIZE = 5_000;

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
            Map<String, Double> scores = new HashMap<>();
            int found = 0;
            for (int a = 0; a < anchors.size(); a++) {
                IndicatorLists.Lists indicators = lists.get(anchors.get(a));
                if (indicators == null || indicators.exists() == false) {
                    continue;
                }
                found++;
                double weight = 1.0 / (a + 1);
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

    /** The {@code cooccurrence} aggregation over the other users' profiles; {@code note} says why not from indicators. */
    static void online(Client client, RecallContext context, List<String> anchors, int size, String note, ActionListener<SourceResult> listener) {
        CooccurrenceAggregationBuilder aggregation = new CooccurrenceAggregationBuilder("also")
            .field("history")
            .anchors(anchors)
            .size(Math.min(CooccurrenceAggregationBuilder.MAX_SIZE, size + context.excluded().size()))
            .minDocCount(1)
            .sampleSize(SAMPLE_SIZE);
        var others = QueryBuilders.boolQuery().mustNot(QueryBuilders.existsQuery("merged_into"));
        if (context.profileId() != null) {
            others.mustNot(QueryBuilders.idsQuery().addIds(context.profileId()));
        }
        SearchSourceBuilder source = new SearchSourceBuilder().size(0).query(others).aggregation(aggregation);
        client.search(new SearchRequest(context.indices().profiles()).source(source), ActionListener.wrap(response -> {
            InternalCooccurrence result = response.getAggregations().get("also");
            List<String> ids = new ArrayList<>();
            List<Float> scores = new ArrayList<>();
            for (InternalCooccurrence.Bucket bucket : result.getBuckets()) {
                if (context.excluded().contains(bucket.key()) == false && ids.size() < size) {
                    ids.add(bucket.key());
                    scores.add((float) bucket.score());
                }
            }
            listener.onResponse(new SourceResult(Source.COOCCURRENCE, ids, scores, note));
        }, listener::onFailure));
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
