package io.recsys.opensearch.integ;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;
import org.opensearch.test.rest.yaml.ObjectPath;
import org.junit.After;
import org.junit.Before;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The real-time promise across nodes: an event acknowledged by one node changes the next {@code recommend} query sent to
 * another node (the profile is read with a real-time get), and the events API answers on every node. Each node is
 * addressed directly (a client per host), so the node that acknowledges and the node that answers are known.
 */
public class RealtimeEventsIT extends RecsysRestTestCase {

    private static final String CATALOG = "realtime-catalog";
    private static final String RECOMMENDER = "realtime";

    @Before
    public void createCatalogAndRecommender() throws IOException {
        createCatalog(CATALOG, 2, 1);
        StringBuilder bulk = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            // two regions of the embedding space: kitchen near [1, 0, 0, 0], garden near [0, 0, 1, 0]
            bulk.append(String.format(Locale.ROOT, "{\"index\": {\"_id\": \"k%d\"}}\n", i));
            bulk.append(String.format(Locale.ROOT, "{\"title\": \"kitchen %d\", \"category\": \"kitchen\", \"embedding\": [1, 0.%d, 0, 0]}\n", i, i));
            bulk.append(String.format(Locale.ROOT, "{\"index\": {\"_id\": \"g%d\"}}\n", i));
            bulk.append(String.format(Locale.ROOT, "{\"title\": \"garden %d\", \"category\": \"garden\", \"embedding\": [0, 0, 1, 0.%d]}\n", i, i));
        }
        Request request = new Request("POST", "/" + CATALOG + "/_bulk?refresh=true");
        request.setJsonEntity(bulk.toString());
        Map<String, Object> response = entityAsMap(client().performRequest(request));
        assertEquals("bulk errors: " + response, false, response.get("errors"));
        assertOK(putRecommender(RECOMMENDER, "{\"catalog\": {\"index\": \"" + CATALOG + "\"}}"));
        ensureGreen(CATALOG);
        ensureGreen("recsys-" + RECOMMENDER + "-*");
        // what the next query answers is under test, not how fast: a k-NN source cut off by the default budget (500 ms)
        // on a busy machine would answer without the user's vector
        Request budget = new Request("PUT", "/_cluster/settings");
        budget.setJsonEntity("{\"transient\": {\"recsys.recommend.source_timeout\": \"30s\"}}");
        assertEquals("every node applied the budget", true, entityAsMap(client().performRequest(budget)).get("acknowledged"));
    }

    @After
    public void restoreTimeBudget() throws IOException {
        Request reset = new Request("PUT", "/_cluster/settings");
        reset.setJsonEntity("{\"transient\": {\"recsys.recommend.source_timeout\": null}}");
        client().performRequest(reset);
    }

    /** Every node takes events, as a JSON array and as NDJSON, and any other node reads the profile they built. */
    public void testEventsApiAnswersOnEveryNode() throws IOException {
        List<HttpHost> hosts = getClusterHosts();
        assertEquals(3, hosts.size());
        Set<String> nodesThatAnswered = new TreeSet<>();
        for (int i = 0; i < hosts.size(); i++) {
            String user = "user-of-host-" + i;
            try (RestClient node = RestClient.builder(hosts.get(i)).build()) {
                nodesThatAnswered.add(nodeName(node));
                ObjectPath array = ingest(node, "[{\"user_id\": \"" + user + "\", \"item\": \"k1\", \"type\": \"view\"}]", "application/json");
                assertApplied(array, user, 1);
                ObjectPath ndjson = ingest(
                    node,
                    "{\"user_id\": \"" + user + "\", \"item\": \"g1\", \"type\": \"cart\"}\n{\"user_id\": \"" + user + "\", \"item\": \"g2\", \"type\": \"view\"}\n",
                    "application/x-ndjson"
                );
                assertApplied(ndjson, user, 2);
            }
            // read back through the next node
            try (RestClient other = RestClient.builder(hosts.get((i + 1) % hosts.size())).build()) {
                ObjectPath profile = ObjectPath.createFromResponse(
                    other.performRequest(new Request("GET", RECOMMENDERS + "/" + RECOMMENDER + "/profiles/" + user))
                );
                assertEquals(user, profile.evaluate("user_id"));
                assertEquals(3, ((Number) profile.evaluate("event_count")).intValue());
                assertEquals(4, ((Number) profile.evaluate("vector.dimension")).intValue());
            }
        }
        assertEquals("each host is a different node", Set.of("node-1", "node-2", "node-3"), nodesThatAnswered);
    }

    /**
     * A shopper with a kitchen history gets kitchen items; a garden purchase is sent to node A; the very next recommend
     * query, sent to node B once A acknowledged, answers with garden items. For every ordered pair of nodes; the time from
     * A's acknowledgement to B's answer is logged (a measurement, not a condition: it measures the machine).
     */
    public void testAnEventAcknowledgedByOneNodeIsVisibleToRecommendOnAnother() throws Exception {
        List<HttpHost> hosts = getClusterHosts();
        List<String> measurements = new ArrayList<>();
        for (int from = 0; from < hosts.size(); from++) {
            for (int to = 0; to < hosts.size(); to++) {
                if (from == to) {
                    continue;
                }
                String user = "shopper-" + from + "-" + to;
                try (RestClient ingestNode = RestClient.builder(hosts.get(from)).build(); RestClient queryNode = RestClient.builder(hosts.get(to)).build()) {
                    String ingestName = nodeName(ingestNode);
                    String queryName = nodeName(queryNode);
                    assertApplied(ingest(ingestNode, "[{\"user_id\": \"" + user + "\", \"item\": \"k2\", \"type\": \"view\"}]", "application/json"), user, 1);
                    String before = topHit(queryNode, user);
                    assertTrue(user + ": the view acknowledged by " + ingestName + " gives a kitchen item on " + queryName + ", not " + before,
                        before != null && before.startsWith("k"));

                    ObjectPath ack = ingest(ingestNode, "[{\"user_id\": \"" + user + "\", \"item\": \"g3\", \"type\": \"purchase\"}]", "application/json");
                    long acknowledged = System.nanoTime();
                    assertApplied(ack, user, 1);
                    String after = topHit(queryNode, user);
                    long answeredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acknowledged);
                    assertTrue(user + ": the purchase acknowledged by " + ingestName + " gives a garden item in the next answer of " + queryName
                        + ", not " + after, after != null && after.startsWith("g"));
                    measurements.add(String.format(Locale.ROOT, "%s -> %s: answered %d ms after the ack", ingestName, queryName, answeredMillis));
                }
            }
        }
        logger.info("real-time visibility across nodes: {}", measurements);
    }

    /** The top hit of the k-NN-only recommend query on {@code node}: the item nearest the user's vector, or null. */
    private static String topHit(RestClient node, String user) throws IOException {
        Request search = new Request("POST", "/" + CATALOG + "/_search");
        search.setJsonEntity(String.format(Locale.ROOT, """
            {"size": 1, "query": {"recommend": {"recommender": "%s", "user": {"id": "%s"},
              "sources": {"knn": {"k": 3}, "cooccurrence": {"size": 0}, "popular": {"size": 0}, "neighbors": {"k": 0}}, "rerank": {"window": 0}}}}""", RECOMMENDER, user));
        ObjectPath response = ObjectPath.createFromResponse(node.performRequest(search));
        assertEquals("failed shards", 0, ((Number) response.evaluate("_shards.failed")).intValue());
        return response.evaluate("hits.hits.0._id");
    }

    private static ObjectPath ingest(RestClient node, String body, String contentType) throws IOException {
        Request request = new Request("POST", RECOMMENDERS + "/" + RECOMMENDER + "/events");
        request.setEntity(new StringEntity(body, ContentType.create(contentType, StandardCharsets.UTF_8)));
        return ObjectPath.createFromResponse(node.performRequest(request));
    }

    private static void assertApplied(ObjectPath response, String user, int events) throws IOException {
        assertEquals(false, response.evaluate("errors"));
        List<?> items = response.evaluate("items");
        assertEquals(events, items.size());
        for (int i = 0; i < events; i++) {
            assertEquals(201, ((Number) response.evaluate("items." + i + ".status")).intValue());
            assertEquals("applied", response.evaluate("items." + i + ".result"));
            assertEquals(user, response.evaluate("items." + i + ".user_id"));
            assertEquals(true, response.evaluate("items." + i + ".in_catalog"));
        }
    }

    private static String nodeName(RestClient node) throws IOException {
        Map<String, Object> root = entityAsMap(node.performRequest(new Request("GET", "/")));
        return (String) root.get("name");
    }
}
