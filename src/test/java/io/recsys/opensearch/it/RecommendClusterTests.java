package io.recsys.opensearch.it;

import io.recsys.opensearch.plugin.RecsysPlugin;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.knn.plugin.KNNPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.test.OpenSearchIntegTestCase;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** The recommend query on 3 data nodes: a 5-shard catalog answers exactly like a 1-shard copy, from every node. */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.TEST, numDataNodes = 3, numClientNodes = 0, supportsDedicatedMasters = false)
public class RecommendClusterTests extends OpenSearchIntegTestCase {

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(KNNPlugin.class, RecsysPlugin.class);
    }

    /** Every node must answer with every source: a source cut off by a busy machine would make two answers differ. */
    @Override
    protected Settings nodeSettings(int nodeOrdinal) {
        return Settings.builder().put(super.nodeSettings(nodeOrdinal))
            .put(RecsysSingleNodeTestCase.generousBudgets()).build();
    }

    private SearchResponse search(String node, String index, String body) throws IOException {
        NamedXContentRegistry registry = internalCluster().getInstance(NamedXContentRegistry.class, node);
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
            return client(node).search(new SearchRequest(index).source(SearchSourceBuilder.fromXContent(parser))).actionGet();
        }
    }

    public void testManyShardsOnManyNodesAnswerLikeOneShard() throws Exception {
        Random random = new Random(11);
        Map<String, float[]> vectors = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            vectors.put("item-" + i, new float[] { random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat() });
            categories.put("item-" + i, "c" + (i % 7));
        }
        TestCatalog.create(client(), "one", 6, 1, 0);
        TestCatalog.create(client(), "many", 6, 5, 1);
        RecsysClient.indexItems(client(), "one", vectors, categories);
        RecsysClient.indexItems(client(), "many", vectors, categories);
        ensureGreen("one", "many");
        RecsysClient.putRecommender(client(), "a", "{\"catalog\": {\"index\": \"one\"}}");
        RecsysClient.putRecommender(client(), "b", "{\"catalog\": {\"index\": \"many\"}}");
        StringBuilder events = new StringBuilder();
        for (int e = 0; e < 200; e++) {
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"u%d\", \"item\": \"item-%d\", \"type\": \"%s\", \"ts\": %d}%n",
                e % 20, random.nextInt(300), e % 3 == 0 ? "purchase" : "view", 1_700_000_000_000L + e * 60_000L));
        }
        RecsysClient.ingest(client(), "a", events.toString());
        RecsysClient.ingest(client(), "b", events.toString());
        client().admin().indices().prepareRefresh().get();

        for (String user : List.of("u3", "u7", "nobody")) {
            String query = "{\"size\": 30, \"query\": {\"recommend\": {\"recommender\": \"%s\", \"user\": {\"id\": \"" + user + "\"}, "
                + "\"filter\": {\"terms\": {\"category\": [\"c1\", \"c2\", \"c3\"]}}, \"diversity\": {\"field\": \"category\", \"max_per_value\": 2}}}}";
            List<String> expected = ids(search(internalCluster().getNodeNames()[0], "one", String.format(Locale.ROOT, query, "a")));
            assertFalse(expected.isEmpty());
            for (String node : internalCluster().getNodeNames()) {
                assertEquals("user " + user + " via " + node, expected, ids(search(node, "many", String.format(Locale.ROOT, query, "b"))));
            }
        }
    }

    private static List<String> ids(SearchResponse response) {
        assertEquals(0, response.getFailedShards());
        return Arrays.stream(response.getHits().getHits()).map(SearchHit::getId).toList();
    }
}
