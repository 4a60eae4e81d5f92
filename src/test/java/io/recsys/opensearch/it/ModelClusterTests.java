package io.recsys.opensearch.it;

import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.model.DefaultModel;
import io.recsys.opensearch.plugin.RecsysPlugin;
import io.recsys.opensearch.transport.model.GetModelsResponse;
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
import org.opensearch.transport.client.Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model registry on 3 real nodes with the real ONNX Runtime on each: an alias switch under continuous query load
 * fails no query and never mixes model versions within a response; a full restart keeps the registry; the shipped
 * default model is registered once, when first needed.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.TEST, numDataNodes = 3, numClientNodes = 0, supportsDedicatedMasters = false)
public class ModelClusterTests extends OpenSearchIntegTestCase {

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(KNNPlugin.class, RecsysPlugin.class);
    }

    /** Source budgets far above what a busy test machine needs: every response holds all candidates. */
    @Override
    protected Settings nodeSettings(int nodeOrdinal) {
        return Settings.builder().put(super.nodeSettings(nodeOrdinal)).put(RecsysSingleNodeTestCase.generousBudgets()).build();
    }

    /** Each node's config directory holds the plugin's shipped config/ (the default model), as an installed plugin's would. */
    @Override
    protected Path nodeConfigPath(int nodeOrdinal) {
        try {
            Path config = createTempDir();
            Path plugin = Files.createDirectories(config.resolve("opensearch-recsys"));
            Path shipped = Path.of(System.getProperty("project.basedir", "."), "config");
            for (String file : List.of(DefaultModel.MODEL_FILE, DefaultModel.META_FILE)) {
                if (Files.exists(shipped.resolve(file))) {
                    Files.copy(shipped.resolve(file), plugin.resolve(file));
                }
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void catalogAndRecommender(String model) {
        TestCatalog.create(client(), "products", 4, 3, 1);
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 1; i <= 12; i++) {
            vectors.put("k" + i, new float[] { 1, 0.05f * i, 0, 0.01f });
            vectors.put("g" + i, new float[] { 0, 0.01f, 1, 0.05f * i });
        }
        RecsysClient.indexItems(client(), "products", vectors, Map.of());
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}" + (model == null ? "" : ", \"model\": \"" + model + "\"") + "}");
        RecsysClient.ingest(client(), "shop", """
            {"user_id": "alice", "item": "k1", "type": "view"}
            {"user_id": "alice", "item": "k4", "type": "purchase"}
            """);
        ensureGreen();
        client().admin().indices().prepareRefresh().get();
    }

    private SearchResponse recommend(Client client) throws IOException {
        String body = "{\"size\": 8, \"explain\": true, \"query\": {\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"alice\"},"
            + " \"sources\": {\"cooccurrence\": {\"size\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}}}}";
        NamedXContentRegistry registry = internalCluster().getInstance(NamedXContentRegistry.class);
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
            return client.search(new SearchRequest("products").source(SearchSourceBuilder.fromXContent(parser))).actionGet();
        }
    }

    /** The one model version that scored every hit of a response; fails when hits disagree or the order does not fit it. */
    private static String checkedVersion(SearchResponse response) {
        Set<String> versions = new TreeSet<>();
        List<Float> knn = new ArrayList<>();
        for (SearchHit hit : response.getHits().getHits()) {
            versions.add(ModelRerankSingleNodeTests.scoredBy(hit));
            knn.add(ModelRerankSingleNodeTests.feature(hit.getExplanation(), "knn_score"));
        }
        if (versions.size() != 1) {
            throw new AssertionError("one response, several models: " + versions);
        }
        String version = versions.iterator().next();
        boolean up = version.startsWith("m-up@");
        boolean down = version.startsWith("m-down@");
        for (int i = 1; i < knn.size(); i++) {
            if ((up && knn.get(i - 1) < knn.get(i)) || (down && knn.get(i - 1) > knn.get(i)) || (up || down) == false) {
                throw new AssertionError("order does not fit " + version + ": " + knn);
            }
        }
        return version;
    }

    /** Queries that must start after a switch and be served by its new target before the next switch. */
    private static final int QUERIES_PER_PHASE = 4;

    /**
     * A stretch of the load between two alias switches.
     *
     * @param version the alias's target, as explain names it
     * @param served  queries started after the switch and served by that target
     */
    private record Phase(String version, AtomicInteger served) {
        Phase(String version) {
            this(version, new AtomicInteger());
        }
    }

    public void testAliasSwitchUnderLoadFailsNoQueryAndNeverMixesVersions() throws Exception {
        ModelApi.put(client(), "m-up", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, 10));
        ModelApi.put(client(), "m-down", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, -10));
        ModelApi.alias(client(), "fusion-stable", "m-up");
        catalogAndRecommender("fusion-stable");
        String[] nodes = internalCluster().getNodeNames();

        AtomicBoolean stop = new AtomicBoolean();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
        AtomicReference<Phase> phase = new AtomicReference<>(new Phase("m-up@1"));
        List<Thread> clients = new ArrayList<>();
        for (String node : nodes) {
            Thread thread = new Thread(() -> {
                while (stop.get() == false) {
                    Phase current = phase.get(); // read before the query starts
                    try {
                        String version = checkedVersion(recommend(client(node)));
                        served.computeIfAbsent(version, v -> new AtomicInteger()).incrementAndGet();
                        if (version.equals(current.version())) {
                            current.served().incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add(node + ": " + e);
                    }
                }
            }, "recommend-load-" + node);
            thread.start();
            clients.add(thread);
        }
        try {
            // each switch waits for the load to meet the new target, not for a time that a busy machine may not honour
            awaitServed(phase.get(), failures, served);
            for (int round = 0; round < 8; round++) {
                boolean down = round % 2 == 0;
                ModelApi.alias(client(nodes[round % 3]), "fusion-stable", down ? "m-down" : "m-up");
                if (round == 4) {
                    ModelApi.put(client(nodes[1]), "m-up", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, 5)); // version 2, live
                }
                Phase next = new Phase(down ? "m-down@1" : round < 4 ? "m-up@1" : "m-up@2");
                phase.set(next);
                awaitServed(next, failures, served);
            }
        } finally {
            stop.set(true);
            for (Thread thread : clients) {
                thread.join();
            }
        }
        logger.info("served per model version: {}", served);
        assertTrue("no query failed and none mixed models: " + failures, failures.isEmpty());
        // after the last switch (round 7: m-up), every node serves the new target
        for (String node : nodes) {
            assertEquals("m-up@2", checkedVersion(recommend(client(node))));
        }
    }

    /** Waits until {@link #QUERIES_PER_PHASE} queries of the phase were served by its target; returns early on a failure. */
    private static void awaitServed(Phase phase, Queue<String> failures, Map<String, AtomicInteger> served) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (phase.served().get() < QUERIES_PER_PHASE && failures.isEmpty()) {
            assertTrue("the load never met " + phase.version() + " after the switch; served so far: " + served, System.nanoTime() < deadline);
            Thread.sleep(10);
        }
    }

    public void testAFullRestartKeepsTheRegistryAndEveryNodeServesFromIt() throws Exception {
        ModelApi.put(client(), "keep", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, -10));
        ModelApi.put(client(), "keep", ModelApi.ALL_FEATURES, ModelApi.weightOn(Feature.KNN_SCORE, -10));
        ModelApi.alias(client(), "fusion-stable", "keep");
        catalogAndRecommender("fusion-stable");
        GetModelsResponse before = ModelApi.list(client());

        internalCluster().fullRestart();
        ensureGreen();

        for (String node : internalCluster().getNodeNames()) {
            GetModelsResponse after = ModelApi.list(client(node));
            assertEquals("node " + node + " has the registry", before.entries(), after.entries());
            assertEquals(2, ModelApi.get(client(node), "fusion-stable").entries().get(0).model().version());
        }
        for (String node : internalCluster().getNodeNames()) {
            SearchResponse response = recommend(client(node));
            for (SearchHit hit : response.getHits().getHits()) {
                assertEquals("the model's bytes were read back from the models index", "keep@2", ModelRerankSingleNodeTests.scoredBy(hit));
            }
        }
    }

    public void testTheShippedDefaultModelIsRegisteredOnceWhenFirstNeeded() throws Exception {
        catalogAndRecommender("fusion-default"); // named: registered from config/ by the first node that needs it
        String[] nodes = internalCluster().getNodeNames();
        Queue<String> scoredBy = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (String node : nodes) { // the first requests arrive on every node at once
            Thread thread = new Thread(() -> {
                try {
                    for (SearchHit hit : recommend(client(node)).getHits().getHits()) {
                        scoredBy.add(ModelRerankSingleNodeTests.scoredBy(hit));
                    }
                } catch (Exception e) {
                    scoredBy.add(node + " failed: " + e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals("every hit of every node re-ranked by the one registered default: " + scoredBy, Set.of("fusion-default@1"), new TreeSet<>(scoredBy));
        GetModelsResponse.Entry entry = ModelApi.get(client(), "fusion-default").entries().get(0);
        assertEquals(1, entry.model().version());
        assertEquals(Feature.contractNames("v1"), entry.model().features());
        assertEquals(List.of("shop"), entry.usedBy());
        assertTrue(entry.model().description(), entry.model().description().contains("Online Retail"));
    }
}
