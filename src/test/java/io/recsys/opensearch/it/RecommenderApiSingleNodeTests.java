package io.recsys.opensearch.it;

import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import io.recsys.opensearch.transport.recommender.GetRecommenderAction;
import io.recsys.opensearch.transport.recommender.GetRecommenderRequest;
import io.recsys.opensearch.transport.recommender.GetRecommenderResponse;
import io.recsys.opensearch.transport.recommender.PutRecommenderAction;
import io.recsys.opensearch.transport.recommender.PutRecommenderRequest;
import io.recsys.opensearch.transport.stats.RecsysStatsAction;
import io.recsys.opensearch.transport.stats.RecsysStatsRequest;
import io.recsys.opensearch.transport.stats.RecsysStatsResponse;
import org.opensearch.ExceptionsHelper;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.IndexNotFoundException;

import java.util.List;

/** The recommender API on one real node with the real k-NN plugin. */
public class RecommenderApiSingleNodeTests extends RecsysSingleNodeTestCase {

    /** The node lives as long as the class, and recommenders live in its cluster state: remove them between tests. */
    @Override
    public void tearDown() throws Exception {
        for (GetRecommenderResponse.Entry entry : client().execute(GetRecommenderAction.INSTANCE, GetRecommenderRequest.all())
            .actionGet()
            .entries()) {
            client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest(entry.name())).actionGet();
        }
        ModelApi.clear(client());
        super.tearDown();
    }

    private void put(String name, String json) {
        RecommenderConfig config = TestCatalog.config(json);
        assertTrue(client().execute(PutRecommenderAction.INSTANCE, new PutRecommenderRequest(name, config)).actionGet().isAcknowledged());
    }

    private GetRecommenderResponse.Entry get(String name) {
        List<GetRecommenderResponse.Entry> entries = client().execute(GetRecommenderAction.INSTANCE, new GetRecommenderRequest(name))
            .actionGet()
            .entries();
        assertEquals(1, entries.size());
        return entries.get(0);
    }

    private boolean indexExists(String index) {
        return client().admin().indices().prepareExists(index).get().isExists();
    }

    public void testCreateReadUpdateDelete() {
        TestCatalog.create(client(), "products", 16, 1, 0);
        put("shop", "{\"catalog\": {\"index\": \"products\"}}");

        GetRecommenderResponse.Entry entry = get("shop");
        assertEquals("products", entry.config().catalog().index());
        assertEquals("embedding", entry.config().catalog().vectorField());
        assertEquals(16, entry.dimension());
        assertNull(entry.catalogError());
        for (String index : RecommenderIndices.of("shop").all()) {
            assertTrue(index + " was created", indexExists(index));
        }

        ModelApi.put(client(), "m2", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, 1));
        put("shop", "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"half_life\": \"7d\"}, \"model\": \"m2\"}");
        entry = get("shop");
        assertEquals("7d", entry.config().events().halfLife().getStringRep());
        assertEquals("m2", entry.config().model());

        assertTrue(client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet().isAcknowledged());
        for (String index : RecommenderIndices.of("shop").all()) {
            assertFalse(index + " was deleted", indexExists(index));
        }
        assertTrue("the catalog is never deleted", indexExists("products"));
        expectThrows(ResourceNotFoundException.class, () -> get("shop"));
    }

    public void testCatalogMustExistAndHaveAKnnVectorField() {
        IndexNotFoundException missing = expectThrows(
            IndexNotFoundException.class,
            () -> put("shop", "{\"catalog\": {\"index\": \"nowhere\"}}")
        );
        assertTrue(missing.getMessage(), missing.getMessage().contains("nowhere"));

        TestCatalog.create(client(), "products", 8, 1, 0);
        IllegalArgumentException notKnn = expectThrows(
            IllegalArgumentException.class,
            () -> put("shop", "{\"catalog\": {\"index\": \"products\", \"vector_field\": \"price\"}}")
        );
        assertEquals(
            "[catalog.vector_field] field [price] in index [products] is of type [float], expected [knn_vector]",
            notKnn.getMessage()
        );
        IllegalArgumentException unmapped = expectThrows(
            IllegalArgumentException.class,
            () -> put("shop", "{\"catalog\": {\"index\": \"products\", \"vector_field\": \"vec\"}}")
        );
        assertTrue(unmapped.getMessage(), unmapped.getMessage().startsWith("[catalog.vector_field] field [vec] is not mapped"));
        IllegalArgumentException badCategory = expectThrows(
            IllegalArgumentException.class,
            () -> put("shop", "{\"catalog\": {\"index\": \"products\", \"category_field\": \"title\"}}")
        );
        assertTrue(badCategory.getMessage(), badCategory.getMessage().startsWith("[catalog.category_field] field [title]"));
        IllegalArgumentException badPrice = expectThrows(
            IllegalArgumentException.class,
            () -> put("shop", "{\"catalog\": {\"index\": \"products\", \"price_field\": \"category\"}}")
        );
        assertTrue(badPrice.getMessage(), badPrice.getMessage().startsWith("[catalog.price_field] field [category]"));

        // nothing was stored and no index was created by the refused requests
        expectThrows(ResourceNotFoundException.class, () -> get("shop"));
        assertFalse(indexExists(RecommenderIndices.of("shop").profiles()));
    }

    public void testRefusedUpdateLeavesTheStoredConfigurationAsItWas() {
        TestCatalog.create(client(), "products", 8, 1, 0);
        ModelApi.put(client(), "m1", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, 1));
        put("shop", "{\"catalog\": {\"index\": \"products\"}, \"model\": \"m1\"}");
        RecommenderConfig before = get("shop").config();
        expectThrows(IllegalArgumentException.class, () -> put("shop", "{\"catalog\": {\"index\": \"products\", \"vector_field\": \"title\"}}"));
        expectThrows(IndexNotFoundException.class, () -> put("shop", "{\"catalog\": {\"index\": \"other\"}}"));
        assertEquals(before, get("shop").config());
    }

    public void testAModelThatIsNotRegisteredIsRefusedAndNothingIsCreated() {
        TestCatalog.create(client(), "products", 8, 1, 0);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> put("shop", "{\"catalog\": {\"index\": \"products\"}, \"model\": \"ghost\"}"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("[model] model or alias [ghost] is not registered"));
        expectThrows(ResourceNotFoundException.class, () -> get("shop"));
        for (String index : RecommenderIndices.of("shop").all()) {
            assertFalse(index + " was not created", indexExists(index));
        }
        // the shipped default needs no registration (it is registered when first needed), and an alias counts
        put("shop", "{\"catalog\": {\"index\": \"products\"}, \"model\": \"" + RecommenderConfig.DEFAULT_MODEL + "\"}");
        ModelApi.put(client(), "m1", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, 1));
        ModelApi.alias(client(), "live", "m1");
        put("shop", "{\"catalog\": {\"index\": \"products\"}, \"model\": \"live\"}");
        assertEquals("live", get("shop").config().model());
    }

    public void testAnIndexNameTakenByAnAliasIsRefusedBeforeAnyIndexIsCreated() {
        TestCatalog.create(client(), "products", 8, 1, 0);
        client().admin().indices().prepareCreate("elsewhere").get();
        client().admin().indices().prepareAliases().addAlias("elsewhere", RecommenderIndices.of("shop").events()).get();
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> put("shop", "{\"catalog\": {\"index\": \"products\"}}"));
        assertEquals("[name] recommender [shop] needs the index [recsys-shop-events], which is taken by an alias; remove it or choose another name",
            e.getMessage());
        assertFalse(indexExists(RecommenderIndices.of("shop").profiles()));
        assertFalse(indexExists(RecommenderIndices.of("shop").identities()));
        client().admin().indices().prepareDelete("elsewhere").get();
    }

    public void testARecommenderRefusedAfterItsFirstIndicesWereCreatedLeavesNoIndexBehind() {
        TestCatalog.create(client(), "products", 8, 1, 0);
        // room for two more shards only: the profiles and identities indices are created, the events index is refused
        int open = client().admin().cluster().prepareState().get().getState().getRoutingTable().allShards().size();
        client().admin().cluster().prepareUpdateSettings()
            .setTransientSettings(Settings.builder().put("cluster.max_shards_per_node", open + 2)).get();
        try {
            Exception e = expectThrows(Exception.class, () -> put("shop", "{\"catalog\": {\"index\": \"products\"}}"));
            assertEquals(e.toString(), RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
            assertTrue(e.getMessage(), e.getMessage().contains("shards"));
        } finally {
            client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().putNull("cluster.max_shards_per_node")).get();
        }
        expectThrows(ResourceNotFoundException.class, () -> get("shop"));
        for (String index : RecommenderIndices.of("shop").all()) {
            assertFalse(index + " was removed with the refused request", indexExists(index));
        }
        put("shop", "{\"catalog\": {\"index\": \"products\"}}"); // and the same request succeeds once there is room
        for (String index : RecommenderIndices.of("shop").all()) {
            assertTrue(index, indexExists(index));
        }
    }

    public void testOwnIndicesCannotServeAsACatalog() {
        TestCatalog.create(client(), "products", 8, 1, 0);
        put("shop", "{\"catalog\": {\"index\": \"products\"}}");
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> put("other", "{\"catalog\": {\"index\": \"recsys-shop-profiles\"}}")
        );
        assertTrue(e.getMessage(), e.getMessage().startsWith("[catalog"));
    }

    public void testDeletingAnUnknownRecommenderIsNotFound() {
        expectThrows(
            ResourceNotFoundException.class,
            () -> client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("ghost")).actionGet()
        );
    }

    public void testStatsReportTheNodeAndItsRecommenders() {
        TestCatalog.create(client(), "products", 8, 1, 0);
        put("a", "{\"catalog\": {\"index\": \"products\"}}");
        put("b", "{\"catalog\": {\"index\": \"products\"}}");
        RecsysStatsResponse stats = client().execute(RecsysStatsAction.INSTANCE, new RecsysStatsRequest()).actionGet();
        assertEquals(1, stats.getNodes().size());
        assertFalse(stats.hasFailures());
        assertEquals(2, client().execute(GetRecommenderAction.INSTANCE, GetRecommenderRequest.all()).actionGet().entries().size());
    }
}
