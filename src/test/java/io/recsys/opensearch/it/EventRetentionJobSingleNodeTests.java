package io.recsys.opensearch.it;

import io.recsys.opensearch.events.EventResult;
import io.recsys.opensearch.recommender.EventPartitions;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import org.opensearch.common.settings.Settings;

import java.util.List;
import java.util.Map;

/**
 * The periodic retention job on one real node (the elected cluster manager of its one-node cluster), run every second
 * here: once a recommender has a retention, the old month's partition goes without anyone asking.
 */
public class EventRetentionJobSingleNodeTests extends RecsysSingleNodeTestCase {

    @Override
    protected Settings nodeSettings() {
        return Settings.builder().put(super.nodeSettings()).put("recsys.events.retention_interval", "1s").build();
    }

    public void testTheJobDropsPartitionsPastTheRetentionOnItsOwn() throws Exception {
        TestCatalog.create(client(), "products", 4, 1, 0);
        RecsysClient.indexItems(client(), "products", Map.of("a", new float[] { 1, 0, 0, 0 }), Map.of());
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
        try {
            List<EventResult> results = RecsysClient.ingest(client(), "shop", """
                [{"user_id": "u1", "item": "a", "type": "view", "ts": "2024-03-10T10:00:00Z"},
                 {"user_id": "u1", "item": "a", "type": "view"}]""");
            assertTrue(results.toString(), results.stream().allMatch(r -> r.status() == 201));
            String old = EventPartitions.of(RecommenderIndices.of("shop")).partitionOf(java.time.YearMonth.of(2024, 3));
            Thread.sleep(1500); // a run or more without a retention: nothing goes
            assertTrue(client().admin().cluster().prepareState().get().getState().metadata().hasIndex(old));

            RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"retention\": \"365d\"}}");
            assertBusy(() -> assertFalse(old + " is dropped", client().admin().cluster().prepareState().get().getState().metadata().hasIndex(old)));
            assertEquals("profiles keep their aggregates", 2, RecsysClient.profileView(client(), "shop", "u1").get("event_count"));
        } finally {
            client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        }
    }
}
