package io.recsys.opensearch.integ;

import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;
import org.opensearch.test.rest.yaml.ObjectPath;
import org.junit.After;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node process stops while clients keep reading the recommender, the stats and the catalog through a client that knows
 * all three hosts. The node stopped is the elected cluster manager, the hardest case: the configuration lives in the
 * cluster state and must survive the election of a new manager. The node is started again afterwards, so test order
 * does not matter.
 */
public class NodeStopResilienceIT extends RecsysRestTestCase {

    private static final String CATALOG = "resilience-catalog";
    private static final String RECOMMENDER = "resilience";
    private static final int DOCS = 60;

    /** The node this test stopped, to be started again; 0 when none is down. */
    private int stoppedNode;

    @After
    public void restartStoppedNode() throws Exception {
        if (stoppedNode != 0) {
            runClusterScript("start-node", Integer.toString(stoppedNode));
            stoppedNode = 0;
        }
    }

    public void testRequestsKeepSucceedingWhileANodeStops() throws Exception {
        createCatalog(CATALOG, 3, 1);
        indexCatalog();
        assertOK(putRecommender(RECOMMENDER, "{\"catalog\": {\"index\": \"" + CATALOG + "\"}, \"events\": {\"half_life\": \"3d\"}}"));
        ensureGreen(CATALOG);
        Map<String, Object> before = getRecommender(RECOMMENDER);

        String manager = ObjectPath.createFromResponse(client().performRequest(new Request("GET", "/_cat/cluster_manager?h=node&format=json")))
            .evaluate("0.node");
        int node = Integer.parseInt(manager.substring("node-".length()));

        Load load = new Load(client());
        Thread thread = new Thread(load, "recsys-resilience-load");
        thread.start();
        try {
            load.awaitRounds(20);
            stoppedNode = node; // before stopping: a stop that fails half-way still gets the node restarted
            runClusterScript("stop-node", Integer.toString(node));
            int roundsAtStop = load.rounds.get();
            Map<String, Object> health = entityAsMap(
                client().performRequest(new Request("GET", "/_cluster/health?wait_for_nodes=2&timeout=60s"))
            );
            assertEquals("cluster without " + manager + ": " + health, false, health.get("timed_out"));
            load.awaitRounds(roundsAtStop + 40); // 120 more requests with the node gone
        } finally {
            load.stop = true;
            thread.join(TimeUnit.MINUTES.toMillis(2));
        }
        logger.info(
            "stopped {} (the elected cluster manager): {} rounds; successes recommender={} stats={} knn={} (retried {}); stats with a failed node={}; failures={}",
            manager,
            load.rounds.get(),
            load.recommenderOk.get(),
            load.statsOk.get(),
            load.knnOk.get(),
            load.knnRetried.get(),
            load.statsPartial.get(),
            load.failures
        );
        assertEquals("requests that failed while " + manager + " stopped", List.of(), List.copyOf(load.failures));

        // The configuration survived the loss of the cluster manager, unchanged, and no catalog document was lost.
        assertEquals(before, getRecommender(RECOMMENDER));
        Map<String, Object> count = entityAsMap(client().performRequest(new Request("GET", "/" + CATALOG + "/_count")));
        assertEquals(DOCS, count.get("count"));

        // With two nodes left the cluster still accepts configuration changes (a new manager was elected).
        assertOK(putRecommender(RECOMMENDER + "-2", "{\"catalog\": {\"index\": \"" + CATALOG + "\"}}"));
        Integer dimension = ObjectPath.evaluate(getRecommender(RECOMMENDER + "-2"), "catalog.dimension");
        assertEquals(Integer.valueOf(4), dimension);
    }

