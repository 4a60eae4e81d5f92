package io.recsys.opensearch.recall;

import io.recsys.opensearch.cooccurrence.CooccurrenceAggregationBuilder;
import io.recsys.opensearch.cooccurrence.InternalCooccurrence;
import io.recsys.opensearch.profile.RecentItem;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * "Users who touched what you touched also touched": the {@code cooccurrence} aggregation over the other users'
 * profiles ({@code history} field), anchored on this user's most recent items and purchases, scored by LLR.
 */
public final class CooccurrenceRecall {

    /** Most recent items used as anchors: recent behaviour says most about what comes next. */
    static final int MAX_ANCHORS = 25;
    /** Profiles read per shard for popular anchors (bounds the cost). */
    static final int SAMPLE_SIZE = 5_000;

    private CooccurrenceRecall() {}

    public static void recall(Client client, RecallContext context, ActionListener<SourceResult> listener) {
        int size = context.spec().budgets().cooccurrenceSize();
        List<String> anchors = anchors(context);
        if (size == 0 || anchors.isEmpty()) {
            listener.onResponse(SourceResult.empty(Source.COOCCURRENCE, size == 0 ? null : "cooccurrence: the user has no history yet"));
            return;
        }
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
            listener.onResponse(new SourceResult(Source.COOCCURRENCE, ids, scores, null));
        }, listener::onFailure));
    }

    /** Distinct recent items, newest first, then purchases, up to {@link #MAX_ANCHORS}. */
    static List<String> anchors(RecallContext context) {
        if (context.profile() == null) {
            return List.of();
        }
        Set<String> anchors = new LinkedHashSet<>();
        for (RecentItem item : context.profile().recent()) {
            if (anchors.size() >= MAX_ANCHORS) {
                break;
            }
            anchors.add(item.item());
        }
        List<String> purchased = new ArrayList<>(context.profile().purchased());
        for (int i = purchased.size() - 1; i >= 0 && anchors.size() < MAX_ANCHORS; i--) {
            anchors.add(purchased.get(i));
        }
        return List.copyOf(anchors);
    }
}
