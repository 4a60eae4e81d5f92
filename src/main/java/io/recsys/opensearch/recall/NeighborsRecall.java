package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Source;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.common.document.DocumentField;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.index.query.functionscore.ScoreFunctionBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.fetch.StoredFieldsContext;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "Shoppers like you": the profiles whose histories overlap this user's recent items, found by a search of the
 * recommender's profiles index that the shards run, vote for the items in their histories — the session-kNN family
 * (V-SKNN, STAN), over the unified profiles.
 * <ul>
 *   <li>The query: each of the user's most recent distinct items is a term on {@code history}, weighted by its
 *       position, newest first: {@code 1 / log2(position + 2)} (1 for the newest, 0.63 for the next, 0.29 for the
 *       tenth), the DCG discount — gentle enough that a long history still counts, steep enough that the page the
 *       shopper is on counts most. A profile's match is the sum of the weights of the items it shares.</li>
 *   <li>Recent profiles are preferred: the match is multiplied by {@code 2^-(|t_user - t_profile| / 365 days)}, so a
 *       shopper last active a year from this one counts half.</li>
 *   <li>Similarity is the match divided by {@code sqrt(|history|)} of the neighbour (the cosine of binary item sets up
 *       to the user's own constant norm), so that a profile with every item does not neighbour everybody. The search
 *       returns twice {@code k} profiles by match; the {@code k} most similar of them vote.</li>
 *   <li>An item's score is the sum of the similarities of the neighbours that hold it; the user's own anchors and the
 *       excluded items are not candidates.</li>
 * </ul>
 */
public final class NeighborsRecall implements RecallSource {

    /** The user's most recent distinct items that form the query. */
    static final int MAX_ANCHORS = 50;
    /** Profiles read per neighbour kept: the length normalisation re-orders the best matches. */
    static final int READ_FACTOR = 2;
    /** Candidates returned at most. */
    static final int MAX_CANDIDATES = 200;
    /** A neighbour last active this long from the user counts half. */
    static final String PROFILE_HALF_LIFE = "365d";

    public NeighborsRecall() {}

    @Override
    public Source source() {
        return Source.NEIGHBORS;
    }

    @Override
    public void recall(Client client, RecallContext context, ActionListener<SourceResult> listener) {
        int k = context.spec().budgets().neighborsK();
        List<String> anchors = anchors(context);
        if (k == 0 || anchors.isEmpty()) {
            listener.onResponse(SourceResult.empty(Source.NEIGHBORS, k == 0 ? null : "neighbors: the user has no history yet"));
            return;
        }
        SearchSourceBuilder source = new SearchSourceBuilder()
            .size(Math.min(10_000, k * READ_FACTOR))
            .query(query(context, anchors))
            // no stored field at all (not even _id): a profile's stored source holds its whole state, and decompressing
            // it for every hit cost more than the search; the histories come from doc values
            .storedField(StoredFieldsContext._NONE_)
            .docValueField("history")
            .trackTotalHits(false);
        client.search(new SearchRequest(context.indices().profiles()).source(source), ActionListener.wrap(response -> {
            listener.onResponse(vote(context, anchors, response.getHits().getHits(), k));
        }, listener::onFailure));
    }

    /** The profiles search: weighted anchor terms, other users only, recent profiles preferred. */
    static QueryBuilder query(RecallContext context, List<String> anchors) {
        BoolQueryBuilder similar = QueryBuilders.boolQuery();
        for (int i = 0; i < anchors.size(); i++) {
            similar.should(QueryBuilders.constantScoreQuery(QueryBuilders.termQuery("history", anchors.get(i))).boost(positionWeight(i)));
        }
        similar.minimumShouldMatch(1);
        similar.mustNot(QueryBuilders.existsQuery("merged_into")); // an anonymous profile merged into a user is that user
        if (context.profileId() != null) {
            similar.mustNot(QueryBuilders.idsQuery().addIds(context.profileId()));
        }
        long userTime = context.profile() == null ? 0 : context.profile().updatedAt();
        if (userTime <= 0) {
            return similar;
        }
        return QueryBuilders.functionScoreQuery(similar,
            ScoreFunctionBuilders.exponentialDecayFunction("updated_at", Long.toString(userTime), PROFILE_HALF_LIFE, "0", 0.5));
    }

    /** {@code 1 / log2(position + 2)}: the DCG discount of the anchor at 0-based {@code position}, newest first. */
    static float positionWeight(int position) {
        return (float) (1.0 / (Math.log(position + 2) / Math.log(2)));
    }

    /** The {@code k} most similar of the profiles found vote for their items with their similarity. */
    static SourceResult vote(RecallContext context, List<String> anchors, SearchHit[] hits, int k) {
        List<Neighbor> neighbors = new ArrayList<>(hits.length);
        for (SearchHit hit : hits) {
            DocumentField history = hit.field("history");
            List<String> items = history == null ? List.of() : history.getValues().stream().map(String::valueOf).toList();
            if (items.isEmpty() == false) {
                neighbors.add(new Neighbor(hit.getScore() / (float) Math.sqrt(items.size()), items));
            }
        }
        neighbors.sort(Comparator.comparingDouble(Neighbor::similarity).reversed());
        Set<String> notCandidates = new LinkedHashSet<>(anchors);
        notCandidates.addAll(context.excluded());
        Map<String, Double> votes = new HashMap<>();
        for (Neighbor neighbor : neighbors.subList(0, Math.min(k, neighbors.size()))) {
            for (String item : neighbor.items()) {
                if (notCandidates.contains(item) == false) {
                    votes.merge(item, (double) neighbor.similarity(), Double::sum);
                }
            }
        }
        return SourceResult.top(Source.NEIGHBORS, votes, MAX_CANDIDATES);
    }

    /** Distinct recent items, newest first, up to {@link #MAX_ANCHORS}. */
    static List<String> anchors(RecallContext context) {
        return SourceResult.recentItems(context.profile(), MAX_ANCHORS);
    }

    /** A profile found, and what it votes for. */
    private record Neighbor(float similarity, List<String> items) {}
}
