package io.recsys.opensearch.cooccurrence;

import io.recsys.opensearch.plugin.RecsysPlugin;
import org.opensearch.action.admin.cluster.state.ClusterStateResponse;
import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.support.PlainActionFuture;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.cluster.routing.ShardRouting;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.knn.plugin.KNNPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code cooccurrence} over HTTP on a 3-node cluster: the Online Retail baskets in an index of 1 shard and in one of
 * 5 shards (and a replica each) spread over the 3 nodes, some baskets deleted. The 1-shard answer is exact in one round
 * and matches a count by hand; the 5-shard answer in two rounds (the second listing the candidates in {@code include})
 * is the same, number for number.
 */
@OpenSearchIntegTestCase.ClusterScope(
    scope = OpenSearchIntegTestCase.Scope.TEST,
    numDataNodes = 3,
    numClientNodes = 0,
    supportsDedicatedMasters = false
)
public class CooccurrenceClusterTests extends OpenSearchIntegTestCase {

    static {
        // the nodes of an internal cluster get different processor counts; Netty's is global to the JVM
        System.setProperty("opensearch.set.netty.runtime.available.processors", "false");
    }

    private static final String MAPPING = """
        {"properties": {"invoice": {"type": "keyword"}, "customer": {"type": "keyword"}, "items": {"type": "keyword"},
                        "note": {"type": "text"}}}""";

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(KNNPlugin.class, RecsysPlugin.class, Netty4ModulePlugin.class);
    }

    @Override
    protected boolean addMockHttpTransport() {
        return false; // real HTTP, so the requests are the JSON a user sends
    }

    /** Creates the index and loads the baskets, one document per invoice; returns what is left after deleting some. */
    private Baskets load(String index, int shards, int replicas, Baskets retail, Set<Integer> deleted) {
        client().admin()
            .indices()
            .prepareCreate(index)
            .setSettings("{\"index\": {\"number_of_shards\": %d, \"number_of_replicas\": %d}}".formatted(shards, replicas), XContentType.JSON)
            .setMapping(MAPPING)
            .get();
        BulkRequestBuilder bulk = client().prepareBulk();
        for (int i = 0; i < retail.baskets.size(); i++) {
            bulk.add(
                client().prepareIndex(index)
                    .setId("invoice-" + i)
                    .setSource(Map.of("invoice", "invoice-" + i, "items", List.copyOf(retail.baskets.get(i)), "note", "basket " + i))
            );
        }
        assertFalse(bulk.setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE).get().hasFailures());
        if (deleted.isEmpty() == false) {
            BulkRequestBuilder deletes = client().prepareBulk();
            for (int i : deleted) {
                deletes.add(client().prepareDelete(index, "invoice-" + i));
            }
            assertFalse(deletes.setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE).get().hasFailures());
        }
        List<Set<String>> left = new ArrayList<>();
        for (int i = 0; i < retail.baskets.size(); i++) {
            if (deleted.contains(i) == false) {
                left.add(retail.baskets.get(i));
            }
        }
        return new Baskets(left);
    }

    private static Map<String, Object> http(String method, String path, String body) throws IOException {
        Request request = new Request(method, path);
        if (body != null) {
            request.setJsonEntity(body);
        }
        Response response = getRestClient().performRequest(request);
        try (InputStream in = response.getEntity().getContent()) {
            return XContentHelper.convertToMap(JsonXContent.jsonXContent, in, false);
        }
    }

    /** The document, or {"found": false}. */
    /** The n items in the most baskets (ties by item): those a build with {@code max_items: n} gives indicators. */
    private static List<String> mostFrequent(Baskets baskets, int n) {
        Map<String, long[]> frequency = baskets.expected(List.of()).counts();
        return frequency.keySet()
            .stream()
            .sorted((a, b) -> frequency.get(b)[1] != frequency.get(a)[1] ? Long.compare(frequency.get(b)[1], frequency.get(a)[1]) : a.compareTo(b))
            .limit(n)
            .toList();
    }

    private static Map<String, Object> getDocument(String index, String id) throws IOException {
        Request request = new Request("GET", "/" + index + "/_doc/" + id);
        request.addParameter("ignore", "404");
        Response response = getRestClient().performRequest(request);
        try (InputStream in = response.getEntity().getContent()) {
            return XContentHelper.convertToMap(JsonXContent.jsonXContent, in, false);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cooccurrence(String index, String aggregation) throws IOException {
        Map<String, Object> response = http("POST", "/" + index + "/_search", """
            {"size": 0, "aggs": {"also_bought": {"cooccurrence": %s}}}""".formatted(aggregation));
        return (Map<String, Object>) ((Map<String, Object>) response.get("aggregations")).get("also_bought");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> buckets(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("buckets");
    }

    private static List<String> keys(Map<String, Object> result) {
        return buckets(result).stream().map(b -> (String) b.get("key")).toList();
    }

    private static String json(List<String> items) {
        return items.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    public void testOneShardAndFiveShardsOnThreeNodesGiveTheSameExactAnswer() throws IOException {
        Baskets retail = Baskets.onlineRetail();
        Set<Integer> deleted = new HashSet<>();
        while (deleted.size() < 40) {
            deleted.add(randomIntBetween(0, retail.baskets.size() - 1));
        }
        Baskets left = load("orders-1", 1, 0, retail, deleted);
        load("orders-5", 5, 1, retail, deleted);
        ensureGreen("orders-1", "orders-5");

        ClusterStateResponse state = client().admin().cluster().prepareState().get();
        Set<String> nodesWithPrimaries = state.getState()
            .routingTable()
            .index("orders-5")
            .shardsWithState(org.opensearch.cluster.routing.ShardRoutingState.STARTED)
            .stream()
            .filter(ShardRouting::primary)
            .map(ShardRouting::currentNodeId)
            .collect(Collectors.toSet());
        assertEquals("5 primaries over the 3 nodes", 3, nodesWithPrimaries.size());

        List<List<String>> anchorSets = List.of(List.of("85123A"), List.of("22423"), List.of("22111", "22112"), List.of("84029E"));
        for (List<String> anchors : anchorSets) {
            Baskets.Expected expected = left.expected(anchors);
            Map<String, Object> one = cooccurrence("orders-1", """
                {"field": "items", "anchors": %s, "size": 20, "min_doc_count": 3}""".formatted(json(anchors)));
            assertEquals(true, one.get("exact"));
            assertEquals("deleted baskets are not in the foreground", expected.fg(), ((Number) one.get("doc_count")).longValue());
            assertEquals("nor in the background", expected.bg(), ((Number) one.get("bg_count")).longValue());
            assertEquals(expected.top(20, 3), keys(one));
            for (Map<String, Object> bucket : buckets(one)) {
                String key = (String) bucket.get("key");
                assertEquals(key, expected.counts().get(key)[0], ((Number) bucket.get("doc_count")).longValue());
                assertEquals(key, expected.counts().get(key)[1], ((Number) bucket.get("bg_count")).longValue());
                assertEquals(key, expected.score(key), ((Number) bucket.get("score")).doubleValue(), 1e-9 * expected.score(key));
            }

            // five shards, first round: every shard returns all its candidates; the answer says it is not exact, and
            // its scores are upper bounds (bg_counts can only be low)
            Map<String, Object> firstRound = cooccurrence("orders-5", """
                {"field": "items", "anchors": %s, "size": 200, "shard_size": 100000, "min_doc_count": 3}""".formatted(json(anchors)));
            assertEquals(false, firstRound.get("exact"));
            assertEquals(one.get("doc_count"), firstRound.get("doc_count"));
            assertEquals(one.get("bg_count"), firstRound.get("bg_count"));
            // second round: the candidates, counted on every shard
            Map<String, Object> secondRound = cooccurrence("orders-5", """
                {"field": "items", "anchors": %s, "size": 20, "min_doc_count": 3, "include": %s}""".formatted(
                json(anchors),
                json(keys(firstRound))
            ));
            assertEquals(true, secondRound.get("exact"));
            double twentieth = ((Number) buckets(secondRound).get(19).get("score")).doubleValue();
            double bestLeftOut = ((Number) buckets(firstRound).get(buckets(firstRound).size() - 1).get("score")).doubleValue();
            assertTrue("nothing left out of the second round can reach the top 20", twentieth > bestLeftOut);
            assertEquals("anchors " + anchors, one, secondRound);
        }

        // the same rounds from Java, as the indicators build runs them
        for (List<String> anchors : anchorSets) {
            CooccurrenceAggregationBuilder request = new CooccurrenceAggregationBuilder("also_bought").field("items").anchors(anchors).size(20);
            InternalCooccurrence single = exact("orders-1", request);
            InternalCooccurrence five = exact("orders-5", request);
            assertTrue(single.isExact());
            assertTrue(five.isExact());
            assertEquals(20, single.getBuckets().size());
            assertEquals(single.getBuckets(), five.getBuckets());
            assertEquals(left.expected(anchors).top(20, 3), single.getBuckets().stream().map(InternalCooccurrence.Bucket::key).toList());
        }
    }

    private InternalCooccurrence exact(String index, CooccurrenceAggregationBuilder request) {
        PlainActionFuture<InternalCooccurrence> future = new PlainActionFuture<>();
        ExactCooccurrence.search(client(), index, null, request, future);
        return future.actionGet();
    }

    @SuppressWarnings("unchecked")
    public void testSignificantTermsWithLlrOverHttp() throws IOException {
        // one shard: significant_terms sums background counts the same way, and has the same blind spot over several
        load("orders-1", 1, 0, Baskets.onlineRetail(), Set.of());
        ensureGreen("orders-1");
        Map<String, Object> response = http("POST", "/orders-1/_search", """
            {"size": 0, "query": {"term": {"items": "22423"}},
             "aggs": {"sig": {"significant_terms": {"field": "items", "llr": {}, "size": 5, "shard_size": 5000}}}}""");
        Map<String, Object> sig = (Map<String, Object>) ((Map<String, Object>) response.get("aggregations")).get("sig");
        List<Map<String, Object>> buckets = (List<Map<String, Object>>) sig.get("buckets");
        assertEquals(5, buckets.size());
        Baskets.Expected expected = Baskets.onlineRetail().expected(List.of("22423"));
        assertEquals("the anchor itself is the most significant term of its own documents", "22423", buckets.get(0).get("key"));
        for (Map<String, Object> bucket : buckets.subList(1, 5)) {
            String key = (String) bucket.get("key");
            assertEquals(key, expected.score(key), ((Number) bucket.get("score")).doubleValue(), 1e-9 * expected.score(key));
        }
    }

    @SuppressWarnings("unchecked")
    public void testBadRequestsAre400sNamingTheField() throws IOException {
        load("orders-1", 1, 0, Baskets.of("a b", "a c"), Set.of());
        String[][] cases = {
            { "{\"field\": \"items\", \"anchors\": [\"a\"], \"size\": 0}", "[cooccurrence.size] must be in the range [1, 10000], got [0]" },
            { "{\"field\": \"items\", \"anchors\": []}", "[cooccurrence.anchors] must hold between 1 and 1024 distinct items, got [0]" },
            { "{\"anchors\": [\"a\"]}", "[cooccurrence.field] is required" },
            { "{\"field\": \"items\", \"anchors\": [\"a\"], \"colour\": 1}", "[cooccurrence] unknown field [colour]" },
            { "{\"field\": \"note\", \"anchors\": [\"a\"]}", "[cooccurrence.field] field [note] is of type [text]; it must be a [keyword] field of item ids" } };
        for (String[] c : cases) {
            ResponseException e = expectThrows(ResponseException.class, () -> cooccurrence("orders-1", c[0]));
            assertEquals(c[0], 400, e.getResponse().getStatusLine().getStatusCode());
            Map<String, Object> body;
            try (InputStream in = e.getResponse().getEntity().getContent()) {
                body = XContentHelper.convertToMap(JsonXContent.jsonXContent, in, false);
            }
            List<Map<String, Object>> rootCauses = (List<Map<String, Object>>) ((Map<String, Object>) body.get("error")).get("root_cause");
            assertTrue(c[0] + " → " + body, rootCauses.stream().anyMatch(cause -> String.valueOf(cause.get("reason")).contains(c[1])));
        }
    }

    @SuppressWarnings("unchecked")
    public void testIndicatorsAreTheExactAnswerPerItemAndARebuildSwapsTheAlias() throws IOException {
        Baskets retail = Baskets.onlineRetail();
        Baskets left = load("orders-5", 5, 1, retail, Set.of(3, 17, 99));
        ensureGreen("orders-5");

        Map<String, Object> built = http("POST", "/_plugins/_recsys/indicators/_build", """
            {"source": {"index": "orders-5", "field": "items"}, "dest": {"index": "orders-indicators"},
             "size": 10, "min_doc_count": 3, "max_items": 40, "parallelism": 3}""");
        assertEquals("orders-indicators", built.get("dest"));
        String firstIndex = (String) built.get("index");
        assertTrue(firstIndex.startsWith("orders-indicators-"));
        assertEquals(40, built.get("items"));
        assertEquals(left.baskets.size(), ((Number) built.get("baskets")).intValue());
        int withIndicators = ((Number) built.get("items_with_indicators")).intValue();
        assertTrue(withIndicators > 30);

        // the 40 most frequent items got indicators: each document is the exact answer with that item as the anchor
        Map<String, long[]> frequency = left.expected(List.of()).counts();
        int documents = 0;
        for (String item : mostFrequent(left, 40)) {
            Baskets.Expected expected = left.expected(List.of(item));
            List<String> top = expected.top(10, 3);
            Map<String, Object> doc = getDocument("orders-indicators", item);
            if (top.isEmpty()) {
                assertEquals(item + " has no indicator and no document", false, doc.get("found"));
                continue;
            }
            documents++;
            Map<String, Object> source = (Map<String, Object>) doc.get("_source");
            assertEquals(item, source.get("item"));
            assertEquals(frequency.get(item)[1], ((Number) source.get("doc_count")).longValue());
            assertEquals("indicators of " + item, top, source.get("indicators"));
            List<Map<String, Object>> details = (List<Map<String, Object>>) source.get("details");
            for (Map<String, Object> detail : details) {
                String key = (String) detail.get("item");
                assertEquals(expected.counts().get(key)[0], ((Number) detail.get("doc_count")).longValue());
                assertEquals(expected.counts().get(key)[1], ((Number) detail.get("bg_count")).longValue());
                assertEquals(expected.score(key), ((Number) detail.get("score")).doubleValue(), 1e-9 * expected.score(key));
            }
        }
        assertEquals(withIndicators, documents);
        http("POST", "/orders-indicators/_refresh", null);
        Map<String, Object> count = http("GET", "/orders-indicators/_count", null);
        assertEquals(documents, ((Number) count.get("count")).intValue());

        // a rebuild writes a new index, moves the alias in one step and deletes the old index
        Map<String, Object> rebuilt = http("POST", "/_plugins/_recsys/indicators/_build", """
            {"source": {"index": "orders-5", "field": "items"}, "dest": {"index": "orders-indicators"},
             "size": 2, "min_doc_count": 3, "max_items": 5}""");
        String secondIndex = (String) rebuilt.get("index");
        assertNotEquals(firstIndex, secondIndex);
        Map<String, Object> aliases = http("GET", "/_alias/orders-indicators", null);
        assertEquals(Set.of(secondIndex), aliases.keySet());
        assertFalse("the previous build is deleted", client().admin().indices().prepareExists(firstIndex).get().isExists());
        Map<String, Object> doc = http("GET", "/orders-indicators/_doc/85123A", null);
        assertEquals(left.expected(List.of("85123A")).top(2, 3), ((Map<String, Object>) doc.get("_source")).get("indicators"));
    }

    /** With {@code "score": "cosine"} every item's indicators are the exact top by the shrunk cosine, across five shards. */
    @SuppressWarnings("unchecked")
    public void testACosineBuildHoldsTheExactCosineAnswerPerItem() throws IOException {
        Baskets retail = Baskets.onlineRetail();
        Baskets left = load("orders-5", 5, 1, retail, Set.of());
        ensureGreen("orders-5");

        Map<String, Object> built = http("POST", "/_plugins/_recsys/indicators/_build", """
            {"source": {"index": "orders-5", "field": "items"}, "dest": {"index": "orders-cosine"},
             "size": 10, "min_doc_count": 3, "max_items": 30, "score": "cosine"}""");
        String index = (String) built.get("index");
        Map<String, Object> mapping = http("GET", "/" + index + "/_mapping", null);
        Map<String, Object> meta = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) mapping.get(index)).get("mappings")).get("_meta");
        assertEquals("cosine(10.0)", ((Map<String, Object>) meta.get("recsys_indicators")).get("score"));

        int differFromLlr = 0;
        for (String item : mostFrequent(left, 30)) {
            Baskets.Expected expected = left.expected(List.of(item));
            List<String> top = expected.topByCosine(10, 3, 10);
            Map<String, Object> doc = getDocument("orders-cosine", item);
            if (top.isEmpty()) {
                assertEquals(item + " has no indicator and no document", false, doc.get("found"));
                continue;
            }
            Map<String, Object> source = (Map<String, Object>) doc.get("_source");
            assertEquals("indicators of " + item, top, source.get("indicators"));
            for (Map<String, Object> detail : (List<Map<String, Object>>) source.get("details")) {
                String key = (String) detail.get("item");
                assertEquals(key, expected.cosine(key, 10), ((Number) detail.get("score")).doubleValue(), 1e-12);
            }
            differFromLlr += top.equals(expected.top(10, 3)) ? 0 : 1;
        }
        assertTrue("the cosine ranks some item's companions unlike LLR", differFromLlr > 0);
    }

    @SuppressWarnings("unchecked")
    public void testAnUnfinishedBuildIsResumedWithoutComputingItsItemsAgain() throws IOException {
        Baskets retail = Baskets.onlineRetail();
        Baskets left = load("orders-5", 5, 1, retail, Set.of());
        ensureGreen("orders-5");
        String body = """
            {"source": {"index": "orders-5", "field": "items"}, "dest": {"index": "resumed"}, "size": 5, "min_doc_count": 3, "max_items": 30%s}""";
        Map<String, Object> complete = http("POST", "/_plugins/_recsys/indicators/_build", body.formatted(""));
        String index = (String) complete.get("index");
        int withIndicators = ((Number) complete.get("items_with_indicators")).intValue();

        // make it look like a build that stopped early: no alias yet, and its last items not written
        http("POST", "/_aliases", "{\"actions\": [{\"remove\": {\"index\": \"" + index + "\", \"alias\": \"resumed\"}}]}");
        http("POST", "/" + index + "/_refresh", null);
        List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) http("GET", "/" + index + "/_search?size=3&sort=item", null)
            .get("hits")).get("hits");
        List<String> dropped = hits.stream().map(hit -> (String) hit.get("_id")).toList();
        assertEquals(3, dropped.size());
        for (String item : dropped) {
            http("DELETE", "/" + index + "/_doc/" + item + "?refresh=true", null);
        }

        Map<String, Object> resumed = http("POST", "/_plugins/_recsys/indicators/_build", body.formatted(", \"resume\": true"));
        assertEquals("the unfinished index is continued", index, resumed.get("index"));
        assertEquals(30, resumed.get("items"));
        assertEquals("what it had written is kept", withIndicators - dropped.size(), ((Number) resumed.get("resumed_items")).intValue());
        assertEquals(withIndicators, ((Number) resumed.get("items_with_indicators")).intValue());
        assertEquals(Set.of(index), http("GET", "/_alias/resumed", null).keySet());
        for (String item : dropped) {
            Map<String, Object> doc = getDocument("resumed", item);
            assertEquals("the missing item " + item + " was computed", left.expected(List.of(item)).top(5, 3), ((Map<String, Object>) doc.get("_source")).get("indicators"));
        }
    }

    @SuppressWarnings("unchecked")
    public void testIndicatorsBuildRefusesBadRequestsAndLeavesOtherIndicesAlone() throws IOException {
        load("orders-1", 1, 0, Baskets.of("a b", "a b", "a b c"), Set.of());
        client().admin().indices().prepareCreate("plain").get();
        String[][] cases = {
            { "{\"dest\": {\"index\": \"x\"}}", "400", "[source.index] is required" },
            { "{\"source\": {\"index\": \"orders-1\"}, \"dest\": {\"index\": \"x\"}}", "400", "[source.field] is required" },
            { "{\"source\": {\"index\": \"orders-1\", \"field\": \"items\"}}", "400", "[dest.index] is required" },
            { "{\"source\": {\"index\": \"orders-1\", \"field\": \"items\"}, \"dest\": {\"index\": \"x\"}, \"size\": 0}", "400", "[size] must be in the range [1, 1000], got [0]" },
            { "{\"source\": {\"index\": \"orders-1\", \"field\": \"items\", \"colour\": 1}, \"dest\": {\"index\": \"x\"}}", "400", "[source] unknown field [colour]" },
            { "{\"source\": {\"index\": \"orders-1\", \"field\": \"note\"}, \"dest\": {\"index\": \"x\"}}", "400", "[source.field] field [note] in index [orders-1] is of type [text]; it must be a [keyword] field of item ids" },
            { "{\"source\": {\"index\": \"orders-1\", \"field\": \"nope\"}, \"dest\": {\"index\": \"x\"}}", "400", "[source.field] field [nope] is not mapped in index [orders-1]" },
            { "{\"source\": {\"index\": \"orders-1\", \"field\": \"items\"}, \"dest\": {\"index\": \"plain\"}}", "400", "[dest.index] [plain] is an existing index" },
            { "{\"source\": {\"index\": \"orders-1\", \"field\": \"items\"}, \"dest\": {\"index\": \"x\"}, \"score\": \"jaccard\"}", "400", "[score] must be one of [llr, cosine], got [jaccard]" },
            { "{\"source\": {\"index\": \"orders-1\", \"field\": \"items\"}, \"dest\": {\"index\": \"x\"}, \"shrink\": 3}", "400", "[shrink] applies to [\"score\": \"cosine\"] only" },
            { "{\"source\": {\"index\": \"missing\", \"field\": \"items\"}, \"dest\": {\"index\": \"x\"}}", "404", "no such index [missing]" } };
        for (String[] c : cases) {
            ResponseException e = expectThrows(ResponseException.class, () -> http("POST", "/_plugins/_recsys/indicators/_build", c[0]));
            assertEquals(c[0], Integer.parseInt(c[1]), e.getResponse().getStatusLine().getStatusCode());
            Map<String, Object> body;
            try (InputStream in = e.getResponse().getEntity().getContent()) {
                body = XContentHelper.convertToMap(JsonXContent.jsonXContent, in, false);
            }
            Map<String, Object> error = (Map<String, Object>) body.get("error");
            String reasons = error.get("reason") + " | " + ((List<Map<String, Object>>) error.get("root_cause")).get(0).get("reason");
            assertTrue(c[0] + " → " + reasons, reasons.contains(c[2]));
        }
        assertTrue("the plain index is untouched", client().admin().indices().prepareExists("plain").get().isExists());
        Set<String> indices = client().admin().cluster().prepareState().get().getState().metadata().indices().keySet();
        assertTrue("no index was left behind: " + indices, indices.stream().noneMatch(i -> i.startsWith("x")));
    }
}
