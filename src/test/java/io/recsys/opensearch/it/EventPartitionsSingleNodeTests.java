package io.recsys.opensearch.it;

import io.recsys.opensearch.events.EventResult;
import io.recsys.opensearch.events.EventRetentionResult;
import io.recsys.opensearch.recommender.EventPartitions;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.transport.events.ApplyEventRetentionAction;
import io.recsys.opensearch.transport.events.ApplyEventRetentionRequest;
import io.recsys.opensearch.transport.popularity.InteractionCountsAction;
import io.recsys.opensearch.transport.popularity.InteractionCountsRequest;
import io.recsys.opensearch.transport.profile.DeleteProfileAction;
import io.recsys.opensearch.transport.profile.ProfileRequest;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.admin.indices.shrink.ResizeType;
import org.opensearch.cluster.metadata.IndexMetadata.APIBlock;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stored events partitioned by month on one real node: events of two months land in two partitions and every reader
 * finds them through the alias; retention drops the old month only and leaves profiles alone; forget reaches every
 * partition; deleting the recommender deletes every partition; a recommender from before partitioning keeps its single
 * index until it is migrated.
 */
public class EventPartitionsSingleNodeTests extends RecsysSingleNodeTestCase {

    /** A month far past a 365-day retention. */
    private static final String OLD_MONTH = "2024-03";
    private static final EventPartitions SHOP = EventPartitions.of(RecommenderIndices.of("shop"));

    @Override
    public void setUp() throws Exception {
        super.setUp();
        TestCatalog.create(client(), "products", 4, 1, 0);
        Map<String, float[]> vectors = new HashMap<>();
        for (String id : List.of("a", "b", "c")) {
            vectors.put(id, new float[] { 1, id.charAt(0) / 100f, 0, 0 });
        }
        RecsysClient.indexItems(client(), "products", vectors, Map.of());
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
    }

    @Override
    public void tearDown() throws Exception {
        try {
            client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        } catch (RuntimeException e) {
            // deleted by the test itself
        }
        super.tearDown();
    }

    private static String oldTs(int day) {
        return OLD_MONTH + String.format(Locale.ROOT, "-%02dT10:00:00Z", day);
    }

    private static String oldPartition() {
        return SHOP.partitionFor(Instant.parse(oldTs(1)).toEpochMilli());
    }

    private static String currentPartition() {
        return SHOP.partitionFor(System.currentTimeMillis());
    }

    /** u1 and u2 each bought "a" in the old month, and viewed "b" (u1) and "c" (u2) now. */
    private void ingestTwoMonths() {
        String body = """
            [{"event_id": "e1", "user_id": "u1", "item": "a", "type": "purchase", "ts": "%s"},
             {"event_id": "e2", "user_id": "u2", "item": "a", "type": "purchase", "ts": "%s"},
             {"event_id": "e3", "user_id": "u1", "item": "b", "type": "view"},
             {"event_id": "e4", "user_id": "u2", "item": "c", "type": "view"}]""".formatted(oldTs(3), oldTs(20));
        List<EventResult> results = RecsysClient.ingest(client(), "shop", body);
        assertTrue(results.toString(), results.stream().allMatch(r -> r.status() == 201 || r.status() == 200)); // 200 when retried
        refresh();
    }

    private void refresh() {
        client().admin().indices().prepareRefresh(SHOP.alias()).get();
    }

    private long count(String index, QueryBuilder query) {
        return client().prepareSearch(index).setSize(0).setTrackTotalHits(true).setQuery(query).get().getHits().getTotalHits().value();
    }

    private long count(String index) {
        return count(index, QueryBuilders.matchAllQuery());
    }

    private boolean exists(String index) {
        return client().admin().cluster().prepareState().get().getState().metadata().hasIndex(index);
    }

    private Settings settingsOf(String index) {
        return client().admin().indices().prepareGetSettings(index).get().getIndexToSettings().get(index);
    }

    private EventRetentionResult applyRetention(String recommender) {
        return client().execute(ApplyEventRetentionAction.INSTANCE, new ApplyEventRetentionRequest(recommender)).actionGet().result();
    }

    public void testTheCurrentMonthsPartitionExistsBehindTheAliasFromTheStart() {
        assertTrue(exists(currentPartition()));
        assertFalse("the readers' name is an alias, not an index", exists(SHOP.alias()));
        assertEquals(0, count(SHOP.alias()));
        Settings partition = settingsOf(currentPartition());
        Settings profiles = settingsOf(RecommenderIndices.of("shop").profiles());
        for (String key : List.of("index.number_of_shards", "index.number_of_replicas", "index.auto_expand_replicas")) {
            assertEquals("decided like every own index: " + key, profiles.get(key), partition.get(key));
        }
    }