    private static void indexCatalog() throws IOException {
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < DOCS; i++) {
            bulk.append(String.format(Locale.ROOT, "{\"index\": {\"_id\": \"sku-%d\"}}\n", i));
            bulk.append(String.format(Locale.ROOT, "{\"title\": \"item %d\", \"category\": \"c%d\", \"embedding\": %s}\n", i, i % 5, vector(i)));
        }
        Request request = new Request("POST", "/" + CATALOG + "/_bulk?refresh=true");
        request.setJsonEntity(bulk.toString());
        Map<String, Object> response = entityAsMap(client().performRequest(request));
        assertEquals("bulk errors: " + response, false, response.get("errors"));
    }

    /** Distinct vectors, so the exact vector of a document finds that document first (l2 distance 0). */
    private static String vector(int i) {
        return String.format(Locale.ROOT, "[%d, %d, %d, 1]", i, (i * 7) % 11, i % 3);
    }

    /** Rounds of GET recommender, _stats and a k-NN search, until stopped; counts successes and records failures. */
    private static final class Load implements Runnable {
        final RestClient client;
        final AtomicInteger rounds = new AtomicInteger();
        final AtomicInteger recommenderOk = new AtomicInteger();
        final AtomicInteger statsOk = new AtomicInteger();
        /** _stats answered 200 but one node did not answer it (the node going away): normal for a nodes API. */
        final AtomicInteger statsPartial = new AtomicInteger();
        final AtomicInteger knnOk = new AtomicInteger();
        /** k-NN searches retried once after their query or fetch phase lost the stopping node. */
        final AtomicInteger knnRetried = new AtomicInteger();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        volatile boolean stop;

        Load(RestClient client) {
            this.client = client;
        }

        @Override
        public void run() {
            while (stop == false) {
                int doc = rounds.get() % DOCS;
                attempt("GET recommender", () -> {
                    Map<String, Object> body = entityAsMap(client.performRequest(new Request("GET", RECOMMENDERS + "/" + RECOMMENDER)));
                    String catalog = ObjectPath.evaluate(body, RECOMMENDER + ".catalog.index");
                    assertEquals(CATALOG, catalog);
                    recommenderOk.incrementAndGet();
                });
                attempt("GET _stats", () -> {
                    ObjectPath body = ObjectPath.createFromResponse(client.performRequest(new Request("GET", STATS)));
                    if (((Number) body.evaluate("_nodes.failed")).intValue() > 0) {
                        statsPartial.incrementAndGet();
                    }
                    statsOk.incrementAndGet();
                });
                attempt("k-NN search", () -> {
                    Request search = new Request("POST", "/" + CATALOG + "/_search");
                    search.setJsonEntity("{\"size\": 3, \"query\": {\"knn\": {\"embedding\": {\"vector\": " + vector(doc) + ", \"k\": 3}}}}");
                    Response response;
                    try {
                        response = client.performRequest(search);
                    } catch (ResponseException e) {
                        // A plain search whose fetch phase was on the node that just went away fails with node_not_connected:
                        // OpenSearch does not move a fetch to another copy, clients retry. Retry once; the retry must succeed.
                        if (EntityUtils.toString(e.getResponse().getEntity()).contains("node_not_connected_exception") == false) {
                            throw e;
                        }
                        knnRetried.incrementAndGet();
                        response = client.performRequest(search);
                    }
                    ObjectPath body = ObjectPath.createFromResponse(response);
                    if (((Number) body.evaluate("_shards.failed")).intValue() > 0) {
                        // Shards whose copy was on the node going away answer as failed in a partial result (200,
                        // allow_partial_search_results); the next search goes to the remaining copies. Retry once.
                        knnRetried.incrementAndGet();
                        body = ObjectPath.createFromResponse(client.performRequest(search));
                    }
                    assertEquals("failed shards", 0, ((Number) body.evaluate("_shards.failed")).intValue());
                    String top = body.evaluate("hits.hits.0._id");
                    assertEquals("sku-" + doc, top);
                    knnOk.incrementAndGet();
                });
                rounds.incrementAndGet();
                try {
                    Thread.sleep(20); // leave CPU to the nodes on a small machine
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void attempt(String what, CheckedRunnable request) {
            try {
                request.run();
            } catch (Exception | AssertionError e) {
                failures.add(what + ": " + e);
            }
        }

        void awaitRounds(int target) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (rounds.get() < target) {
                assertTrue("load thread stuck at " + rounds.get() + " rounds, failures " + failures, System.nanoTime() < deadline);
                Thread.sleep(50);
            }
        }
    }

    @FunctionalInterface
    private interface CheckedRunnable {
        void run() throws Exception;
    }
}
