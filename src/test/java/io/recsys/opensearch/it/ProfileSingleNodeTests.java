package io.recsys.opensearch.it;

import io.recsys.opensearch.events.EventResult;
import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.transport.profile.DeleteProfileAction;
import io.recsys.opensearch.transport.profile.GetProfileAction;
import io.recsys.opensearch.transport.profile.ProfileRequest;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.query.QueryBuilders;

import java.util.List;
import java.util.Map;

/** Events, identity links and profiles on one real node, with a real k-NN catalog. */
public class ProfileSingleNodeTests extends RecsysSingleNodeTestCase {

    @Override
    public void setUp() throws Exception {
        super.setUp();
        TestCatalog.create(client(), "products", 3, 1, 0);
        RecsysClient.indexItems(
            client(),
            "products",
            Map.of("mug", new float[] { 1, 0, 0 }, "cup", new float[] { 0.9f, 0.1f, 0 }, "sofa", new float[] { 0, 0, 1 }),
            Map.of("mug", "kitchen", "cup", "kitchen", "sofa", "furniture")
        );
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
    }

    @Override
    public void tearDown() throws Exception {
        client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().putNull("recsys.events.max_batch_size")).get();
        super.tearDown();
    }

    public void testEventsBuildTheProfile() {
        List<EventResult> results = RecsysClient.ingest(client(), "shop", """
            [{"user_id": "u1", "item": "mug", "type": "view", "platform": "app", "ts": "2026-11-20T10:00:00Z"},
             {"user_id": "u1", "item": "cup", "type": "purchase", "platform": "web", "ts": "2026-11-20T10:05:00Z", "price": 6},
             {"user_id": "u1", "item": "sofa", "type": "impression", "platform": "web", "ts": "2026-11-20T10:06:00Z"}]""");
        assertEquals(List.of(201, 201, 201), results.stream().map(EventResult::status).toList());
        assertEquals("u1", results.get(0).userId());

        Map<String, Object> profile = RecsysClient.profileView(client(), "shop", "u1");
        assertEquals(3, profile.get("event_count"));
        assertEquals(Map.of("platform", Map.of("app", 1, "web", 2), "type", Map.of("view", 1, "purchase", 1, "impression", 1)), profile.get("counts"));
        assertEquals(List.of("cup"), profile.get("purchased"));
        assertEquals(6.0, profile.get("median_price"));
        List<?> recent = (List<?>) profile.get("recent_items");
        assertEquals("cup", ((Map<?, ?>) recent.get(0)).get("item"));
        assertEquals("an impression is not history", 2, recent.size());
        assertEquals("kitchen", ((Map<?, ?>) ((List<?>) profile.get("top_categories")).get(0)).get("category"));
        assertEquals(3, ((Map<?, ?>) profile.get("vector")).get("dimension"));

        // the vector lies where the touched items lie: near mug/cup, far from sofa
        float[] vector = RecsysClient.storedProfile(client(), "shop", "u1").longTerm().mean();
        assertTrue(vector[0] > 0.9f);
        assertEquals(0f, vector[2], 1e-6f);
    }

    public void testABadEventIsRefusedAloneAndTheRestOfTheBatchIsApplied() {
        List<EventResult> results = RecsysClient.ingest(client(), "shop", """
            {"user_id": "u2", "item": "mug", "type": "view"}
            {"user_id": "u2", "type": "view"}
            {"user_id": "u2", "item": "mug", "type": "like"}
            {"user_id": "u2", "item": "mug", "type": "view", "ts": "someday"}
            {"user_id": "u2", "item": "mug", "type":
            {"user_id": "u2", "item": "ghost", "type": "purchase"}
            """);
        assertEquals(List.of(201, 400, 400, 400, 400, 201), results.stream().map(EventResult::status).toList());
        assertTrue(results.get(1).reason(), results.get(1).reason().startsWith("[item]"));
        assertTrue(results.get(2).reason(), results.get(2).reason().startsWith("[type]"));
        assertTrue(results.get(3).reason(), results.get(3).reason().startsWith("[ts]"));
        assertTrue(results.get(4).reason(), results.get(4).reason().contains("line 5"));
        assertEquals(Boolean.FALSE, results.get(5).inCatalog());
        assertEquals(2, RecsysClient.profileView(client(), "shop", "u2").get("event_count"));
    }

    public void testARetriedEventIdIsAppliedOnce() {
        String event = "[{\"event_id\": \"e-1\", \"user_id\": \"u3\", \"item\": \"mug\", \"type\": \"cart\"}]";
        assertEquals(201, RecsysClient.ingest(client(), "shop", event).get(0).status());
        assertEquals(200, RecsysClient.ingest(client(), "shop", event).get(0).status());
        assertEquals(1, RecsysClient.profileView(client(), "shop", "u3").get("event_count"));
        client().admin().indices().prepareRefresh(RecommenderIndices.of("shop").events()).get();
        assertEquals(1, client().prepareSearch(RecommenderIndices.of("shop").events()).setQuery(QueryBuilders.termQuery("event_id", "e-1")).get().getHits().getTotalHits().value());
    }

    public void testTwoUsersWithTheSameEventIdKeepTwoStoredEvents() {
        String order = "[{\"event_id\": \"order-1\", \"user_id\": \"%s\", \"item\": \"%s\", \"type\": \"purchase\"}]";
        assertEquals(201, RecsysClient.ingest(client(), "shop", String.format(java.util.Locale.ROOT, order, "alice", "mug")).get(0).status());
        assertEquals(201, RecsysClient.ingest(client(), "shop", String.format(java.util.Locale.ROOT, order, "bob", "sofa")).get(0).status());
        assertEquals(201, RecsysClient.ingest(client(), "shop",
            "[{\"event_id\": \"order-1\", \"user\": {\"platform\": \"app\", \"id\": \"dev-9\"}, \"item\": \"cup\", \"type\": \"purchase\"}]").get(0).status());
        assertEquals("a retry is still one document", 200,
            RecsysClient.ingest(client(), "shop", String.format(java.util.Locale.ROOT, order, "alice", "mug")).get(0).status());
        String events = RecommenderIndices.of("shop").events();
        client().admin().indices().prepareRefresh(events).get();
        var stored = client().prepareSearch(events).setQuery(QueryBuilders.termQuery("event_id", "order-1")).get().getHits();
        assertEquals(3, stored.getTotalHits().value());
        Map<String, Object> alices = client().prepareSearch(events).setQuery(QueryBuilders.termQuery("user_id", "alice")).get().getHits().getAt(0).getSourceAsMap();
        assertEquals("bob's order-1 did not overwrite alice's", "mug", alices.get("item"));
    }

    public void testAnItemIdOverTheLimitIsRefusedAloneAndTheUsersOtherEventsAreApplied() {
        String immense = "x".repeat(40_000); // over Lucene's 32 KB term limit: it once failed every event of the user
        List<EventResult> results = RecsysClient.ingest(client(), "shop",
            "[{\"user_id\": \"u7\", \"item\": \"mug\", \"type\": \"view\"}, {\"user_id\": \"u7\", \"item\": \"" + immense + "\", \"type\": \"view\"},"
                + " {\"user_id\": \"u7\", \"item\": \"cup\", \"type\": \"view\"}]");
        assertEquals(List.of(201, 400, 201), results.stream().map(EventResult::status).toList());
        assertTrue(results.get(1).reason(), results.get(1).reason().startsWith("[item] must be at most 512 bytes"));
        assertEquals(2, RecsysClient.profileView(client(), "shop", "u7").get("event_count"));
    }

    public void testHugeEventIdsAreRefusedAndTheProfileStaysSmall() {
        String huge = "e".repeat(1 << 20);
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            body.append(i == 0 ? "" : ",").append("{\"event_id\": \"").append(huge).append(i).append("\", \"user_id\": \"u8\", \"item\": \"mug\", \"type\": \"view\"}");
        }
        List<EventResult> results = RecsysClient.ingest(client(), "shop", body.append("]").toString());
        assertTrue(results.stream().allMatch(r -> r.status() == 400 && r.reason().startsWith("[event_id] must be at most 512 bytes")));
        // the largest ids allowed, a thousand and more of them: the profile remembers a bounded number
        for (int batch = 0; batch < 3; batch++) {
            StringBuilder many = new StringBuilder("[");
            for (int i = 0; i < 500; i++) {
                many.append(i == 0 ? "" : ",").append("{\"event_id\": \"").append(String.format(java.util.Locale.ROOT, "%0512d", batch * 500 + i))
                    .append("\", \"user_id\": \"u8\", \"item\": \"mug\", \"type\": \"view\"}");
            }
            assertTrue(RecsysClient.ingest(client(), "shop", many.append("]").toString()).stream().allMatch(r -> r.status() == 201));
        }
        client().admin().indices().prepareRefresh(RecommenderIndices.of("shop").profiles()).get();
        var profile = client().prepareGet(RecommenderIndices.of("shop").profiles(), "u8").get();
        assertTrue("profile document of " + profile.getSourceAsBytesRef().length() + " bytes", profile.getSourceAsBytesRef().length() < 700_000);
    }

    public void testTimestampsOutsideTheBoundsAreRefusedAndRecommendStillAnswers() throws Exception {
        List<EventResult> results = RecsysClient.ingest(client(), "shop", """
            [{"user_id": "u9", "item": "mug", "type": "view", "ts": "2026-11-20T10:00:00Z"},
             {"user_id": "u9", "item": "sofa", "type": "view", "ts": "+292278994-08-17T07:12:55.807Z"},
             {"user_id": "u9", "item": "sofa", "type": "view", "ts": "-292275055-05-16T16:47:04.192Z"},
             {"user_id": "u9", "item": "sofa", "type": "view", "ts": "2040-01-01T00:00:00Z"}]""");
        assertEquals(List.of(201, 400, 400, 400), results.stream().map(EventResult::status).toList());
        float[] vector = RecsysClient.storedProfile(client(), "shop", "u9").longTerm().mean();
        assertArrayEquals(new float[] { 1, 0, 0 }, vector, 1e-6f);
        var hits = client().prepareSearch("products")
            .setQuery(org.opensearch.index.query.QueryBuilders.wrapperQuery("{\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"u9\"}}}"))
            .get().getHits();
        assertTrue(hits.getHits().length > 0);
    }

    public void testAnEventIsAcknowledgedOnlyOnceItIsStored() {
        String events = RecommenderIndices.of("shop").events();
        assertEquals(201, RecsysClient.ingest(client(), "shop", "[{\"user_id\": \"u10\", \"item\": \"mug\", \"type\": \"view\"}]").get(0).status());
        client().admin().indices().prepareUpdateSettings(events).setSettings(Settings.builder().put("index.blocks.write", true)).get();
        try {
            List<EventResult> results = RecsysClient.ingest(client(), "shop", """
                [{"event_id": "s-1", "user_id": "u10", "item": "cup", "type": "view"},
                 {"event_id": "s-2", "user_id": "u11", "item": "sofa", "type": "view"}]""");
            for (EventResult result : results) {
                assertTrue(result.toString(), result.failed());
                assertTrue(result.reason(), result.reason().contains("could not be stored in the events index"));
            }
        } finally {
            client().admin().indices().prepareUpdateSettings(events).setSettings(Settings.builder().putNull("index.blocks.write")).get();
        }
        // the retry is stored and not applied to the profile twice
        List<EventResult> retried = RecsysClient.ingest(client(), "shop", """
            [{"event_id": "s-1", "user_id": "u10", "item": "cup", "type": "view"},
             {"event_id": "s-2", "user_id": "u11", "item": "sofa", "type": "view"}]""");
        assertEquals(List.of(200, 200), retried.stream().map(EventResult::status).toList());
        assertEquals(2, RecsysClient.profileView(client(), "shop", "u10").get("event_count"));
        client().admin().indices().prepareRefresh(events).get();
        assertEquals(2, client().prepareSearch(events).setQuery(QueryBuilders.termsQuery("event_id", "s-1", "s-2")).get().getHits().getTotalHits().value());
    }

    public void testAnOversizedBatchRefusesOnlyTheEventsBeyondTheLimit() {
        client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().put("recsys.events.max_batch_size", 2)).get();
        List<EventResult> results = RecsysClient.ingest(client(), "shop", """
            {"user_id": "u4", "item": "mug", "type": "view"}
            {"user_id": "u4", "item": "cup", "type": "view"}
            {"user_id": "u4", "item": "sofa", "type": "view"}
            """);
        assertEquals(List.of(201, 201, 413), results.stream().map(EventResult::status).toList());
        assertTrue(results.get(2).reason().contains("recsys.events.max_batch_size"));
    }

    public void testLinkingMergesAnonymousHistoryAndIsIdempotent() {
        RecsysClient.ingest(client(), "shop", """
            [{"user": {"platform": "app", "id": "dev-1"}, "item": "mug", "type": "view", "ts": 1000},
             {"user": {"platform": "web", "id": "ck-9"}, "item": "sofa", "type": "cart", "ts": 2000},
             {"user_id": "u42", "item": "cup", "type": "purchase", "ts": 3000}]""");
        assertEquals(1, RecsysClient.profileView(client(), "shop", "anon:app:dev-1").get("event_count"));

        Map<String, Object> linked = RecsysClient.link(client(), "shop", "u42", false, new Identity("app", "dev-1"), new Identity("web", "ck-9"));
        assertEquals(2, linked.get("merged_profiles"));
        Map<String, Object> profile = RecsysClient.profileView(client(), "shop", "u42");
        assertEquals(3, profile.get("event_count"));
        assertEquals(Map.of("app", 1, "web", 1, "unknown", 1), ((Map<?, ?>) profile.get("counts")).get("platform"));
        assertEquals(List.of("cup", "sofa", "mug"), ((List<?>) profile.get("recent_items")).stream().map(i -> ((Map<?, ?>) i).get("item")).toList());
        assertEquals(2, ((List<?>) profile.get("identities")).size());

        // after the link, the device's events go to the user
        EventResult after = RecsysClient.ingest(client(), "shop", "[{\"user\": {\"platform\": \"app\", \"id\": \"dev-1\"}, \"item\": \"cup\", \"type\": \"view\", \"ts\": 4000}]").get(0);
        assertEquals("u42", after.userId());

        // linking again changes nothing
        assertEquals(0, RecsysClient.link(client(), "shop", "u42", false, new Identity("app", "dev-1")).get("merged_profiles"));
        assertEquals(4, RecsysClient.profileView(client(), "shop", "u42").get("event_count"));

        // another user cannot take the identity without force
        OpenSearchStatusException conflict = expectThrows(
            OpenSearchStatusException.class,
            () -> RecsysClient.link(client(), "shop", "u7", false, new Identity("app", "dev-1"))
        );
        assertEquals(RestStatus.CONFLICT, conflict.status());
        assertTrue(conflict.getMessage().contains("[identities] identity [app:dev-1] is already linked to user [u42]"));
        RecsysClient.link(client(), "shop", "u7", true, new Identity("app", "dev-1"));
        assertEquals("u7", RecsysClient.ingest(client(), "shop", "[{\"user\": {\"platform\": \"app\", \"id\": \"dev-1\"}, \"item\": \"mug\", \"type\": \"view\"}]").get(0).userId());
        assertEquals(List.of(Map.of("platform", "app", "id", "dev-1")), RecsysClient.profileView(client(), "shop", "u7").get("identities"));
        assertEquals("the moved identity left u42", List.of(Map.of("platform", "web", "id", "ck-9")), RecsysClient.profileView(client(), "shop", "u42").get("identities"));
    }

    public void testLinkingIdentitiesWithoutEventsMergesNothingButListsThem() {
        Map<String, Object> linked = RecsysClient.link(client(), "shop", "u8", false, new Identity("app", "new-1"), new Identity("web", "new-2"));
        assertEquals(0, linked.get("merged_profiles"));
        Map<String, Object> profile = RecsysClient.profileView(client(), "shop", "u8");
        assertEquals(2, ((List<?>) profile.get("identities")).size());
        assertFalse("a link is a change in time", ((String) profile.get("updated_at")).startsWith("1970"));
        RecsysClient.ingest(client(), "shop", "[{\"user\": {\"platform\": \"app\", \"id\": \"solo\"}, \"item\": \"mug\", \"type\": \"view\"}]");
        assertEquals(List.of(Map.of("platform", "app", "id", "solo")), RecsysClient.profileView(client(), "shop", "anon:app:solo").get("identities"));
    }

    public void testForgettingAUserLeavesNothingOfThem() {
        RecsysClient.ingest(client(), "shop", """
            [{"user": {"platform": "app", "id": "dev-5"}, "item": "mug", "type": "view", "request_id": "r1"},
             {"user_id": "u5", "item": "cup", "type": "purchase"},
             {"user_id": "someone-else", "item": "cup", "type": "purchase"}]""");
        RecsysClient.link(client(), "shop", "u5", false, new Identity("app", "dev-5"));
        Map<String, Object> forgotten = client().execute(DeleteProfileAction.INSTANCE, new ProfileRequest("shop", "u5")).actionGet().asMap();
        assertEquals(Map.of("profiles", 2, "identities", 1, "events", 2, "feature_log", 0), forgotten.get("deleted"));

        expectThrows(ResourceNotFoundException.class, () -> client().execute(GetProfileAction.INSTANCE, new ProfileRequest("shop", "u5")).actionGet());
        expectThrows(ResourceNotFoundException.class, () -> client().execute(GetProfileAction.INSTANCE, new ProfileRequest("shop", "anon:app:dev-5")).actionGet());
        for (String index : RecommenderIndices.of("shop").all()) {
            long hits = client().prepareSearch(index)
                .setQuery(QueryBuilders.multiMatchQuery("u5 dev-5 anon:app:dev-5 app:dev-5", "user_id", "identity", "id", "merged_into", "identities"))
                .get().getHits().getTotalHits().value();
            assertEquals("nothing of u5 in " + index, 0, hits);
        }
        assertEquals(1, RecsysClient.profileView(client(), "shop", "someone-else").get("event_count"));
        expectThrows(ResourceNotFoundException.class, () -> client().execute(DeleteProfileAction.INSTANCE, new ProfileRequest("shop", "u5")).actionGet());
    }

    public void testForgettingAUserAlsoForgetsTheHistoryOfADeviceMovedAwayByForce() {
        RecsysClient.ingest(client(), "shop", "[{\"user\": {\"platform\": \"app\", \"id\": \"dev-6\"}, \"item\": \"sofa\", \"type\": \"view\"}]");
        RecsysClient.link(client(), "shop", "u6", false, new Identity("app", "dev-6"));
        RecsysClient.link(client(), "shop", "new-owner", true, new Identity("app", "dev-6"));
        RecsysClient.ingest(client(), "shop", "[{\"user\": {\"platform\": \"app\", \"id\": \"dev-6\"}, \"item\": \"mug\", \"type\": \"view\"}]");

        client().execute(DeleteProfileAction.INSTANCE, new ProfileRequest("shop", "u6")).actionGet();

        expectThrows(ResourceNotFoundException.class, () -> client().execute(GetProfileAction.INSTANCE, new ProfileRequest("shop", "anon:app:dev-6")).actionGet());
        String events = RecommenderIndices.of("shop").events();
        client().admin().indices().prepareRefresh(events).get();
        assertEquals("the device's pre-link view of u6's era is gone", 0,
            client().prepareSearch(events).setQuery(QueryBuilders.termQuery("item", "sofa")).get().getHits().getTotalHits().value());
        assertEquals("the new owner's own event stays", 1,
            client().prepareSearch(events).setQuery(QueryBuilders.termQuery("user_id", "new-owner")).get().getHits().getTotalHits().value());
        assertEquals(1, RecsysClient.profileView(client(), "shop", "new-owner").get("event_count"));
    }

    public void testAForgottenUserWhoComesBackStartsAfreshThoughThisNodeCachedTheirProfile() {
        RecsysClient.ingest(client(), "shop", """
            [{"user_id": "u6", "item": "mug", "type": "purchase"}, {"user_id": "u6", "item": "cup", "type": "purchase"}]""");
        RecsysClient.ingest(client(), "shop", """
            [{"user_id": "u6", "item": "sofa", "type": "view"}]""");
        client().execute(DeleteProfileAction.INSTANCE, new ProfileRequest("shop", "u6")).actionGet();

        RecsysClient.ingest(client(), "shop", """
            [{"user_id": "u6", "item": "sofa", "type": "view"}]""");
        Map<String, Object> profile = RecsysClient.profileView(client(), "shop", "u6");
        assertEquals("nothing from before the forget comes back", 1, profile.get("event_count"));
        assertEquals(List.of(), profile.get("purchased"));
    }

    public void testARecreatedRecommenderStartsFromEmptyProfiles() {
        RecsysClient.ingest(client(), "shop", """
            [{"user_id": "u7", "item": "mug", "type": "purchase"}, {"user_id": "u7", "item": "cup", "type": "view"}]""");
        client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");

        RecsysClient.ingest(client(), "shop", """
            [{"user_id": "u7", "item": "sofa", "type": "view"}]""");
        assertEquals(1, RecsysClient.profileView(client(), "shop", "u7").get("event_count"));
    }

    public void testUnknownRecommenderIsNotFound() {
        ResourceNotFoundException e = expectThrows(ResourceNotFoundException.class, () -> RecsysClient.ingest(client(), "nope", "[]"));
        assertTrue(e.getMessage().contains("recommender [nope] not found"));
    }
}
