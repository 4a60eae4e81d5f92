package io.recsys.opensearch.it;

import io.recsys.opensearch.events.EventResult;
import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.stats.Counter;
import io.recsys.opensearch.transport.profile.DeleteProfileAction;
import io.recsys.opensearch.transport.profile.GetProfileAction;
import io.recsys.opensearch.transport.profile.ProfileRequest;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import io.recsys.opensearch.transport.stats.RecsysStatsAction;
import io.recsys.opensearch.transport.stats.RecsysStatsRequest;
import io.recsys.opensearch.transport.stats.RecsysStatsResponse;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Unlinking an identity and merging two accounts, on one real node, checked the way a user checks them. */
public class IdentityMovesSingleNodeTests extends RecsysSingleNodeTestCase {

    /** Only the k-NN source: where the user's vector points is what the history decides. */
    private static final String KNN_ONLY = "\"sources\": {\"cooccurrence\": {\"size\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}";

    @Override
    public void setUp() throws Exception {
        super.setUp();
        TestCatalog.create(client(), "products", 3, 1, 0);
        Map<String, float[]> vectors = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        for (int i = 1; i <= 6; i++) {
            vectors.put("k" + i, new float[] { 1, 0.05f * i, 0 }); // the kitchen lies along x
            categories.put("k" + i, "kitchen");
            vectors.put("g" + i, new float[] { 0, 0.05f * i, 1 }); // the garden along z
            categories.put("g" + i, "garden");
        }
        RecsysClient.indexItems(client(), "products", vectors, categories);
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
    }

    @Override
    public void tearDown() throws Exception {
        client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        super.tearDown();
    }

    private List<String> recommend(String user) {
        String query = "{\"recommend\": {\"recommender\": \"shop\", \"user\": " + user + ", " + KNN_ONLY + "}}";
        SearchHit[] hits = client().prepareSearch("products").setSize(3).setQuery(QueryBuilders.wrapperQuery(query)).get().getHits().getHits();
        return Arrays.stream(hits).map(SearchHit::getId).toList();
    }

    /** A counter of this node's {@code _stats}. */
    private long count(Counter counter) {
        RecsysStatsResponse stats = client().execute(RecsysStatsAction.INSTANCE, new RecsysStatsRequest()).actionGet();
        return stats.getNodes().get(0).stats().count(counter);
    }

    private static int eventCount(Map<String, Object> profile) {
        return ((Number) profile.get("event_count")).intValue();
    }

