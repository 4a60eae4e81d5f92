package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.RecommendSpec;
import io.recsys.opensearch.events.ProfileIds;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.recommender.EventType;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.aggregations.AggregationBuilders;
import org.opensearch.search.aggregations.bucket.terms.Terms;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.HashSet;
import java.util.Set;

/**
 * The items shown to a user too often to show again ({@code exclude.impressed}): those with at least {@code max}
 * impression events within {@code within}, counted in the recommender's events index by one {@code terms} aggregation
 * over the user's events (under their user id and every identity linked to them). The profile does not keep
 * impressions (they say nothing of taste), so this is a search, run only when a request asks for the cap.
 */
final class ImpressedItems {

    /** The most items one request leaves out for having been shown (a page of a few hundred impressions a day). */
    static final int MAX_ITEMS = 1_000;

    private ImpressedItems() {}

    static void find(Client client, String eventsIndex, RecommendSpec.Impressed cap, ProfileState profile, long now, ActionListener<Set<String>> listener) {
        if (cap == null || profile == null) {
            listener.onResponse(Set.of()); // not asked, or a shopper with no events at all
            return;
        }
        BoolQueryBuilder user = QueryBuilders.boolQuery().minimumShouldMatch(1).should(QueryBuilders.termQuery("user_id", profile.profileId()));
        Set<String> identities = new HashSet<>(profile.identities());
        if (profile.profileId().startsWith(ProfileIds.ANONYMOUS_PREFIX)) {
            identities.add(profile.profileId().substring(ProfileIds.ANONYMOUS_PREFIX.length())); // a device not linked to a user
        }
        if (identities.isEmpty() == false) {
            user.should(QueryBuilders.termsQuery("identity", identities));
        }
        SearchSourceBuilder source = new SearchSourceBuilder().size(0)
            .query(QueryBuilders.boolQuery()
                .filter(user)
                .filter(QueryBuilders.termQuery("type", EventType.IMPRESSION.jsonName()))
                .filter(QueryBuilders.rangeQuery("ts").gte(now - cap.within().millis())))
            .aggregation(AggregationBuilders.terms("items").field("item").minDocCount(cap.max()).size(MAX_ITEMS));
        client.search(new SearchRequest(eventsIndex).source(source), ActionListener.wrap(response -> {
            Terms items = response.getAggregations().get("items");
            Set<String> shown = new HashSet<>();
            for (Terms.Bucket bucket : items.getBuckets()) {
                shown.add(bucket.getKeyAsString());
            }
            listener.onResponse(shown);
        }, listener::onFailure));
    }
}
