package io.recsys.opensearch.it;

import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.candidate.ShopperRegime;
import io.recsys.opensearch.model.InferencePool;
import io.recsys.opensearch.model.OnnxGraphs;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.stats.Counter;
import io.recsys.opensearch.transport.model.GetModelsResponse;
import io.recsys.opensearch.transport.model.PutModelAction;
import io.recsys.opensearch.transport.model.PutModelRequest;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import io.recsys.opensearch.transport.stats.RecsysStatsAction;
import io.recsys.opensearch.transport.stats.RecsysStatsRequest;
import org.apache.lucene.search.Explanation;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.threadpool.ThreadPool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model registry and in-node re-ranking on one real node with the real ONNX Runtime: registration and validation,
 * re-ranking that visibly changes the order, aliases, failures that degrade, overload that answers 429, and the
 * feature log compared with explain.
 */
public class ModelRerankSingleNodeTests extends RecsysSingleNodeTestCase {

    @Override
    protected Settings nodeSettings() {
        // one inference thread and a queue of one, so that the overload test can fill the pool deterministically
        // (the base class's generous source budget stays: every source always contributes)
        return Settings.builder().put(super.nodeSettings()).put("thread_pool." + InferencePool.NAME + ".size", 1)
            .put("thread_pool." + InferencePool.NAME + ".queue_size", 1).build();
    }

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
            {"user_id": "erin", "item": "g7", "type": "view"}
            {"user_id": "erin", "item": "g7", "type": "view"}
            """);
        client().admin().indices().prepareRefresh().get();
    }

    @Override
    public void tearDown() throws Exception {
        client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        ModelApi.clear(client());
        super.tearDown();
    }

    private SearchResponse search(String body) throws IOException {
        NamedXContentRegistry registry = getInstanceFromNode(NamedXContentRegistry.class);
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
            return client().search(new SearchRequest("products").source(SearchSourceBuilder.fromXContent(parser))).actionGet();
        }
    }

    /** alice's recommendations, k-NN source only, with a rerank section (may be empty). */
    private SearchResponse recommend(int size, String rerank, String ext) throws IOException {
        return search("{\"size\": " + size + ", \"explain\": true, \"query\": {\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"alice\"},"
            + " \"sources\": {\"cooccurrence\": {\"size\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}" + (rerank.isEmpty() ? "" : ", \"rerank\": " + rerank)
            + "}}" + (ext.isEmpty() ? "" : ", \"ext\": " + ext) + "}");
    }

    /** alice's recommendations as {@link #recommend}, asked at {@code time} ({@code context.time}). */
    private SearchResponse recommendAt(java.time.Instant time, String rerank) throws IOException {
        return search("{\"size\": 30, \"explain\": true, \"query\": {\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"alice\"},"
            + " \"sources\": {\"cooccurrence\": {\"size\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}, \"rerank\": " + rerank
            + ", \"context\": {\"time\": \"" + time + "\"}}}}");
    }

    private static List<String> ids(SearchResponse response) {
        return Arrays.stream(response.getHits().getHits()).map(SearchHit::getId).toList();
    }

    private static final Pattern MODEL = Pattern.compile("re-ranked by model \\[([^\\]]+)\\] version \\[(\\d+)\\]");

    /** "id@version" of the model that scored a hit according to its explanation, or "fused". */
    static String scoredBy(SearchHit hit) {
        Matcher matcher = MODEL.matcher(hit.getExplanation().getDescription());
        return matcher.find() ? matcher.group(1) + "@" + matcher.group(2) : "fused";
    }

    /** A feature's value in a hit's explanation. */
    static float feature(Explanation explanation, String name) {
        for (Explanation detail : explanation.getDetails()) {
            if (detail.getDescription().equals("feature [" + name + "]")) {
                return detail.getValue().floatValue();
            }
            float inner = feature(detail, name);
            if (Float.isNaN(inner) == false) {
                return inner;
            }
        }
        return Float.NaN;
    }

    public void testRegisterReadNewVersionAndList() {
        assertEquals("created", ModelApi.put(client(), "lin", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, 1)).result());
        GetModelsResponse.Entry entry = ModelApi.get(client(), "lin").entries().get(0);
        assertEquals(1, entry.model().version());
        assertEquals(ModelApi.ALL_FEATURES, entry.model().features());
        assertEquals(64, entry.model().sha256().length());

        var second = ModelApi.put(client(), "lin", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, 2));
        assertEquals("updated", second.result());
        assertEquals(2, second.version());
        ModelApi.put(client(), "pop", List.of("popularity", "knn_score"), OnnxGraphs.linear(new float[] { 1, 0 }, 0));
        assertEquals(List.of("lin", "pop"), ModelApi.list(client()).entries().stream().map(e -> e.model().id()).toList());
    }

    public void testInvalidModelsAreRefusedWith400AndTheRegistryIsUnchanged() {
        ModelApi.put(client(), "good", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, 1));
        GetModelsResponse before = ModelApi.list(client());
        byte[] good = ModelApi.weightOn(Feature.KNN_SCORE, 1);
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        assertRefused("corrupt", ModelApi.ALL_FEATURES, new byte[] { 8, 7, 1, 2, 3 }, "[model_base64] is not an ONNX model");
        assertRefused("truncated", ModelApi.ALL_FEATURES, truncated, "[model_base64] is not an ONNX model");
        assertRefused("reads-a-file", ModelApi.ALL_FEATURES, OnnxGraphs.withExternalData(OnnxGraphs.linear(new float[Feature.values().length], 0), "out_w_0", "/etc/passwd"),
            "[model_base64] the model is refused: tensor [out_w_0] keeps its data outside the model");
        assertRefused("reads-a-file-below", ModelApi.ALL_FEATURES, OnnxGraphs.withExternalDataInSubgraph(OnnxGraphs.linear(new float[Feature.values().length], 0), "config/opensearch.yml"),
            "[model_base64] the model is refused: tensor [hidden] keeps its data outside the model");
        assertRefused("narrow", List.of("knn_score", "popularity"), good, "[model_base64] the model's input [features] must be a float tensor [N, 2]");
        assertRefused("two-outputs", ModelApi.ALL_FEATURES, OnnxGraphs.linearWithOutputs(Feature.values().length, 2), "must be a float tensor [N] or [N, 1], one score per row");
        assertRefused("custom", ModelApi.ALL_FEATURES, OnnxGraphs.customOp(Feature.values().length), "custom operator libraries are never loaded");
        assertRefused("unknown-feature", List.of("knn_score", "colour"), OnnxGraphs.linear(new float[2], 0), "[features.1] unknown feature [colour]");
        assertRefused("twice", List.of("knn_score", "knn_score"), OnnxGraphs.linear(new float[2], 0), "[features.1] feature [knn_score] is listed twice");
        assertRefused("empty", ModelApi.ALL_FEATURES, new byte[0], "[model_base64] is empty");
        assertRefused("Bad Name", ModelApi.ALL_FEATURES, good, "[model_id] invalid name [Bad Name]");
        // the description lives in the cluster state: a megabyte of it is refused, through the transport API as well
        Exception longDescription = expectThrows(Exception.class, () -> client().execute(PutModelAction.INSTANCE,
            new PutModelRequest("described", ModelApi.ALL_FEATURES, "d".repeat(1_000_000), new BytesArray(good), false)).actionGet());
        assertEquals(RestStatus.BAD_REQUEST, ExceptionsHelper.status(longDescription));
        assertEquals("[description] is at most 1000 characters, got [1000000]", longDescription.getMessage());
        // a new version of an existing model that is invalid leaves the old version serving
        assertRefused("good", ModelApi.ALL_FEATURES, OnnxGraphs.customOp(Feature.values().length), "custom operator libraries are never loaded");
        GetModelsResponse after = ModelApi.list(client());
        assertEquals(before.entries(), after.entries());
    }

    private void assertRefused(String id, List<String> features, byte[] model, String reason) {
        Exception e = expectThrows(Exception.class, () -> ModelApi.put(client(), id, features, model));
        assertEquals(e.toString(), RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
        assertTrue("expected [" + reason + "] in " + e.getMessage(), ExceptionsHelper.stackTrace(e).contains(reason));
    }

    public void testAModelWhoseWeightsReverseTheOrderGivesTheReversedOrder() throws IOException {
        SearchResponse fused = recommend(30, "{\"window\": 0}", "");
        List<String> fusedIds = ids(fused);
        assertEquals(24, fusedIds.size());
        List<Float> knn = Arrays.stream(fused.getHits().getHits()).map(h -> feature(h.getExplanation(), "knn_score")).toList();
        for (int i = 1; i < knn.size(); i++) {
            assertTrue("premise: the k-NN-only fused order is by knn_score: " + knn, knn.get(i - 1) > knn.get(i));
        }
        assertEquals("fused", scoredBy(fused.getHits().getHits()[0]));

        ModelApi.put(client(), "reverse", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, -10));
        SearchResponse reranked = recommend(30, "{\"model\": \"reverse\"}", "");
        List<String> expected = new ArrayList<>(fusedIds);
        java.util.Collections.reverse(expected);
        assertEquals(expected, ids(reranked));
        for (SearchHit hit : reranked.getHits().getHits()) {
            assertEquals("reverse@1", scoredBy(hit));
            assertTrue("re-ranked scores are 1 + sigmoid(output), in (1, 2): " + hit.getScore(), hit.getScore() > 1 && hit.getScore() < 2);
        }

        var loaded = client().execute(RecsysStatsAction.INSTANCE, new RecsysStatsRequest()).actionGet().getNodes().get(0).loadedModels();
        assertEquals("_stats lists the loaded model with its size", "reverse@1", loaded.get(0).key().toString());
        assertTrue(loaded.get(0).sizeInBytes() > 0);

        ModelApi.put(client(), "same", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, 10));
        assertEquals("a model agreeing with the fusion keeps the order", fusedIds, ids(recommend(30, "{\"model\": \"same\"}", "")));
    }

    public void testOnlyTheWindowIsReRankedAndTheRestStaysBelowInFusedOrder() throws IOException {
        List<String> fusedIds = ids(recommend(30, "{\"window\": 0}", ""));
        ModelApi.put(client(), "reverse", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, -10));
        SearchResponse response = recommend(30, "{\"model\": \"reverse\", \"window\": 5}", "");
        List<String> top = new ArrayList<>(fusedIds.subList(0, 5));
        java.util.Collections.reverse(top);
        assertEquals(top, ids(response).subList(0, 5));
        assertEquals(fusedIds.subList(5, 24), ids(response).subList(5, 24));
        SearchHit[] hits = response.getHits().getHits();
        assertTrue(hits[4].getScore() > 1 && hits[5].getScore() < 1);
        assertEquals("fused", scoredBy(hits[5]));
    }

    public void testTheRecommendersModelOrAliasIsUsedAndExplainNamesTheVersion() throws Exception {
        ModelApi.put(client(), "m-up", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, 10));
        ModelApi.put(client(), "m-down", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, -10));
        ModelApi.alias(client(), "fusion-stable", "m-up");
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}, \"model\": \"fusion-stable\"}");
        SearchResponse up = recommend(5, "", "");
        assertEquals("m-up@1", scoredBy(up.getHits().getHits()[0]));
        assertTrue(up.getHits().getHits()[0].getExplanation().toString().contains("model alias [fusion-stable] resolved to model [m-up] version [1]"));

        ModelApi.alias(client(), "fusion-stable", "m-down");
        assertBusy(() -> assertTrue("the node serving the alias loads its new target before any request asks",
            client().execute(RecsysStatsAction.INSTANCE, new RecsysStatsRequest()).actionGet().getNodes().get(0).loadedModels().stream()
                .anyMatch(m -> m.key().toString().equals("m-down@1"))));
        SearchResponse down = recommend(24, "", "");
        assertEquals("m-down@1", scoredBy(down.getHits().getHits()[0]));
        assertNotEquals(ids(up).get(0), ids(down).get(0));

        Exception inUse = expectThrows(Exception.class, () -> ModelApi.delete(client(), "m-down"));
        assertEquals(RestStatus.CONFLICT, ExceptionsHelper.status(inUse));
        assertTrue(inUse.getMessage(), inUse.getMessage().contains("model [m-down] is used by recommenders [shop]"));
        Exception aliasInUse = expectThrows(Exception.class, () -> ModelApi.removeAlias(client(), "fusion-stable"));
        assertEquals(RestStatus.CONFLICT, ExceptionsHelper.status(aliasInUse));
        assertEquals(List.of("shop"), ModelApi.get(client(), "m-down").entries().get(0).usedBy());

        ModelApi.delete(client(), "m-up"); // unused: allowed
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
    }

    public void testUnknownModelIs404NamingTheField() {
        Exception e = expectThrows(Exception.class, () -> recommend(5, "{\"model\": \"ghost\"}", ""));
        assertEquals(RestStatus.NOT_FOUND, ExceptionsHelper.status(e));
        assertTrue(ExceptionsHelper.stackTrace(e), ExceptionsHelper.stackTrace(e).contains("[recommend.rerank.model] model or alias [ghost] is not registered"));
    }

    public void testARecommenderThatNamesNoModelRanksByTheFusedOrder() throws IOException {
        ModelApi.put(client(), "other", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, -1)); // registered, not named
        SearchResponse defaults = recommend(30, "", "");
        SearchResponse fused = recommend(30, "{\"window\": 0}", "");
        assertEquals(ids(fused), ids(defaults));
        for (SearchHit hit : defaults.getHits().getHits()) {
            assertEquals("fused", scoredBy(hit));
        }
    }

    public void testWithoutTheDefaultModelInstalledTheFusedOrderStandsAndExplainSaysWhy() throws IOException {
        SearchResponse response = recommend(3, "{\"model\": \"fusion-default\"}", "");
        SearchHit hit = response.getHits().getHits()[0];
        assertEquals("fused", scoredBy(hit));
        assertTrue(hit.getExplanation().toString(), hit.getExplanation().toString().contains("model [fusion-default]: the default model is not installed on this node"));
    }

    public void testAModelFailingAtRunTimeDegradesToTheFusedOrderCountedAndExplained() throws IOException {
        // price_ratio is 1 for every candidate here (no known prices): the lookup at index 1 fails in ONNX Runtime
        float[] weights = new float[Feature.values().length];
        weights[Feature.KNN_SCORE.ordinal()] = -10;
        ModelApi.put(client(), "fragile", ModelApi.ALL_FEATURES, OnnxGraphs.failsWhenColumnReachesOne(weights, Feature.PRICE_RATIO.ordinal()));
        long failuresBefore = failures();
        List<String> fusedIds = ids(recommend(30, "{\"window\": 0}", ""));
        SearchResponse response = recommend(30, "{\"model\": \"fragile\"}", "");
        assertEquals("the query still answers, in the fused order", fusedIds, ids(response));
        String explanation = response.getHits().getHits()[0].getExplanation().toString();
        assertTrue(explanation, explanation.contains("model [fragile@1] failed ("));
        assertTrue(explanation, explanation.contains("the fused order stands"));
        assertEquals(failuresBefore + 1, failures());
    }

    /**
     * A model registered for returning shoppers only (as {@code train} declares a model whose log held only those) re-ranks
     * alice two days after her events, and leaves her fused order alone while she is in a session, saying why.
     */
    public void testAModelReRanksOnlyTheRegimesItDeclares() throws IOException {
        ModelApi.put(client(), "returning-only", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, -10), java.util.EnumSet.of(ShopperRegime.RETURNING));
        assertEquals(java.util.Set.of(ShopperRegime.RETURNING), ModelApi.get(client(), "returning-only").entries().get(0).model().regimes());
        long skipsBefore = regimeSkips();

        java.time.Instant now = java.time.Instant.now();
        List<String> fusedNow = ids(recommendAt(now, "{\"window\": 0}"));
        SearchResponse inSession = recommendAt(now, "{\"model\": \"returning-only\"}");
        assertEquals("alice's events are minutes old: in a session, the fused order stands", fusedNow, ids(inSession));
        for (SearchHit hit : inSession.getHits().getHits()) {
            assertEquals("fused", scoredBy(hit));
        }
        String explanation = inSession.getHits().getHits()[0].getExplanation().toString();
        assertTrue(explanation, explanation.contains("model [returning-only@1] re-ranks [returning] shoppers (its declared regimes), this one is "
            + "[in_session]: the fused order stands"));
        assertEquals(skipsBefore + 1, regimeSkips());

        java.time.Instant later = now.plus(java.time.Duration.ofDays(2));
        List<String> fusedLater = ids(recommendAt(later, "{\"window\": 0}"));
        SearchResponse returning = recommendAt(later, "{\"model\": \"returning-only\"}");
        List<String> reversed = new ArrayList<>(fusedLater);
        java.util.Collections.reverse(reversed);
        assertEquals("two days later she is a returning shopper: the model re-ranks", reversed, ids(returning));
        assertEquals("returning-only@1", scoredBy(returning.getHits().getHits()[0]));
        assertEquals(skipsBefore + 1, regimeSkips());

        ModelApi.put(client(), "every-regime", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, -10));
        assertEquals("a model that declares no regime re-ranks every shopper", ShopperRegime.all(),
            ModelApi.get(client(), "every-regime").entries().get(0).model().regimes());
        assertEquals("every-regime@1", scoredBy(recommendAt(now, "{\"model\": \"every-regime\"}").getHits().getHits()[0]));
    }

    private long regimeSkips() {
        return client().execute(RecsysStatsAction.INSTANCE, new RecsysStatsRequest()).actionGet().getNodes().get(0).stats().count(Counter.MODEL_REGIME_SKIPS);
    }

    private long failures() {
        return client().execute(RecsysStatsAction.INSTANCE, new RecsysStatsRequest()).actionGet().getNodes().get(0).stats().count(Counter.MODEL_FAILURES);
    }

    public void testAFullInferencePoolAnswers429() throws Exception {
        ModelApi.put(client(), "lin", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, 1));
        recommend(3, "{\"model\": \"lin\"}", ""); // loaded
        ThreadPool threadPool = getInstanceFromNode(ThreadPool.class);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch drained = new CountDownLatch(2);
        threadPool.executor(InferencePool.NAME).execute(() -> {
            running.countDown();
            awaitQuietly(release);
            drained.countDown();
        });
        running.await();
        threadPool.executor(InferencePool.NAME).execute(() -> { // fills the queue of one
            awaitQuietly(release);
            drained.countDown();
        });
        try {
            Exception e = expectThrows(Exception.class, () -> recommend(3, "{\"model\": \"lin\"}", ""));
            assertEquals(e.toString(), RestStatus.TOO_MANY_REQUESTS, ExceptionsHelper.status(e));
        } finally {
            release.countDown();
        }
        drained.await(); // the queue is empty again: the next request is not refused
        assertBusy(() -> assertEquals("lin@1", scoredBy(recommend(3, "{\"model\": \"lin\"}", "").getHits().getHits()[0])));
    }

    /** A model scoring by knn_score whose run takes about {@code trips} microseconds (an ONNX Loop), whatever the rows. */
    private static byte[] looping(long trips) {
        float[] weights = new float[Feature.values().length];
        weights[Feature.KNN_SCORE.ordinal()] = 1;
        return OnnxGraphs.looping(weights, trips);
    }

    private void setInferenceTimeout(String value) {
        client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().put("recsys.model.inference_timeout", value)).get();
    }

    private long timeouts() {
        return client().execute(RecsysStatsAction.INSTANCE, new RecsysStatsRequest()).actionGet().getNodes().get(0).stats().count(Counter.MODEL_TIMEOUTS);
    }

    private long activeInferenceThreads() {
        ThreadPool threadPool = getInstanceFromNode(ThreadPool.class);
        for (var stats : threadPool.stats()) {
            if (stats.getName().equals(InferencePool.NAME)) {
                return stats.getActive() + stats.getQueue();
            }
        }
        throw new AssertionError("no " + InferencePool.NAME + " pool");
    }

    public void testAModelThatRunsForeverIsRefusedAtUploadWithinTheRunLimit() {
        setInferenceTimeout("200ms");
        try {
            long start = System.nanoTime();
            // a billion trips round a Loop: a quarter of an hour of one core if nothing stopped the probe run
            Exception e = expectThrows(Exception.class, () -> ModelApi.put(client(), "endless", ModelApi.ALL_FEATURES, looping(1_000_000_000L)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(e.toString(), RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
            assertTrue(e.getMessage(), e.getMessage().contains("[model_base64] the model takes longer than 200ms to score a [300, " + Feature.values().length + "] batch"));
            assertTrue(e.getMessage(), e.getMessage().contains("recsys.model.inference_timeout"));
            assertTrue("refused after " + millis + " ms", millis < 5_000);
            assertTrue("nothing registered", ModelApi.list(client()).entries().isEmpty());
        } finally {
            client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().putNull("recsys.model.inference_timeout")).get();
        }
    }

    public void testAModelOverItsTimeBudgetIsStoppedAndTheFusedOrderStands() throws Exception {
        setInferenceTimeout("30s");
        try {
            // about a second per run: accepted under a budget of 30 s, and it re-ranks
            ModelApi.put(client(), "slow", ModelApi.ALL_FEATURES, looping(800_000L));
            long start = System.nanoTime();
            assertEquals("slow@1", scoredBy(recommend(3, "{\"model\": \"slow\"}", "").getHits().getHits()[0]));
            long withModelMillis = (System.nanoTime() - start) / 1_000_000;

            setInferenceTimeout("50ms");
            long timeoutsBefore = timeouts();
            List<String> fusedIds = ids(recommend(30, "{\"window\": 0}", ""));
            start = System.nanoTime();
            SearchResponse response = recommend(30, "{\"model\": \"slow\"}", "");
            long cutMillis = (System.nanoTime() - start) / 1_000_000;
            logger.info("a run of the slow model: {} ms with the model (load included), {} ms cut at 50ms", withModelMillis, cutMillis);
            assertEquals("the query answers in the fused order", fusedIds, ids(response));
            String explanation = response.getHits().getHits()[0].getExplanation().toString();
            assertTrue(explanation, explanation.contains("model [slow@1] did not answer within its time budget of 50ms (setting recsys.model.inference_timeout): the fused order stands"));
            assertEquals(timeoutsBefore + 1, timeouts());
            assertTrue("answered after " + cutMillis + " ms; with the model's whole run " + withModelMillis + " ms", cutMillis < withModelMillis / 2);
            // the native run was stopped, not left to finish: the pool is idle at once
            assertBusy(() -> assertEquals(0, activeInferenceThreads()), 300, java.util.concurrent.TimeUnit.MILLISECONDS);
        } finally {
            client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().putNull("recsys.model.inference_timeout")).get();
        }
    }

    public void testAnOverloadedPoolAnswersEveryRequestWithinItsBudgetOr429() throws Exception {
        setInferenceTimeout("30s");
        try {
            ModelApi.put(client(), "slow", ModelApi.ALL_FEATURES, looping(800_000L));
            recommend(3, "{\"model\": \"slow\"}", ""); // loaded
            setInferenceTimeout("200ms");
            // twelve clients at once against one inference thread with a queue of one, each run about a second
            int clients = 12;
            List<Thread> threads = new ArrayList<>();
            List<Long> answeredMillis = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Long> refusedMillis = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < clients; i++) {
                Thread thread = new Thread(() -> {
                    awaitQuietly(go);
                    long start = System.nanoTime();
                    try {
                        SearchResponse response = recommend(3, "{\"model\": \"slow\"}", "");
                        assertEquals("fused", scoredBy(response.getHits().getHits()[0]));
                        answeredMillis.add((System.nanoTime() - start) / 1_000_000);
                    } catch (Exception e) {
                        if (ExceptionsHelper.status(e) == RestStatus.TOO_MANY_REQUESTS) {
                            refusedMillis.add((System.nanoTime() - start) / 1_000_000);
                        } else {
                            unexpected.add(e);
                        }
                    } catch (Throwable t) {
                        unexpected.add(t);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            go.countDown();
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            logger.info("overloaded pool: answered in {} ms, refused (429) in {} ms", answeredMillis, refusedMillis);
            assertTrue("unexpected: " + unexpected, unexpected.isEmpty());
            assertEquals(clients, answeredMillis.size() + refusedMillis.size());
            assertFalse("the queue of one overflowed: " + answeredMillis + " answered", refusedMillis.isEmpty());
            // each answer waited at most its budget in the queue and in the run, plus the search around it
            assertTrue("answered after " + answeredMillis + " ms", answeredMillis.stream().allMatch(ms -> ms < 3_000));
            assertTrue("refused after " + refusedMillis + " ms", refusedMillis.stream().allMatch(ms -> ms < 3_000));
            assertBusy(() -> assertEquals(0, activeInferenceThreads()), 500, java.util.concurrent.TimeUnit.MILLISECONDS);
        } finally {
            client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().putNull("recsys.model.inference_timeout")).get();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void testTheFeatureLogHoldsExactlyWhatExplainShowsForEachReturnedHit() throws Exception {
        ModelApi.put(client(), "reverse", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, -10));
        SearchResponse response = search("{\"from\": 2, \"size\": 4, \"explain\": true, \"query\": {\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"alice\"},"
            + " \"rerank\": {\"model\": \"reverse\", \"window\": 3}}}, \"ext\": {\"recsys_log\": {\"request_id\": \"r-1\"}}}");
        SearchHit[] hits = response.getHits().getHits();
        assertEquals(4, hits.length);
        String featureLog = RecommenderIndices.of("shop").featureLog();
        assertBusy(() -> {
            client().admin().indices().prepareRefresh(featureLog).get();
            assertEquals(4, client().prepareSearch(featureLog).setSize(0).get().getHits().getTotalHits().value());
        });
        for (int i = 0; i < hits.length; i++) {
            SearchHit hit = hits[i];
            Map<String, Object> log = loggedRow(featureLog, "alice", "r-1", hit.getId());
            assertEquals("r-1", log.get("request_id"));
            assertEquals("alice", log.get("user_id"));
            assertEquals(hit.getId(), log.get("item"));
            assertEquals("position counts from 0 over the whole result (from = 2)", 2 + i, log.get("position"));
            assertEquals(hit.getScore(), ((Number) log.get("score")).floatValue(), 0f);
            assertEquals("the regime a trainer reads (alice's events are minutes old)", "in_session", log.get("regime"));
            String by = scoredBy(hit);
            if (by.equals("fused")) {
                assertNull(log.get("model"));
            } else {
                assertEquals(by, log.get("model") + "@" + log.get("model_version"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> features = (Map<String, Object>) log.get("features");
            assertEquals(new java.util.HashSet<>(Feature.allNames()), features.keySet());
            for (String name : Feature.allNames()) {
                assertEquals(name, feature(hit.getExplanation(), name), ((Number) features.get(name)).floatValue(), 0f);
            }
            List<String> explainedSources = new ArrayList<>();
            Matcher source = Pattern.compile("source \\[(\\w+)\\] rank").matcher(hit.getExplanation().toString());
            while (source.find()) {
                explainedSources.add(source.group(1));
            }
            assertEquals(explainedSources, log.get("sources"));
        }
        assertTrue("hit 0 (position 2) is the last of the re-ranked window", scoredBy(hits[0]).equals("reverse@1"));
        assertEquals("fused", scoredBy(hits[1]));
    }

    /**
     * A feature log created by the previous version has a strict mapping without {@code regime}. Its first write gives it
     * the current mapping and writes the rows (none lost, none counted as failed); a PUT of the recommender updates it too.
     */
    public void testAFeatureLogOfAnEarlierVersionGainsTheRegimeFieldAndLosesNoRow() throws IOException {
        String featureLog = RecommenderIndices.of("shop").featureLog();
        String logged = "{\"size\": 3, \"query\": {\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"alice\"}}},"
            + " \"ext\": {\"recsys_log\": {\"request_id\": \"%s\"}}}";

        recreateWithTheEarlierMapping(featureLog);
        long failedBefore = featureLogFailures();
        assertEquals(3, search(String.format(java.util.Locale.ROOT, logged, "r-upgraded")).getHits().getHits().length);
        client().admin().indices().prepareRefresh(featureLog).get();
        SearchHit[] rows = client().prepareSearch(featureLog).setQuery(QueryBuilders.termQuery("request_id", "r-upgraded")).get().getHits().getHits();
        assertEquals("every returned hit is logged", 3, rows.length);
        for (SearchHit row : rows) {
            assertEquals("in_session", row.getSourceAsMap().get("regime"));
        }
        assertEquals("nothing counted as failed", failedBefore, featureLogFailures());

        recreateWithTheEarlierMapping(featureLog);
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
        String mapping = client().admin().indices().prepareGetMappings(featureLog).get().getMappings().get(featureLog).source().toString();
        assertTrue("a PUT of the recommender updates the mapping too: " + mapping, mapping.contains("\"regime\""));
    }

    /** Deletes the feature log and creates it as the previous version did: the same strict mapping without {@code regime}. */
    private void recreateWithTheEarlierMapping(String featureLog) {
        client().admin().indices().prepareDelete(featureLog).get();
        String earlier = RecommenderIndices.featureLogMapping().replaceAll("\\s*\"regime\":\\s*\\{\"type\": \"keyword\"},", "");
        assertFalse("premise: the earlier mapping has no regime: " + earlier, earlier.contains("regime"));
        client().admin().indices().create(new CreateIndexRequest(featureLog).mapping(earlier, XContentType.JSON)).actionGet();
    }

    private long featureLogFailures() {
        return client().execute(RecsysStatsAction.INSTANCE, new RecsysStatsRequest()).actionGet().getNodes().get(0).stats().count(Counter.FEATURE_LOG_FAILURES);
    }

    /** The one feature-log row of (user, request, item), as a trainer joins it. */
    private Map<String, Object> loggedRow(String featureLog, String user, String requestId, String item) {
        SearchHit[] rows = client().prepareSearch(featureLog).setQuery(QueryBuilders.boolQuery()
            .filter(QueryBuilders.termQuery("user_id", user)).filter(QueryBuilders.termQuery("request_id", requestId))
            .filter(QueryBuilders.termQuery("item", item))).get().getHits().getHits();
        assertEquals(user + "/" + requestId + "/" + item, 1, rows.length);
        return rows[0].getSourceAsMap();
    }

    public void testTwoUsersSendingTheSameRequestIdKeepTheirOwnRows() throws Exception {
        // Both users are shown the same kitchen items (erin's k-NN favours garden, but pages of 24 hold every item)
        SearchResponse forAlice = search("{\"size\": 24, \"query\": {\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"alice\"}}},"
            + " \"ext\": {\"recsys_log\": {\"request_id\": \"page-1\"}}}");
        SearchResponse forErin = search("{\"size\": 24, \"query\": {\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"erin\"}}},"
            + " \"ext\": {\"recsys_log\": {\"request_id\": \"page-1\"}}}");
        int shown = forAlice.getHits().getHits().length + forErin.getHits().getHits().length;
        String featureLog = RecommenderIndices.of("shop").featureLog();
        client().admin().indices().prepareRefresh(featureLog).get();
        assertEquals("every row of both users, none overwritten", shown,
            client().prepareSearch(featureLog).setSize(0).get().getHits().getTotalHits().value());
        for (SearchHit hit : forErin.getHits().getHits()) {
            Map<String, Object> erinRow = loggedRow(featureLog, "erin", "page-1", hit.getId());
            assertEquals(hit.getScore(), ((Number) erinRow.get("score")).floatValue(), 0f);
        }
        for (SearchHit hit : forAlice.getHits().getHits()) {
            assertEquals(hit.getScore(), ((Number) loggedRow(featureLog, "alice", "page-1", hit.getId()).get("score")).floatValue(), 0f);
        }
    }

    public void testFeatureLogNeedsARecommendQueryAndARequestId() {
        Exception noRecommend = expectThrows(Exception.class, () -> search("{\"query\": {\"match_all\": {}}, \"ext\": {\"recsys_log\": {\"request_id\": \"r-2\"}}}"));
        assertEquals(RestStatus.BAD_REQUEST, ExceptionsHelper.status(noRecommend));
        assertTrue(noRecommend.getMessage(), noRecommend.getMessage().contains("[ext.recsys_log] logs the hits of a [recommend] query"));
        Exception noId = expectThrows(Exception.class, () -> search("{\"query\": {\"match_all\": {}}, \"ext\": {\"recsys_log\": {}}}"));
        assertTrue(ExceptionsHelper.stackTrace(noId), ExceptionsHelper.stackTrace(noId).contains("[ext.recsys_log.request_id] is required"));
        Exception unknown = expectThrows(Exception.class, () -> search("{\"query\": {\"match_all\": {}}, \"ext\": {\"recsys_log\": {\"request\": \"x\"}}}"));
        assertTrue(ExceptionsHelper.stackTrace(unknown), ExceptionsHelper.stackTrace(unknown).contains("[ext.recsys_log] unknown field [request]"));
    }

    /** Lists exactly what a user would see: features logged for a request keyed by request id and item. */
    static Map<String, Object> asMap(SearchHit hit) {
        return new LinkedHashMap<>(hit.getSourceAsMap());
    }
}