    public void testAfterAMergeTheAccountThatReceivedItIsRecommendedFromBothHistories() {
        RecsysClient.ingest(client(), "shop", """
            [{"user": {"platform": "app", "id": "dev-1"}, "item": "k2", "type": "cart", "ts": "2026-11-20T09:00:00Z"},
             {"user_id": "u1", "item": "k1", "type": "purchase", "ts": "2026-11-20T10:00:00Z"},
             {"user_id": "u1", "item": "k3", "type": "purchase", "ts": "2026-11-20T10:01:00Z"},
             {"user_id": "u2", "item": "g1", "type": "view", "ts": "2026-11-19T10:00:00Z"}]""");
        RecsysClient.link(client(), "shop", "u1", false, new Identity("app", "dev-1"));
        assertTrue("before: u2 only looked at the garden", recommend("{\"id\": \"u2\"}").stream().allMatch(id -> id.startsWith("g")));

        long mergesBefore = count(Counter.ACCOUNT_MERGES);
        Map<String, Object> merged = RecsysClient.merge(client(), "shop", "u1", "u2");
        assertEquals(Map.of("acknowledged", true, "from", "u1", "into", "u2", "merged", true, "moved_identities", 1), merged);
        assertEquals("_stats counts the merge", mergesBefore + 1, count(Counter.ACCOUNT_MERGES));

        Map<String, Object> u2 = RecsysClient.profileView(client(), "shop", "u2");
        assertEquals("u1's three events and u2's one", 4, eventCount(u2));
        assertEquals(List.of("k1", "k3"), u2.get("purchased"));
        assertEquals(List.of(Map.of("platform", "app", "id", "dev-1")), u2.get("identities"));
        List<String> after = recommend("{\"id\": \"u2\"}");
        assertTrue("after: u1's purchases pull u2 into the kitchen: " + after, after.stream().allMatch(id -> id.startsWith("k")));
        assertEquals("a query still naming u1 is answered from u2's profile", after, recommend("{\"id\": \"u1\"}"));

        // later events of u1, and of the device u1 had linked, reach u2
        List<EventResult> later = RecsysClient.ingest(client(), "shop", """
            [{"user_id": "u1", "item": "g2", "type": "view"},
             {"user": {"platform": "app", "id": "dev-1"}, "item": "g3", "type": "view"}]""");
        assertEquals(List.of("u2", "u2"), later.stream().map(EventResult::userId).toList());
        assertEquals(6, eventCount(RecsysClient.profileView(client(), "shop", "u2")));

        // a repeated merge changes nothing, and is not counted again
        assertEquals(false, RecsysClient.merge(client(), "shop", "u1", "u2").get("merged"));
        assertEquals(mergesBefore + 1, count(Counter.ACCOUNT_MERGES));
        assertEquals(6, eventCount(RecsysClient.profileView(client(), "shop", "u2")));

        // forgetting u2 forgets what u1 brought too
        client().execute(DeleteProfileAction.INSTANCE, new ProfileRequest("shop", "u2")).actionGet();
        for (String gone : List.of("u1", "u2", "anon:app:dev-1")) {
            expectThrows(ResourceNotFoundException.class, () -> client().execute(GetProfileAction.INSTANCE, new ProfileRequest("shop", gone)).actionGet());
        }
    }

    public void testAMergeThatWouldLoseOrLoopHistoryIsAConflictAndAnUnknownAccountIsNotFound() {
        RecsysClient.ingest(client(), "shop", """
            [{"user_id": "a", "item": "k1", "type": "view"}, {"user_id": "b", "item": "k2", "type": "view"},
             {"user_id": "c", "item": "g1", "type": "view"}]""");
        RecsysClient.merge(client(), "shop", "a", "b");

        OpenSearchStatusException intoMerged = expectThrows(OpenSearchStatusException.class, () -> RecsysClient.merge(client(), "shop", "c", "a"));
        assertEquals(RestStatus.CONFLICT, intoMerged.status());
        assertEquals("[into] user [a] was merged into [b]; merge into [b] instead", intoMerged.getMessage());
        assertEquals("c keeps its own events after the refused merge", "c",
            RecsysClient.ingest(client(), "shop", "[{\"user_id\": \"c\", \"item\": \"g2\", \"type\": \"view\"}]").get(0).userId());

        OpenSearchStatusException fromMerged = expectThrows(OpenSearchStatusException.class, () -> RecsysClient.merge(client(), "shop", "a", "c"));
        assertEquals(RestStatus.CONFLICT, fromMerged.status());
        assertEquals("[from] user [a] was already merged into [b]", fromMerged.getMessage());

        OpenSearchStatusException cycle = expectThrows(OpenSearchStatusException.class, () -> RecsysClient.merge(client(), "shop", "b", "a"));
        assertEquals(RestStatus.CONFLICT, cycle.status());
        assertEquals("b still receives its events", "b",
            RecsysClient.ingest(client(), "shop", "[{\"user_id\": \"b\", \"item\": \"k4\", \"type\": \"view\"}]").get(0).userId());

        ResourceNotFoundException unknown = expectThrows(ResourceNotFoundException.class, () -> RecsysClient.merge(client(), "shop", "nobody", "b"));
        assertEquals("[from] user [nobody] not found in recommender [shop]", unknown.getMessage());

        OpenSearchStatusException linkToMerged = expectThrows(OpenSearchStatusException.class,
            () -> RecsysClient.link(client(), "shop", "a", false, new Identity("web", "ck-1")));
        assertEquals(RestStatus.CONFLICT, linkToMerged.status());
        assertTrue(linkToMerged.getMessage(), linkToMerged.getMessage().startsWith("[user_id] user [a] was merged into [b]"));
    }

