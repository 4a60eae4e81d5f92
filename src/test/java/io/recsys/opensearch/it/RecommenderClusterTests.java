package io.recsys.opensearch.it;

import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.plugin.RecsysPlugin;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.transport.recommender.GetRecommenderAction;
import io.recsys.opensearch.transport.recommender.GetRecommenderRequest;
import io.recsys.opensearch.transport.recommender.GetRecommenderResponse;
import io.recsys.opensearch.transport.recommender.PutRecommenderAction;
import io.recsys.opensearch.transport.recommender.PutRecommenderRequest;
import io.recsys.opensearch.transport.stats.RecsysStatsAction;
import io.recsys.opensearch.transport.stats.RecsysStatsRequest;
import io.recsys.opensearch.transport.stats.RecsysStatsResponse;
import org.opensearch.knn.plugin.KNNPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;

import java.util.Collection;
import java.util.List;

/** Recommenders on an internal cluster of 3 data nodes, with the real k-NN plugin on each. */
@OpenSearchIntegTestCase.ClusterScope(
    scope = OpenSearchIntegTestCase.Scope.TEST,
    numDataNodes = 3,
    numClientNodes = 0,
    supportsDedicatedMasters = false
)
public class RecommenderClusterTests extends OpenSearchIntegTestCase {

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(KNNPlugin.class, RecsysPlugin.class);
    }

    private static final String CONFIG = """
        {"catalog": {"index": "products", "text_fields": ["title"]},
         "events": {"weights": {"purchase": 10}, "half_life": "14d", "max_recent_items": 77},
         "model": "fusion-stable"}""";

    private RecommenderConfig getFrom(String node, String name) {
        GetRecommenderResponse response = client(node).execute(GetRecommenderAction.INSTANCE, new GetRecommenderRequest(name)).actionGet();
        return response.entries().get(0).config();
    }

    public void testConfigurationIsVisibleFromEveryNodeAndSurvivesAFullRestart() throws Exception {
        TestCatalog.create(client(), "products", 12, 3, 1);
        ensureGreen("products");
        // a recommender may only name a registered model or alias
        ModelApi.put(client(), "stable-v1", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, 1));
        ModelApi.alias(client(), "fusion-stable", "stable-v1");
        RecommenderConfig config = TestCatalog.config(CONFIG);
        String[] nodes = internalCluster().getNodeNames();
        assertEquals(3, nodes.length);
        assertTrue(
            client(nodes[1]).execute(PutRecommenderAction.INSTANCE, new PutRecommenderRequest("storefront", config)).actionGet().isAcknowledged()
        );
        for (String node : nodes) {
            assertEquals("node " + node + " sees the configuration", config, getFrom(node, "storefront"));
        }
        ensureGreen(RecommenderIndices.of("storefront").all().toArray(String[]::new));

        internalCluster().fullRestart();
        ensureGreen();

        for (String node : internalCluster().getNodeNames()) {
            assertEquals("after a full restart, node " + node + " still has it", config, getFrom(node, "storefront"));
        }
        for (String index : RecommenderIndices.of("storefront").all()) {
            assertTrue(client().admin().indices().prepareExists(index).get().isExists());
        }
    }

    public void testStatsAnswerForEveryNode() {
        RecsysStatsResponse stats = client().execute(RecsysStatsAction.INSTANCE, new RecsysStatsRequest()).actionGet();
        assertEquals(3, stats.getNodes().size());
        assertFalse(stats.hasFailures());
    }
}
