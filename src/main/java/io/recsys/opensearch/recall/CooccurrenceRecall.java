package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.cooccurrence.AnchorLists;
import io.recsys.opensearch.cooccurrence.CooccurrenceAggregationBuilder;
import io.recsys.opensearch.cooccurrence.InternalCooccurrence;
import io.recsys.opensearch.cooccurrence.MostRecentFirst;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.aggregations.bucket.filter.Filters;
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
 *   <li>otherwise (or when no anchor has indicators) online, the same votes from the same lists: one search over the
 *       other users' profiles ({@code history} field) gives each of the newest anchors ({@value #ONLINE_ANCHORS}, in a
 *       session {@value #ONLINE_SESSION_ANCHORS}) its LLR list, a {@code cooccurrence} aggregation under a {@code filters}
 *       bucket of its own.</li>
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
     * A returning shopper's anchors counted online, newest first: each one's list costs its share of the
     * {@link #SAMPLE_SIZE} profiles a shard counts (200 each), and the indicators are what reads the whole history.
     */
    static final int ONLINE_ANCHORS = 25;
    /**
     * A session's anchors counted online, newest first: the harmonic weights leave 1/6 or less to the older ones, and
     * each takes a share of the profiles counted.
     */
    static final int ONLINE_SESSION_ANCHORS = 5;
    /**
     * Profiles counted per shard online, shared among the anchors (each anchor's list counts its first
     * {@code SAMPLE_SIZE / anchors}): bounds the cost of popular anchors whatever their number.
     */
    static final int SAMPLE_SIZE = 5_000;
    private static final String AGGREGATION = "by_anchor";
    private static final String LIST = "also";

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
     * Online: the {@code cooccurrence} aggregation over the other users' profiles, one list per anchor in one search
     * ({@link AnchorLists}), each list voting by rank with the anchor's {@link AnchorWeights} exactly as its indicator
     * document would; {@code note} says why not from indicators. The newest {@link #onlineAnchors} anchors are counted.
     */
    static void online(Client client, RecallContext context, List<String> anchors, int size, String note, ActionListener<SourceResult> listener) {
        List<String> newest = anchors.subList(0, Math.min(onlineAnchors(context), anchors.size()));
        CooccurrenceAggregationBuilder perAnchor = list(context, newest, size);
        client.search(listsPerAnchor(context, perAnchor), ActionListener.wrap(response -> {
            Filters byAnchor = response.getAggregations().get(AGGREGATION);
            AnchorWeights weights = AnchorWeights.of(newest.size(), context.inSession());
            Set<String> anchorSet = Set.copyOf(anchors);
            Map<String, Double> scores = new HashMap<>();
            for (int a = 0; a < newest.size(); a++) {
                InternalCooccurrence list = AnchorLists.list(byAnchor, a, perAnchor);
                List<InternalCooccurrence.Bucket> buckets = list.getBuckets();
                List<String> items = buckets.stream().map(InternalCooccurrence.Bucket::key).toList();
                double[] llr = buckets.stream().mapToDouble(InternalCooccurrence.Bucket::score).toArray();
                addVotes(scores, items, weights.votes(a, llr, list.getDocCount(), list.getBgCount()), anchorSet, context);
            }
            SourceResult top = SourceResult.top(Source.COOCCURRENCE, scores, size);
            listener.onResponse(new SourceResult(Source.COOCCURRENCE, top.ids(), top.scores(), note));
        }, listener::onFailure));
    }

    /** {@link #ONLINE_SESSION_ANCHORS} in a session, {@link #ONLINE_ANCHORS} otherwise. */
    static int onlineAnchors(RecallContext context) {
        return context.inSession() ? ONLINE_SESSION_ANCHORS : ONLINE_ANCHORS;
    }

    /**
     * Adds one anchor's {@link AnchorWeights#votes} to the candidates' scores; the anchors themselves and the request's
     * exclusions are left out (after their rank in the list is counted). The indicators and the online lists are read
     * alike.
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

    /**
     * The aggregation giving each anchor its own LLR list ({@link AnchorLists}): as its indicator document holds it, with
     * its basket counts for the inverse frequency.
     */
    private static CooccurrenceAggregationBuilder list(RecallContext context, List<String> anchors, int size) {
        return new CooccurrenceAggregationBuilder(LIST)
            .field("history")
            .anchors(anchors)
            .size(Math.min(CooccurrenceAggregationBuilder.MAX_SIZE, size + context.excluded().size()))
            .minDocCount(1);
    }

    /** One search of the other users' profiles that hold an anchor, with {@code list} per anchor ({@link AnchorLists}). */
    private static SearchRequest listsPerAnchor(RecallContext context, CooccurrenceAggregationBuilder list) {
        var others = QueryBuilders.boolQuery()
            .filter(AnchorLists.holdingAnAnchor(list))
            .mustNot(QueryBuilders.existsQuery("merged_into"));
        if (context.profileId() != null) {
            others.mustNot(QueryBuilders.idsQuery().addIds(context.profileId()));
        }
        SearchSourceBuilder source = new SearchSourceBuilder().size(0)
            .query(MostRecentFirst.query(others, "updated_at", context.now())) // a popular anchor's most recent shoppers
            .aggregation(AnchorLists.perAnchor(AGGREGATION, list, SAMPLE_SIZE));
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
