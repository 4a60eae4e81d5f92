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

    /**
     * {@code kill -9} of a node holding a primary of the events index (3 shards, as the profiles) while four writers ingest batches for shared
     * users: every event acknowledged (201, or 200 for an id applied before) is in the events index after the node is
     * back, and each user's profile counts at least the events acknowledged for it. Writers retry a batch whose request
     * got no answer (same event ids: the retry is idempotent), as a client would.
     */
    public void testAcknowledgedEventsSurviveAKill9DuringIngest() throws Exception {
        createCatalog(CATALOG, 3, 1);
        indexCatalog();
        // the plugin's own indices over several shards, so writes and the profile reads spread over the nodes
        assertOK(putRecommender("ingest", "{\"catalog\": {\"index\": \"" + CATALOG + "\"}, \"indices\": {"
            + "\"profiles\": {\"number_of_shards\": 3, \"number_of_replicas\": 1}, \"events\": {\"number_of_shards\": 3, \"number_of_replicas\": 1},"
            + " \"identities\": {\"number_of_shards\": 2, \"number_of_replicas\": 1}}}"));
        ensureGreen("recsys-ingest-events");
        ensureGreen("recsys-ingest-profiles");
        String primaryNode = null;
        List<Map<String, Object>> shards = ObjectPath.createFromResponse(client().performRequest(
            new Request("GET", "/_cat/shards/recsys-ingest-events?h=node,prirep&format=json"))).evaluate("");
        for (Map<String, Object> shard : shards) {
            if ("p".equals(shard.get("prirep"))) {
                primaryNode = (String) shard.get("node");
            }
        }
        assertNotNull("a primary of recsys-ingest-events: " + shards, primaryNode);
        assertEquals("3 primaries and their replicas: " + shards, 6, shards.size());
        int node = Integer.parseInt(primaryNode.substring("node-".length()));

        Ingest ingest = new Ingest(client());
        List<Thread> writers = new java.util.ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            Thread thread = new Thread(() -> ingest.run(writer), "recsys-ingest-" + w);
            writers.add(thread);
            thread.start();
        }
        try {
            ingest.awaitBatches(40);
            stoppedNode = node;
            runClusterScript("kill-node", Integer.toString(node));
            int atKill = ingest.batches.get();
            ingest.awaitBatches(atKill + 60);
        } finally {
            ingest.stop = true;
            for (Thread thread : writers) {
                thread.join(TimeUnit.MINUTES.toMillis(2));
            }
        }
        runClusterScript("start-node", Integer.toString(node));
        stoppedNode = 0;
        assertOK(client().performRequest(new Request("POST", "/recsys-ingest-*/_refresh")));

        Map<String, Integer> ackedPerUser = new java.util.HashMap<>();
        List<String> acked = List.copyOf(ingest.acknowledged.keySet());
        ingest.acknowledged.values().forEach(user -> ackedPerUser.merge(user, 1, Integer::sum));
        int present = 0;
        for (int from = 0; from < acked.size(); from += 1000) {
            List<String> chunk = acked.subList(from, Math.min(acked.size(), from + 1000));
            Request search = new Request("POST", "/recsys-ingest-events/_search");
            search.setJsonEntity("{\"size\": 0, \"query\": {\"terms\": {\"event_id\": " + toJson(chunk) + "}}, "
                + "\"aggs\": {\"ids\": {\"cardinality\": {\"field\": \"event_id\", \"precision_threshold\": 40000}}}}");
            present += ((Number) ObjectPath.createFromResponse(client().performRequest(search)).evaluate("aggregations.ids.value")).intValue();
        }
        logger.info("kill -9 of {} (holding a primary of the 3-shard events index) during ingest: {} batches, {} events acknowledged, {} present after restart, "
            + "{} items refused with a 5xx/429, {} batches retried after no answer", primaryNode, ingest.batches.get(), acked.size(), present,
            ingest.itemFailures.get(), ingest.retries.get());
        assertEquals("acknowledged events present after kill -9 and restart", acked.size(), present);
        for (Map.Entry<String, Integer> user : ackedPerUser.entrySet()) {
            Map<String, Object> profile = entityAsMap(client().performRequest(new Request("GET", RECOMMENDERS + "/ingest/profiles/" + user.getKey())));
            int counted = ((Number) profile.get("event_count")).intValue();
            assertTrue(user.getKey() + ": profile counts " + counted + " events, " + user.getValue() + " were acknowledged", counted >= user.getValue());
        }
        assertTrue("some events were acknowledged after the kill", acked.size() > 40 * 20);
    }

    private static String toJson(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    /** Writers of event batches (20 events over 30 shared users); remembers each acknowledged event id and its user. */
    private static final class Ingest {
        final RestClient client;
        final java.util.concurrent.ConcurrentHashMap<String, String> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger batches = new AtomicInteger();
        final AtomicInteger itemFailures = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        volatile boolean stop;

        Ingest(RestClient client) {
            this.client = client;
        }

        void run(int writer) {
            java.util.Random random = new java.util.Random(writer);
            for (int batch = 0; stop == false; batch++) {
                StringBuilder body = new StringBuilder();
                List<String[]> sent = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String id = "w" + writer + "-b" + batch + "-" + i;
                    String user = "user-" + random.nextInt(30);
                    sent.add(new String[] { id, user });
                    body.append(String.format(Locale.ROOT, "{\"event_id\": \"%s\", \"user_id\": \"%s\", \"item\": \"sku-%d\", \"type\": \"view\"}%n",
                        id, user, random.nextInt(DOCS)));
                }
                for (int attempt = 0; attempt < 20 && stop == false; attempt++) {
                    Request request = new Request("POST", RECOMMENDERS + "/ingest/events");
                    request.setEntity(new org.apache.hc.core5.http.io.entity.StringEntity(body.toString(),
                        org.apache.hc.core5.http.ContentType.create("application/x-ndjson")));
                    try {
                        List<Map<String, Object>> items = ObjectPath.createFromResponse(client.performRequest(request)).evaluate("items");
                        for (int i = 0; i < items.size(); i++) {
                            int status = ((Number) items.get(i).get("status")).intValue();
                            if (status == 200 || status == 201) {
                                acknowledged.put(sent.get(i)[0], sent.get(i)[1]);
                            } else {
                                itemFailures.incrementAndGet();
                            }
                        }
                        break;
                    } catch (IOException e) {
                        retries.incrementAndGet(); // no answer (the node died under the request) or a whole-request error: send again
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
                batches.incrementAndGet();
            }
        }

        void awaitBatches(int target) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (batches.get() < target) {
                assertTrue("ingest stuck at " + batches.get() + " batches", System.nanoTime() < deadline);
                Thread.sleep(50);
            }
        }
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
