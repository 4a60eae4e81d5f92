package io.recsys.opensearch.profile;

import io.recsys.opensearch.events.ProfileIds;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.action.admin.indices.refresh.RefreshRequest;
import org.opensearch.OpenSearchException;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.delete.DeleteRequest;
import org.opensearch.action.get.GetRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.fetch.subphase.FetchSourceContext;
import org.opensearch.transport.client.Client;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Forgets a user: the profile, the anonymous profiles and accounts merged into it (also those of devices moved to another
 * user by force since), the identity links, the stored events of the user and of those identities, and the feature-log entries. Deletes with an immediate refresh, so that nothing of the
 * user is found by a search run after the call returns.
 */
public final class ProfileForgetService {

    /** Documents deleted per round of search-then-delete. */
    static final int PAGE = 1_000;

    private final Client client;

    public ProfileForgetService(Client client) {
        this.client = client;
    }

    /**
     * What was deleted.
     *
     * @param profiles   profile documents (the user's and merged anonymous ones)
     * @param identities identity links
     * @param events     stored events
     * @param featureLog feature-log entries
     */
    public record Forgotten(long profiles, long identities, long events, long featureLog) {
        public long total() {
            return profiles + identities + events + featureLog;
        }
    }

    public void forget(String recommender, String userId, ActionListener<Forgotten> listener) {
        RecommenderIndices indices = RecommenderIndices.of(recommender);
        // Profiles and events written a moment ago must be found by the searches below.
        client.admin().indices().refresh(new RefreshRequest(indices.all().toArray(String[]::new)), ActionListener.wrap(
            refreshed -> forgetRefreshed(indices, userId, listener), listener::onFailure));
    }

    private void forgetRefreshed(RecommenderIndices indices, String userId, ActionListener<Forgotten> listener) {
        SearchRequest linked = new SearchRequest(indices.identities()).source(
            new SearchSourceBuilder().size(10_000).query(QueryBuilders.termQuery("user_id", userId)).fetchSource(new String[] { "platform", "id" }, null)
        );
        // The anonymous profiles merged into the user so far, including those of devices since moved to another
        // user by force: their profiles and pre-link events hold this user's history too.
        GetRequest merged = new GetRequest(indices.profiles(), userId).fetchSourceContext(new FetchSourceContext(true, new String[] { "state.merged_profiles" }, null));
        client.get(merged, ActionListener.wrap(profile -> client.search(linked, ActionListener.wrap(response -> {
            Set<String> profileIds = new LinkedHashSet<>();
            profileIds.add(userId);
            for (SearchHit hit : response.getHits().getHits()) {
                profileIds.add(ProfileIds.ANONYMOUS_PREFIX + hit.getId());
            }
            if (profile.isExists()) {
                profileIds.addAll(ProfileDocument.fromSource(userId, profile.getSourceAsMap()).mergedProfiles());
            }
            QueryBuilder profiles = QueryBuilders.boolQuery()
                .should(QueryBuilders.idsQuery().addIds(profileIds.toArray(String[]::new)))
                .should(QueryBuilders.termQuery("merged_into", userId));
            QueryBuilder byUser = QueryBuilders.termsQuery("user_id", profileIds);
            deleteMatching(indices.profiles(), profiles, 0, ActionListener.wrap(p ->
                // byUser: also links still naming an account merged into this user (one a merge could not move)
                deleteMatching(indices.identities(), byUser, 0, ActionListener.wrap(i ->
                    deleteMatching(indices.events(), byUser, 0, ActionListener.wrap(e ->
                        deleteMatching(indices.featureLog(), byUser, 0, ActionListener.wrap(f ->
                            listener.onResponse(new Forgotten(p, i, e, f)), listener::onFailure)), listener::onFailure)), listener::onFailure)), listener::onFailure));
        }, listener::onFailure)), listener::onFailure));
    }

    /**
     * Searches a page of matching ids, deletes them with a refresh, and repeats until none match. Each delete names the
     * concrete index its hit came from: the events name is an alias over monthly partitions, which takes no write by id.
     * A delete that fails ends the forget with that failure (repeating would find the same documents again, forever).
     */
    private void deleteMatching(String index, QueryBuilder query, long deleted, ActionListener<Long> listener) {
        SearchRequest search = new SearchRequest(index).indicesOptions(IndicesOptions.lenientExpandOpen())
            .source(new SearchSourceBuilder().size(PAGE).query(query).fetchSource(false));
        client.search(search, ActionListener.wrap(response -> {
            SearchHit[] hits = response.getHits().getHits();
            if (hits.length == 0) {
                listener.onResponse(deleted);
                return;
            }
            BulkRequest bulk = new BulkRequest().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
            for (SearchHit hit : hits) {
                bulk.add(new DeleteRequest(hit.getIndex(), hit.getId()));
            }
            client.bulk(bulk, ActionListener.wrap(r -> {
                if (r.hasFailures()) {
                    listener.onFailure(new OpenSearchException("forget could not delete from [" + index + "]: " + r.buildFailureMessage()));
                    return;
                }
                deleteMatching(index, query, deleted + hits.length, listener);
            }, listener::onFailure));
        }, listener::onFailure));
    }
}
