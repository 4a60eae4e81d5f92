package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.cooccurrence.CooccurrenceAggregationBuilder;
import io.recsys.opensearch.cooccurrence.InternalCooccurrence;
import org.opensearch.action.search.MultiSearchRequest;
import org.opensearch.action.search.MultiSearchResponse;
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
 *       as this node remembers them ({@link IndicatorLists}) or by one multi-get. A candidate scores the sum over the
 *       anchors of its {@link AnchorWeights#votes}: each anchor's list votes by reciprocal rank; in a session the
 *       anchors are the session's items, the item just seen counting most; for a shopper who is not in a session now the
 *       whole recent history (up to {@value #MAX_ANCHORS}) alike, each by its best LLR; the rarer an anchor, the more it
 *       counts;</li>
 *   <li>otherwise (or when no anchor has indicators) online: the {@code cooccurrence} aggregation over the other users'
 *       profiles ({@code history} field), scored by LLR. For a returning shopper, one aggregation for the 25 newest
 *       anchors alike, as one foreground: one aggregation per anchor would also weigh each by its inverse frequency as
 *       the indicators do, but costs a popular anchor's counting per anchor (measured: 50 popular anchors ~20 times the
 *       single aggregation), which is what the indicators build pays once, off the query path. In a session, where the
 *       newest anchors count most, one aggregation for each of the session's 5 newest, weighed as the indicators are in
 *       a session.</li>
 * </ul>
 */
public final class CooccurrenceRecall implements RecallSource {

    /**
     * Most recent items used as a returning shopper's anchors of the indicators: the whole history a profile keeps by
     * default ({@code events.max_recent_items}, 200). Measured against 50 on Online Retail's four protocols: +1.0% to
     * +1.3% on the three that ask what a shopper takes later; the cost is the indicator lists of the extra anchors,
     * mostly remembered by the node.
     */
    static final int MAX_ANCHORS = 200;
    /**
     * Anchors of the online aggregation: its one foreground weighs them alike, and more of them dilute it (measured: 50
     * anchors alike rank below 25).
     */
    static final int ONLINE_ANCHORS = 25;
    /**
     * Anchors of the online aggregations in a session, one aggregation each: the harmonic weights leave 1/6 or less to
     * the older ones, and each costs one aggregation over that anchor's profiles.
     */
    static final int ONLINE_SESSION_ANCHORS = 5;
    /** Profiles read per shard for popular anchors (bounds the cost). */
    static final int SAMPLE_SIZE = 5_000;
    private static final String AGGREGATION = "also";

    private final IndicatorLists indicatorLists;

    CooccurrenceRecall(IndicatorLists indicatorLists) {
        this.indicatorLists = indicatorLists;
    }

    @Override
    public Source source() {
        return Source.COOCCURRENCE;
    }

    @Override
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
            AnchorWeights weights = AnchorWeights.of(anchors.size(), context.inSession());
            Map<String, Double> scores = new HashMap<>();
            int found = 0;
            for (int a = 0; a < anchors.size(); a++) {
                IndicatorLists.Lists indicators = lists.get(anchors.get(a));
                if (indicators == null || indicators.exists() == false) {
                    continue;
                }
                found++;
                double[] votes = weights.votes(a, indicators.scores(), indicators.docCount(), indicators.baskets());
                addVotes(scores, List.of(indicators.items()), votes, anchorSet, context);
            }
            if (found == 0) {
                listener.onResponse(null);
                return;
            }
            listener.onResponse(SourceResult.top(Source.COOCCURRENCE, scores, size));
        }, listener::onFailure));
    }

    /**
     * The {@code cooccurrence} aggregation over the other users' profiles; {@code note} says why not from indicators.
     * A returning shopper's {@link #ONLINE_ANCHORS} newest anchors count alike in one aggregation; in a session
     * ({@link #onlineInSession}) each of the newest anchors has one of its own.
     */
    static void online(Client client, RecallContext context, List<String> anchors, int size, String note, ActionListener<SourceResult> listener) {
        if (context.inSession()) {
            onlineInSession(client, context, anchors, size, note, listener);
            return;
        }
        SearchRequest search = aggregationOverOthers(context, anchors.subList(0, Math.min(ONLINE_ANCHORS, anchors.size())), size);
        client.search(search, ActionListener.wrap(response -> {
            InternalCooccurrence result = response.getAggregations().get(AGGREGATION);
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

    /**
     * Online, for a shopper in a session: one aggregation per anchor for the {@link #ONLINE_SESSION_ANCHORS} newest (one
     * multi-search), each anchor's LLR list voting by rank, weighed {@code 1 / (position + 1)} and by its inverse
     * frequency (its foreground among the aggregation's baskets), exactly as the indicators are read in a session
     * ({@link AnchorWeights}). The anchors past them would weigh 1/6 or less; one
     * aggregation over an anchor's profiles is what each costs.
     */
    static void onlineInSession(Client client, RecallContext context, List<String> anchors, int size, String note,
        ActionListener<SourceResult> listener) {
        List<String> newest = anchors.subList(0, Math.min(ONLINE_SESSION_ANCHORS, anchors.size()));
        MultiSearchRequest searches = new MultiSearchRequest();
        for (String anchor : newest) {
            searches.add(aggregationOverOthers(context, List.of(anchor), size));
        }
        client.multiSearch(searches, ActionListener.wrap(responses -> {
            AnchorWeights weights = AnchorWeights.of(newest.size(), true);
            Set<String> anchorSet = Set.copyOf(anchors);
            Map<String, Double> scores = new HashMap<>();
            for (int a = 0; a < newest.size(); a++) {
                MultiSearchResponse.Item item = responses.getResponses()[a];
                if (item.isFailure()) {
                    listener.onFailure(item.getFailure());
                    return;
                }
                InternalCooccurrence result = item.getResponse().getAggregations().get(AGGREGATION);
                List<InternalCooccurrence.Bucket> buckets = result.getBuckets();
                List<String> items = buckets.stream().map(InternalCooccurrence.Bucket::key).toList();
                double[] llr = buckets.stream().mapToDouble(InternalCooccurrence.Bucket::score).toArray();
                addVotes(scores, items, weights.votes(a, llr, result.getDocCount(), result.getBgCount()), anchorSet, context);
            }
            SourceResult top = SourceResult.top(Source.COOCCURRENCE, scores, size);
            listener.onResponse(new SourceResult(Source.COOCCURRENCE, top.ids(), top.scores(), note));
        }, listener::onFailure));
    }

    /**
     * Adds one anchor's {@link AnchorWeights#votes} to the candidates' scores; the anchors themselves and the request's
     * exclusions are left out (after their rank in the list is counted). The indicators and the session's online
     * aggregations read lists alike.
     */
    private static void addVotes(Map<String, Double> scores, List<String> items, double[] votes, Set<String> anchors,
        RecallContext context) {
        for (int i = 0; i < votes.length; i++) {
            String candidate = items.get(i);
            if (anchors.contains(candidate) == false && context.excluded().contains(candidate) == false) {
                scores.merge(candidate, votes[i], Double::sum);
            }
        }
    }

    /** The search of the {@code cooccurrence} aggregation over the other users' profiles, anchored on {@code anchors}. */
    private static SearchRequest aggregationOverOthers(RecallContext context, List<String> anchors, int size) {
        CooccurrenceAggregationBuilder aggregation = new CooccurrenceAggregationBuilder(AGGREGATION)
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
        return new SearchRequest(context.indices().profiles()).source(source);
    }

    /**
     * In a session, the session's distinct items, newest first (what the shopper is doing now is the context; the history
     * before it would outweigh it: 200 older anchors at harmonic weights hold more mass than a short session's). Otherwise
     * distinct recent items, newest first, then purchases. Up to {@link #MAX_ANCHORS}.
     */
    static List<String> anchors(RecallContext context) {
        if (context.profile() == null) {
            return List.of();
        }
        if (context.inSession()) {
            return context.sessionItems(MAX_ANCHORS);
        }
        Set<String> anchors = new LinkedHashSet<>(SourceResult.recentItems(context.profile(), MAX_ANCHORS));
        List<String> purchased = new ArrayList<>(context.profile().purchased());
        for (int i = purchased.size() - 1; i >= 0 && anchors.size() < MAX_ANCHORS; i--) {
            anchors.add(purchased.get(i));
        }
        return List.copyOf(anchors);
    }
}