    public void testAfterAnUnlinkTheDevicesNewEventsLeaveTheUsersProfileAlone() {
        RecsysClient.ingest(client(), "shop", """
            [{"user": {"platform": "app", "id": "dev-7"}, "item": "g1", "type": "view", "ts": "2026-11-20T09:00:00Z"},
             {"user_id": "u7", "item": "k1", "type": "purchase", "ts": "2026-11-20T10:00:00Z"}]""");
        RecsysClient.link(client(), "shop", "u7", false, new Identity("app", "dev-7"));
        Map<String, Object> linked = RecsysClient.profileView(client(), "shop", "u7");
        assertEquals(2, eventCount(linked));
        List<String> before = recommend("{\"id\": \"u7\"}");

        long unlinksBefore = count(Counter.IDENTITY_UNLINKS);
        Map<String, Object> unlinked = RecsysClient.unlink(client(), "shop", new Identity("app", "dev-7"), "u7");
        assertEquals(Map.of("acknowledged", true, "identity", Map.of("platform", "app", "id", "dev-7"), "unlinked_from", "u7"), unlinked);
        assertEquals("_stats counts the unlink", unlinksBefore + 1, count(Counter.IDENTITY_UNLINKS));

        Map<String, Object> kept = RecsysClient.profileView(client(), "shop", "u7");
        assertEquals("the user keeps the history it has", 2, eventCount(kept));
        assertEquals(List.of(), kept.get("identities"));

        List<EventResult> later = RecsysClient.ingest(client(), "shop", """
            [{"user": {"platform": "app", "id": "dev-7"}, "item": "g2", "type": "purchase"},
             {"user": {"platform": "app", "id": "dev-7"}, "item": "g3", "type": "purchase"}]""");
        assertEquals(List.of("anon:app:dev-7", "anon:app:dev-7"), later.stream().map(EventResult::userId).toList());
        Map<String, Object> user = RecsysClient.profileView(client(), "shop", "u7");
        assertEquals("the device's new events do not change the user's profile", kept, user);
        assertEquals(before, recommend("{\"id\": \"u7\"}"));
        Map<String, Object> device = RecsysClient.profileView(client(), "shop", "anon:app:dev-7");
        assertEquals("the device starts afresh", 2, eventCount(device));
        assertNull("and is no longer merged into anyone", device.get("merged_into"));
        assertTrue(recommend("{\"platform\": \"app\", \"id\": \"dev-7\"}").stream().allMatch(id -> id.startsWith("g")));

        ResourceNotFoundException again = expectThrows(ResourceNotFoundException.class,
            () -> RecsysClient.unlink(client(), "shop", new Identity("app", "dev-7"), null));
        assertEquals("[identity] identity [app:dev-7] is not linked to any user", again.getMessage());

        // linked again, the device brings what it did in between, and its history from before the first link only once
        assertEquals(1, RecsysClient.link(client(), "shop", "u7", false, new Identity("app", "dev-7")).get("merged_profiles"));
        assertEquals(4, eventCount(RecsysClient.profileView(client(), "shop", "u7")));
    }

    public void testUnlinkingFromTheWrongUserIsAConflictThatChangesNothing() {
        RecsysClient.link(client(), "shop", "u8", false, new Identity("web", "ck-8"));
        OpenSearchStatusException conflict = expectThrows(OpenSearchStatusException.class,
            () -> RecsysClient.unlink(client(), "shop", new Identity("web", "ck-8"), "u9"));
        assertEquals(RestStatus.CONFLICT, conflict.status());
        assertEquals("[user_id] identity [web:ck-8] is linked to user [u8], not [u9]", conflict.getMessage());
        assertEquals("u8", RecsysClient.ingest(client(), "shop", "[{\"user\": {\"platform\": \"web\", \"id\": \"ck-8\"}, \"item\": \"k1\", \"type\": \"view\"}]")
            .get(0).userId());
        assertEquals(List.of(Map.of("platform", "web", "id", "ck-8")), RecsysClient.profileView(client(), "shop", "u8").get("identities"));
    }
}
