package io.recsys.opensearch.it;

import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.model.OnnxGraphs;
import io.recsys.opensearch.rest.RestPutModelAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import org.apache.lucene.search.Explanation;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.BytesRestResponse;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.RestResponse;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.test.rest.FakeRestChannel;
import org.opensearch.test.rest.FakeRestRequest;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fusion features v2 on one real node with the real ONNX Runtime: models registered through the real REST handler
 * declare the features they read (none: contract v1; a contract version; a list), each is fed exactly those, and
 * explain shows the v2 features with the values their definitions give.
 */
public class FeaturesV2SingleNodeTests extends RecsysSingleNodeTestCase {

    private static final Set<String> ALICE_HISTORY = Set.of("k1", "k2", "k4");

    @Override
    public void setUp() throws Exception {
        super.setUp();
        TestCatalog.create(client(), "products", 4, 2, 0);
        Map<String, float[]> vectors = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        for (int i = 1; i <= 12; i++) {
            vectors.put("k" + i, new float[] { 1, 0.05f * i, 0, 0.01f });
            categories.put("k" + i, "kitchen");
            vectors.put("g" + i, new float[] { 0, 0.01f, 1, 0.05f * i });
            categories.put("g" + i, "garden");
        }
        RecsysClient.indexItems(client(), "products", vectors, categories);
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
        RecsysClient.ingest(client(), "shop", """
            {"user_id": "alice", "item": "k1", "type": "view", "platform": "web"}
            {"user_id": "alice", "item": "k2", "type": "purchase", "platform": "web"}
            {"user_id": "alice", "item": "k4", "type": "cart", "platform": "web"}
            """);
        client().admin().indices().prepareRefresh().get();
    }

    @Override
    public void tearDown() throws Exception {
        client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        ModelApi.clear(client());
        super.tearDown();
    }

    /** A status and body, as the REST layer answers a model upload. */
    private record Answer(RestStatus status, String body) {}

    /** {@code PUT _plugins/_recsys/models/{id}} through the plugin's REST handler and the node's client. */
    private Answer putModel(String id, String featuresJson, byte[] model) throws Exception {
        String body = "{" + (featuresJson == null ? "" : "\"features\": " + featuresJson + ", ") + "\"model_base64\": \""
            + Base64.getEncoder().encodeToString(model) + "\"}";
        RestRequest request = new FakeRestRequest.Builder(xContentRegistry()).withMethod(RestRequest.Method.PUT)
            .withPath("/_plugins/_recsys/models/" + id)
            .withParams(new HashMap<>(Map.of("model_id", id)))
            .withContent(new BytesArray(body.getBytes(StandardCharsets.UTF_8)), XContentType.JSON)
            .build();
        FakeRestChannel channel = new FakeRestChannel(request, true, 1);
        try {
            new RestPutModelAction().handleRequest(request, channel, getInstanceFromNode(NodeClient.class));
        } catch (Exception e) {
            channel.sendResponse(new BytesRestResponse(channel, e)); // what the REST controller does with a thrown error
        }
        assertBusy(() -> assertEquals(1, channel.responses().get() + channel.errors().get()));
        RestResponse response = channel.capturedResponse();
        return new Answer(response.status(), response.content().utf8ToString());
    }

    private SearchResponse recommend(String rerank) throws IOException {
        return recommend(rerank, "{\"cooccurrence\": {\"size\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}");
    }

