package io.recsys.opensearch.it;

import io.recsys.opensearch.transport.popularity.InteractionCountsAction;
import io.recsys.opensearch.transport.popularity.InteractionCountsRequest;
import io.recsys.opensearch.transport.profile.DeleteProfileAction;
import io.recsys.opensearch.transport.profile.ProfileRequest;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;

import java.util.List;
import java.util.Map;

/**
 * The popularity feature's counts, read from the events index's terms and postings on a real node: impressions do
 * not count, a forgotten user's events stop counting, and events of every segment are summed.
 */
public class InteractionCountsSingleNodeTests extends RecsysSingleNodeTestCase {

    @Override
    public void setUp() throws Exception {
        super.setUp();
        TestCatalog.create(client(), "products", 2, 1, 0);
        RecsysClient.indexItems(client(), "products", Map.of("a", new float[] { 1, 0 }, "b", new float[] { 0, 1 }, "c", new float[] { 1, 1 }),
            Map.of("a", "x", "b", "x", "c", "y"));
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
    }

    @Override
    public void tearDown() throws Exception {
        client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        super.tearDown();
    }

    private List<Long> counts(String... items) {
        long[] counts = client().execute(InteractionCountsAction.INSTANCE, new InteractionCountsRequest("recsys-shop-events", List.of(items)))
            .actionGet().counts();
        return java.util.Arrays.stream(counts).boxed().toList();
    }

    public void testCountsInteractionsButNotImpressionsNorForgottenUsers() {
        RecsysClient.ingest(client(), "shop", """
            {"user_id": "u1", "item": "a", "type": "view"}
            {"user_id": "u1", "item": "a", "type": "purchase"}
            {"user_id": "u2", "item": "a", "type": "impression"}
            {"user_id": "u2", "item": "b", "type": "impression"}
            """);
        client().admin().indices().prepareRefresh("recsys-shop-events").get();
        assertEquals("a: view + purchase, its impression not counted; b: impressions only; c: never seen", List.of(2L, 0L, 0L), counts("a", "b", "c"));

        // a second segment, with no impression in it: its counts come from the terms dictionary alone
        RecsysClient.ingest(client(), "shop", """
            {"user_id": "u2", "item": "a", "type": "click"}
            {"user_id": "u3", "item": "c", "type": "cart"}
            {"user_id": "u3", "item": "a", "type": "view"}
            """);
        client().admin().indices().prepareRefresh("recsys-shop-events").get();
        assertEquals(List.of(4L, 0L, 1L), counts("a", "b", "c"));

        client().execute(DeleteProfileAction.INSTANCE, new ProfileRequest("shop", "u3")).actionGet();
        client().admin().indices().prepareRefresh("recsys-shop-events").get();
        assertEquals("u3 forgotten: its view of a and cart of c no longer count", List.of(3L, 0L, 0L), counts("a", "b", "c"));
        assertEquals("any order, repeated items", List.of(0L, 3L, 3L), counts("c", "a", "a"));
    }
}