    public void testANewEventsShapeAppliesToThePartitionsCreatedFromThenOn() {
        String current = settingsOf(currentPartition()).get("index.number_of_shards");
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}, \"indices\": {\"events\": {\"number_of_shards\": 2}}}");
        assertEquals("an existing partition is never changed", current, settingsOf(currentPartition()).get("index.number_of_shards"));
        ingestTwoMonths();
        assertEquals("2", settingsOf(oldPartition()).get("index.number_of_shards"));
        assertEquals(4, count(SHOP.alias()));
    }

    public void testEventsOfTwoMonthsLandInTwoPartitionsAndEveryReaderFindsThemThroughTheAlias() {
        ingestTwoMonths();
        assertEquals("recsys-shop-events-2024.03", oldPartition());
        assertEquals(2, count(oldPartition()));
        assertEquals(2, count(currentPartition()));
        assertEquals(4, count(SHOP.alias()));

        // a retried batch overwrites its own documents, in the same partitions
        ingestTwoMonths();
        assertEquals(2, count(currentPartition()));
        assertEquals(2, count(oldPartition()));
        assertEquals(4, count(SHOP.alias()));

        long[] counts = client().execute(InteractionCountsAction.INSTANCE, new InteractionCountsRequest(SHOP.alias(), List.of("a", "b", "c", "zzz")))
            .actionGet().counts();
        assertArrayEquals("popularity counts summed over the partitions", new long[] { 2, 1, 1, 0 }, counts);

        String query = "{\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"a-new-visitor\"}, \"sources\": {\"popular\": {\"size\": 10}, \"trending\": {\"size\": 0}}}}";
        SearchHit[] hits = client().prepareSearch("products").setSize(3).setQuery(QueryBuilders.wrapperQuery(query)).get().getHits().getHits();
        List<String> ids = Arrays.stream(hits).map(SearchHit::getId).toList();
        assertEquals("the old month's purchases count: " + ids, "a", ids.get(0));
        assertEquals(2, RecsysClient.profileView(client(), "shop", "u1").get("event_count"));
    }

    public void testRetentionDropsTheOldPartitionOnlyAndLeavesProfilesAlone() {
        ingestTwoMonths();
        Map<String, Object> before = RecsysClient.profileView(client(), "shop", "u1");

        EventRetentionResult none = applyRetention("shop");
        assertNull("no retention: nothing is ever dropped", none.retention());
        assertEquals(List.of(), none.deleted());
        assertEquals(List.of(oldPartition(), currentPartition()), none.partitions());

        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"retention\": \"365d\"}}");
        EventRetentionResult result = applyRetention("shop");
        assertEquals("365d", result.retention().getStringRep());
        assertEquals(List.of(oldPartition()), result.deleted());
        assertEquals(List.of(currentPartition()), result.partitions());
        assertFalse(exists(oldPartition()));
        refresh();
        assertEquals(2, count(SHOP.alias()));
        assertEquals("profiles keep their aggregates", before, RecsysClient.profileView(client(), "shop", "u1"));

        // an event older than the retention still reaches the profile, but is not stored: its month is one retention drops
        List<EventResult> late = RecsysClient.ingest(client(), "shop", """
            [{"event_id": "e5", "user_id": "u1", "item": "c", "type": "cart", "ts": "%s"}]""".formatted(OLD_MONTH.replace("-03", "-04") + "-02T00:00:00Z"));
        assertEquals(201, late.get(0).status());
        assertEquals(3, RecsysClient.profileView(client(), "shop", "u1").get("event_count"));
        assertFalse("no partition is created for it", exists("recsys-shop-events-2024.04"));
        refresh();
        assertEquals(2, count(SHOP.alias()));

        assertEquals("a second run finds nothing more to drop", List.of(), applyRetention("shop").deleted());
    }

    public void testForgetReachesEveryPartition() {
        ingestTwoMonths();
        Map<String, Object> forgotten = client().execute(DeleteProfileAction.INSTANCE, new ProfileRequest("shop", "u1")).actionGet().asMap();
        assertEquals(2, ((Map<?, ?>) forgotten.get("deleted")).get("events"));
        refresh();
        assertEquals(0, count(SHOP.alias(), QueryBuilders.termQuery("user_id", "u1")));
        assertEquals(0, count(oldPartition(), QueryBuilders.termQuery("user_id", "u1")));
        assertEquals(0, count(currentPartition(), QueryBuilders.termQuery("user_id", "u1")));
        assertEquals("someone else's events stay, in both months", 2, count(SHOP.alias(), QueryBuilders.termQuery("user_id", "u2")));
        assertEquals(1, count(oldPartition(), QueryBuilders.termQuery("user_id", "u2")));
    }

    public void testDeletingTheRecommenderDeletesEveryPartition() {
        ingestTwoMonths();
        assertTrue(exists(oldPartition()));
        client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        for (String index : client().admin().cluster().prepareState().get().getState().metadata().indices().keySet()) {
            assertFalse(index + " is left behind", index.startsWith("recsys-shop-"));
        }
        assertTrue("never the catalog", exists("products"));
    }

    public void testABadRetentionIsRefusedNamingTheField() {
        for (String bad : List.of("\"0d\"", "\"-1d\"", "\"a year\"", "\"12h\"", "365")) {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> RecsysClient.putRecommender(client(), "shop",
                "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"retention\": " + bad + "}}"));
            assertTrue(bad + ": " + e.getMessage(), e.getMessage().startsWith("[events.retention] "));
        }
        assertNull("nothing changed", applyRetention("shop").retention());
        // null clears it: every event is kept again
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"retention\": \"400d\"}}");
        assertEquals("400d", applyRetention("shop").retention().getStringRep());
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"retention\": null}}");
        assertNull(applyRetention("shop").retention());
    }

    public void testRetentionOfAnUnknownRecommenderIs404() {
        expectThrows(org.opensearch.ResourceNotFoundException.class, () -> applyRetention("ghost"));
    }

    public void testASingleEventsIndexFromBeforePartitionsKeepsWorkingAndMigratesWithoutLosingEvents() {
        String single = RecommenderIndices.of("old").events();
        client().admin().indices().create(new CreateIndexRequest(single).mapping(RecommenderIndices.eventsMapping(), XContentType.JSON)).actionGet();
        RecsysClient.putRecommender(client(), "old", "{\"catalog\": {\"index\": \"products\"}}");
        try {
            RecsysClient.ingest(client(), "old", """
                [{"event_id": "e1", "user_id": "u1", "item": "a", "type": "purchase", "ts": "%s"},
                 {"event_id": "e2", "user_id": "u1", "item": "b", "type": "view"}]""".formatted(oldTs(3)));
            client().admin().indices().prepareRefresh(single).get();
            assertEquals("unpartitioned: everything in the single index", 2, count(single));
            IllegalArgumentException refused = expectThrows(IllegalArgumentException.class, () -> RecsysClient.putRecommender(client(), "old",
                "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"retention\": \"365d\"}}"));
            assertTrue(refused.getMessage(), refused.getMessage().startsWith("[events.retention] recommender [old] keeps its events in the single index"));

            // the migration of README.md: block writes, clone, swap the index for an alias over the clone, unblock
            EventPartitions old = EventPartitions.of(RecommenderIndices.of("old"));
            client().admin().indices().prepareAddBlock(APIBlock.WRITE, single).get();
            client().admin().indices().prepareResizeIndex(single, old.legacyIndex()).setResizeType(ResizeType.CLONE).get();
            client().admin().indices().prepareAliases().removeIndex(single).addAlias(old.legacyIndex(), single).get();
            client().admin().indices().prepareUpdateSettings(old.legacyIndex()).setSettings(Settings.builder().put("index.blocks.write", false)).get();

            RecsysClient.putRecommender(client(), "old", "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"retention\": \"365d\"}}");
            RecsysClient.ingest(client(), "old", "[{\"event_id\": \"e3\", \"user_id\": \"u2\", \"item\": \"c\", \"type\": \"view\"}]");
            client().admin().indices().prepareRefresh(single).get();
            assertEquals("the old events and the new partition's, through the alias", 3, count(single));
            assertEquals(1, count(old.partitionFor(System.currentTimeMillis())));

            EventRetentionResult result = applyRetention("old");
            assertEquals("the migrated index has no month: never dropped", List.of(), result.deleted());
            assertTrue(result.partitions().toString(), result.partitions().contains(old.legacyIndex()));

            client().execute(DeleteProfileAction.INSTANCE, new ProfileRequest("old", "u1")).actionGet();
            client().admin().indices().prepareRefresh(single).get();
            assertEquals("forget reaches the migrated index too", 0, count(single, QueryBuilders.termQuery("user_id", "u1")));
        } finally {
            client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("old")).actionGet();
        }
        assertFalse(exists(EventPartitions.of(RecommenderIndices.of("old")).legacyIndex()));
    }
}
