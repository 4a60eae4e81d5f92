package io.recsys.opensearch.it;

import io.recsys.opensearch.events.EventResult;
import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.profile.ProfileDocument;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.transport.events.IngestEventsAction;
import io.recsys.opensearch.transport.events.IngestEventsRequest;
import io.recsys.opensearch.transport.profile.GetProfileAction;
import io.recsys.opensearch.transport.profile.LinkIdentitiesAction;
import io.recsys.opensearch.transport.profile.LinkIdentitiesRequest;
import io.recsys.opensearch.transport.profile.MergeUsersAction;
import io.recsys.opensearch.transport.profile.MergeUsersRequest;
import io.recsys.opensearch.transport.profile.ProfileRequest;
import io.recsys.opensearch.transport.profile.UnlinkIdentityAction;
import io.recsys.opensearch.transport.profile.UnlinkIdentityRequest;
import io.recsys.opensearch.transport.recommender.PutRecommenderAction;
import io.recsys.opensearch.transport.recommender.PutRecommenderRequest;
import org.opensearch.action.get.GetResponse;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.transport.client.Client;

import java.util.List;
import java.util.Map;

/** Test shorthand for the plugin's actions, called through a real node's client. */
final class RecsysClient {

    private RecsysClient() {}

    static void putRecommender(Client client, String name, String json) {
        client.execute(PutRecommenderAction.INSTANCE, new PutRecommenderRequest(name, TestCatalog.config(json))).actionGet();
    }

    static List<EventResult> ingest(Client client, String recommender, String body) {
        return client.execute(IngestEventsAction.INSTANCE, new IngestEventsRequest(recommender, new BytesArray(body))).actionGet().items();
    }

    static Map<String, Object> link(Client client, String recommender, String userId, boolean force, Identity... identities) {
        return client.execute(LinkIdentitiesAction.INSTANCE, new LinkIdentitiesRequest(recommender, userId, List.of(identities), force))
            .actionGet()
            .asMap();
    }

    static Map<String, Object> unlink(Client client, String recommender, Identity identity, String expectedUserId) {
        return client.execute(UnlinkIdentityAction.INSTANCE, new UnlinkIdentityRequest(recommender, identity, expectedUserId)).actionGet().asMap();
    }

    static Map<String, Object> merge(Client client, String recommender, String from, String into) {
        return client.execute(MergeUsersAction.INSTANCE, new MergeUsersRequest(recommender, from, into)).actionGet().asMap();
    }

    static Map<String, Object> profileView(Client client, String recommender, String userId) {
        return client.execute(GetProfileAction.INSTANCE, new ProfileRequest(recommender, userId)).actionGet().asMap();
    }

    /** The exact stored state, for assertions on vectors. */
    static ProfileState storedProfile(Client client, String recommender, String userId) {
        GetResponse response = client.prepareGet(RecommenderIndices.of(recommender).profiles(), userId).get();
        return response.isExists() ? ProfileDocument.fromSource(userId, response.getSourceAsMap()) : null;
    }

    /** Indexes catalog items {@code id -> vector} with a category each, refreshed. */
    static void indexItems(Client client, String index, Map<String, float[]> vectors, Map<String, String> categories) {
        var bulk = client.prepareBulk().setRefreshPolicy(org.opensearch.action.support.WriteRequest.RefreshPolicy.IMMEDIATE);
        vectors.forEach((id, vector) -> {
            StringBuilder json = new StringBuilder("{\"title\": \"item ").append(id).append("\", \"category\": \"")
                .append(categories.getOrDefault(id, "misc")).append("\", \"price\": 10, \"in_stock\": true, \"embedding\": [");
            for (int i = 0; i < vector.length; i++) {
                json.append(i == 0 ? "" : ",").append(vector[i]);
            }
            bulk.add(client.prepareIndex(index).setId(id).setSource(json.append("]}").toString(), XContentType.JSON));
        });
        if (bulk.get().hasFailures()) {
            throw new AssertionError("catalog indexing failed");
        }
    }
}