    /** alice's recommendations from the given sources, explained. */
    private SearchResponse recommend(String rerank, String sources) throws IOException {
        String body = "{\"size\": 30, \"explain\": true, \"query\": {\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"alice\"},"
            + " \"sources\": " + sources + ", \"rerank\": " + rerank + "}}}";
        NamedXContentRegistry registry = getInstanceFromNode(NamedXContentRegistry.class);
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
            return client().search(new SearchRequest("products").source(SearchSourceBuilder.fromXContent(parser))).actionGet();
        }
    }

    private static List<String> ids(SearchResponse response) {
        return Arrays.stream(response.getHits().getHits()).map(SearchHit::getId).toList();
    }

    private static List<String> reversed(List<String> ids) {
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        return reversed;
    }

    /** A linear model over the given width with one weight at one column. */
    private static byte[] weightAt(int width, int column, float weight) {
        float[] weights = new float[width];
        weights[column] = weight;
        return OnnxGraphs.linear(weights, 0f);
    }

    public void testAV1ModelThatDeclaresNothingAndV2ModelsBothReRank() throws Exception {
        List<String> fused = ids(recommend("{\"window\": 0}"));
        assertEquals(24, fused.size());

        // declares nothing: contract v1, 14 columns, as every model registered before v2
        assertEquals(RestStatus.OK, putModel("old", null, weightAt(14, Feature.KNN_SCORE.ordinal(), -10)).status());
        assertEquals(Feature.contractNames("v1"), ModelApi.get(client(), "old").entries().get(0).model().features());
        assertEquals("a v1 model reading knn_score, reversed", reversed(fused), ids(recommend("{\"model\": \"old\"}")));

        // declares contract v2: all 27 columns
        Answer v2 = putModel("new", "\"v2\"", weightAt(Feature.values().length, Feature.KNN_RECIPROCAL_RANK.ordinal(), -10));
        assertEquals(v2.body(), RestStatus.OK, v2.status());
        assertEquals(Feature.allNames(), ModelApi.get(client(), "new").entries().get(0).model().features());
        assertEquals("a v2 model reading knn_reciprocal_rank, reversed", reversed(fused), ids(recommend("{\"model\": \"new\"}")));

        // declares two columns, a v2 one second: fed in the declared order, not the contract's (there item_recency
        // would come second and, 0 for most items, could not reverse anything)
        Answer picked = putModel("picked", "[\"item_recency\", \"knn_reciprocal_rank\"]", OnnxGraphs.linear(new float[] { 0, -10 }, 0f));
        assertEquals(picked.body(), RestStatus.OK, picked.status());
        assertEquals(List.of("item_recency", "knn_reciprocal_rank"), ModelApi.get(client(), "picked").entries().get(0).model().features());
        assertEquals(reversed(fused), ids(recommend("{\"model\": \"picked\"}")));

        // the v1 model still answers beside them, unchanged
        assertEquals(reversed(fused), ids(recommend("{\"model\": \"old\"}")));
    }

    public void testUnknownFeaturesAndWidthMismatchesAreRefusedWith400NamingTheField() throws Exception {
        Answer unknown = putModel("colour", "[\"knn_score\", \"colour\"]", OnnxGraphs.linear(new float[2], 0f));
        assertEquals(unknown.body(), RestStatus.BAD_REQUEST, unknown.status());
        assertTrue(unknown.body(), unknown.body().contains("[features.1] unknown feature [colour]"));

        Answer unknownVersion = putModel("v3", "\"v3\"", OnnxGraphs.linear(new float[1], 0f));
        assertEquals(unknownVersion.body(), RestStatus.BAD_REQUEST, unknownVersion.status());
        assertTrue(unknownVersion.body(), unknownVersion.body().contains("[features.0] unknown feature [v3]"));

        Answer v1WidthForV2 = putModel("narrow", "\"v2\"", OnnxGraphs.linear(new float[14], 0f));
        assertEquals(v1WidthForV2.body(), RestStatus.BAD_REQUEST, v1WidthForV2.status());
        assertTrue(v1WidthForV2.body(), v1WidthForV2.body().contains("[model_base64] the model's input [features] must be a float tensor [N, "
            + Feature.values().length + "]"));
        assertTrue(v1WidthForV2.body(), v1WidthForV2.body().contains("the number of [features]"));

        Answer v2WidthUndeclared = putModel("wide", null, OnnxGraphs.linear(new float[Feature.values().length], 0f));
        assertEquals(v2WidthUndeclared.body(), RestStatus.BAD_REQUEST, v2WidthUndeclared.status());
        assertTrue(v2WidthUndeclared.body(), v2WidthUndeclared.body().contains("must be a float tensor [N, 14]"));

        assertTrue("nothing refused was registered", ModelApi.list(client()).entries().isEmpty());
    }

    public void testExplainListsTheV2FeaturesWithTheirValues() throws Exception {
        SearchResponse response = recommend("{\"window\": 0}");
        assertTrue("premise: items alice touched are recommended again (nothing excludes what she only viewed): " + ids(response),
            ids(response).containsAll(List.of("k1", "k4")));
        float previousReciprocalRank = Float.MAX_VALUE;
        for (SearchHit hit : response.getHits().getHits()) {
            Explanation explanation = hit.getExplanation();
            assertTrue(explanation.toString(), explanation.toString().contains("features (contract v2)"));
            for (String name : Feature.allNames()) {
                assertFalse("explain shows [" + name + "] for " + hit.getId(), Float.isNaN(ModelRerankSingleNodeTests.feature(explanation, name)));
            }
            // a k-NN-only request: the fused order is the k-NN order, which the reciprocal rank reproduces
            float reciprocalRank = ModelRerankSingleNodeTests.feature(explanation, "knn_reciprocal_rank");
            assertTrue(hit.getId() + ": " + reciprocalRank, reciprocalRank > 0 && reciprocalRank < previousReciprocalRank);
            double rank = 60 / reciprocalRank - 60;
            assertEquals("60 / (60 + rank) for a whole rank", Math.rint(rank), rank, 1e-3);
            previousReciprocalRank = reciprocalRank;
            float knnScore = ModelRerankSingleNodeTests.feature(explanation, "knn_source_score");
            assertTrue(hit.getId() + ": " + knnScore, knnScore > 0 && knnScore <= 1);
            for (String absent : List.of("cooccurrence_reciprocal_rank", "popular_reciprocal_rank", "neighbors_reciprocal_rank",
                "trending_reciprocal_rank", "popular_score", "neighbors_score", "trending_score")) {
                assertEquals(hit.getId() + " " + absent + ": the source was off", 0f, ModelRerankSingleNodeTests.feature(explanation, absent), 0f);
            }
            // alice touched k1, k2, k4 (kitchen) moments ago, never anything in the garden
            float itemRecency = ModelRerankSingleNodeTests.feature(explanation, "item_recency");
            float categoryRecency = ModelRerankSingleNodeTests.feature(explanation, "category_recency");
            if (ALICE_HISTORY.contains(hit.getId())) {
                assertTrue(hit.getId() + ": " + itemRecency, itemRecency > 0.99f);
            } else {
                assertEquals(hit.getId(), 0f, itemRecency, 0f);
            }
            assertEquals(hit.getId(), hit.getId().startsWith("k") ? 1f : 0f, categoryRecency, 0.01f);
            float trend = ModelRerankSingleNodeTests.feature(explanation, "item_trend");
            assertTrue(hit.getId() + ": " + trend, trend >= 0 && trend <= 1);
            if (ALICE_HISTORY.contains(hit.getId())) {
                assertTrue("interacted with moments ago: trending, most of its interactions recent: " + trend, trend > 0.9f);
            }
        }
        assertEquals("the best k-NN candidate has the source's best score", 1f,
            (float) Arrays.stream(response.getHits().getHits()).mapToDouble(h -> ModelRerankSingleNodeTests.feature(h.getExplanation(), "knn_source_score")).max().orElse(0), 1e-6f);
    }

    public void testWithTheTrendingAndPopularSourcesOnTheirRanksAndScoresAreFeatures() throws Exception {
        SearchResponse response = recommend("{\"window\": 0}",
            "{\"cooccurrence\": {\"size\": 0}, \"neighbors\": {\"k\": 0}, \"trending\": {\"size\": 10}, \"popular\": {\"size\": 10}}");
        Map<String, SearchHit> hits = new HashMap<>();
        for (SearchHit hit : response.getHits().getHits()) {
            hits.put(hit.getId(), hit);
        }
        // k1 and k4 are the only items with interactions alice did not buy: both trending and popular, one event each
        for (String id : List.of("k1", "k4")) {
            Explanation explanation = hits.get(id).getExplanation();
            for (String rank : List.of("trending_reciprocal_rank", "popular_reciprocal_rank")) {
                float value = ModelRerankSingleNodeTests.feature(explanation, rank);
                assertTrue(id + " " + rank + ": " + value, value >= 60f / 63 && value <= 60f / 61);
            }
            float trendingScore = ModelRerankSingleNodeTests.feature(explanation, "trending_score");
            assertTrue(id + " trending_score: " + trendingScore, trendingScore > 0.99f && trendingScore <= 1f);
            assertEquals(id + " popular_score: one interaction, as the best", 1f, ModelRerankSingleNodeTests.feature(explanation, "popular_score"), 1e-6f);
            float trend = ModelRerankSingleNodeTests.feature(explanation, "item_trend");
            // its one interaction is in the newest time slice of the trending count, weighed 2^(-1/8) at the slice's middle
            assertEquals(id + " item_trend", (float) Math.pow(2, -1.0 / 8), trend, 1e-3f);
        }
        for (SearchHit hit : response.getHits().getHits()) {
            if (hit.getId().equals("k1") == false && hit.getId().equals("k4") == false && hit.getId().equals("k2") == false) {
                assertEquals(hit.getId() + ": never interacted with", 0f, ModelRerankSingleNodeTests.feature(hit.getExplanation(), "item_trend"), 0f);
                assertEquals(hit.getId(), 0f, ModelRerankSingleNodeTests.feature(hit.getExplanation(), "trending_reciprocal_rank"), 0f);
            }
        }
    }
}
