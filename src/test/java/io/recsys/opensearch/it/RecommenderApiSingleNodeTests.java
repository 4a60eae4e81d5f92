package io.recsys.opensearch.it;

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
import org.opensearch.ResourceNotFoundException;
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
        put("shop", "{\"catalog\": {\"index\": \"products\"}, \"model\": \"m1\"}");
        RecommenderConfig before = get("shop").config();
        expectThrows(IllegalArgumentException.class, () -> put("shop", "{\"catalog\": {\"index\": \"products\", \"vector_field\": \"title\"}}"));
        expectThrows(IndexNotFoundException.class, () -> put("shop", "{\"catalog\": {\"index\": \"other\"}}"));
        assertEquals(before, get("shop").config());
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
