package io.recsys.opensearch.it;

import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merchandising rules and the page-level exclusions on one real node: a shopper whose history is in the kitchen, a
 * catalog of kitchen and garden items, and the pins, boosts, burials and "not again" a shop would set on top of her
 * recommendations.
 */
public class RulesSingleNodeTests extends RecsysSingleNodeTestCase {

    /** Only the k-NN source, 12 hits: the kitchen first (her history), then the garden. */
    private static final String KNN_ONLY = "\"sources\": {\"cooccurrence\": {\"size\": 0}, \"popular\": {\"size\": 0}, \"trending\": {\"size\": 0}}";

    @Override
    public void setUp() throws Exception {
        super.setUp();
        TestCatalog.create(client(), "products", 4, 1, 0);
        Map<String, float[]> vectors = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        for (int i = 1; i <= 6; i++) {
            vectors.put("k" + i, new float[] { 1, 0.05f * i, 0, 0 });
            categories.put("k" + i, i % 2 == 0 ? "kitchen" : "tableware");
            vectors.put("g" + i, new float[] { 0.2f, 0, 1, 0.05f * i });
            categories.put("g" + i, "garden");
        }
        RecsysClient.indexItems(client(), "products", vectors, categories);
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
        RecsysClient.ingest(client(), "shop", """
            {"user_id": "alice", "item": "k1", "type": "view"}
            {"user_id": "alice", "item": "k2", "type": "view"}
            """);
        client().admin().indices().prepareRefresh().get();
    }

    @Override
    public void tearDown() throws Exception {
        client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        super.tearDown();
    }

    private SearchResponse search(String rules) throws IOException {
        return searchWith(rules == null ? "" : ", \"rules\": " + rules);
    }

    private SearchResponse searchWith(String extra) throws IOException {
        String body = "{\"size\": 12, \"explain\": true, \"query\": {\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"alice\"}, "
            + KNN_ONLY + extra + "}}}";
        NamedXContentRegistry registry = getInstanceFromNode(NamedXContentRegistry.class);
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
            return client().search(new SearchRequest("products").source(SearchSourceBuilder.fromXContent(parser))).actionGet();
        }
    }

    private static List<String> ids(SearchResponse response) {
        return Arrays.stream(response.getHits().getHits()).map(SearchHit::getId).toList();
    }

    private static String explanation(SearchResponse response, String id) {
        return Arrays.stream(response.getHits().getHits()).filter(hit -> hit.getId().equals(id)).findFirst().orElseThrow().getExplanation().toString();
    }

    public void testWithoutRulesTheKitchenComesFirst() throws IOException {
        List<String> plain = ids(search(null));
        assertEquals(12, plain.size());
        assertTrue(plain.toString(), plain.subList(0, 6).stream().allMatch(id -> id.startsWith("k")));
    }

    public void testPinnedItemsTakeTheirPositionsAndExplainSaysWhichRule() throws IOException {
        SearchResponse response = search("{\"pin\": [{\"item\": \"k3\", \"position\": 2}, {\"item\": \"g6\", \"position\": 0}]}");
        List<String> ids = ids(response);
        assertEquals("g6, the last garden item, first: " + ids, "g6", ids.get(0));
        assertEquals(ids.toString(), "k3", ids.get(2));
        assertEquals("each item once", 12, ids.stream().distinct().count());
        assertTrue(explanation(response, "g6"), explanation(response, "g6").contains("pin at position 0 [rules.pin.1]"));
        for (int i = 1; i < response.getHits().getHits().length; i++) {
            assertTrue("scores decrease down the hits", response.getHits().getHits()[i - 1].getScore() > response.getHits().getHits()[i].getScore());
        }
    }

    public void testBoostedItemsMoveUpAndBuriedOnesGoLast() throws IOException {
        SearchResponse boosted = search("{\"boost\": [{\"filter\": {\"term\": {\"category\": \"garden\"}}, \"weight\": 100}]}");
        List<String> ids = ids(boosted);
        assertTrue("the garden first: " + ids, ids.subList(0, 6).stream().allMatch(id -> id.startsWith("g")));
        assertTrue(explanation(boosted, "g1").contains("boost ×100.0 [rules.boost.0]"));

        SearchResponse buried = search("{\"bury\": [{\"filter\": {\"term\": {\"category\": \"tableware\"}}}]}");
        List<String> order = ids(buried);
        assertEquals("k1, k3, k5 (tableware) last: " + order, java.util.Set.of("k1", "k3", "k5"), java.util.Set.copyOf(order.subList(9, 12)));
        assertTrue(explanation(buried, "k3").contains("bury [rules.bury.0]"));
        assertFalse("an item no rule moved says nothing of rules", explanation(buried, "k2").contains("rule"));
    }

    public void testAPinnedItemOutOfStockIsNotShown() throws IOException {
        client().prepareUpdate("products", "g6").setDoc(Map.of("in_stock", false)).setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE).get();
        List<String> ids = ids(search("{\"pin\": [{\"item\": \"g6\", \"position\": 0}, {\"item\": \"no-such-item\", \"position\": 1}]}"));
        assertFalse(ids.toString(), ids.contains("g6"));
        assertFalse(ids.toString(), ids.contains("no-such-item"));
        assertTrue("the others as without rules: " + ids, ids.get(0).startsWith("k"));
    }

    public void testTheRecommendersRulesApplyUnlessTheRequestGivesItsOwn() throws IOException {
        RecsysClient.putRecommender(client(), "shop", """
            {"catalog": {"index": "products"}, "rules": {"pin": [{"item": "g2", "position": 0}]}}""");
        assertEquals("g2", ids(search(null)).get(0));
        assertEquals("the request's rules replace the recommender's", "g4", ids(search("{\"pin\": [{\"item\": \"g4\", \"position\": 0}]}")).get(0));
        assertTrue("an empty rules object turns them off", ids(search("{}")).get(0).startsWith("k"));
    }

    public void testBadRulesAreRefusedNamingTheField() {
        Map<String, String> cases = Map.of(
            "{\"pin\": [{\"item\": \"k1\", \"position\": -1}]}", "[recommend.rules.pin.0.position]",
            "{\"pin\": [{\"item\": \"k1\", \"position\": 0}, {\"item\": \"k2\", \"position\": 0}]}", "[recommend.rules.pin.1.position] position [0] is pinned twice",
            "{\"boost\": [{\"filter\": {\"term\": {\"category\": \"garden\"}}, \"weight\": 0}]}", "[recommend.rules.boost.0.weight]",
            "{\"boost\": [{\"weight\": 2}]}", "[recommend.rules.boost.0.filter] is required",
            "{\"bury\": [{\"filter\": {\"term\": {\"category\": \"garden\"}}, \"weight\": 2}]}", "[recommend.rules.bury.0] unknown field [weight]",
            "{\"promote\": []}", "unknown rule [promote]"
        );
        cases.forEach((rules, expected) -> {
            Exception e = expectThrows(Exception.class, () -> search(rules));
            assertEquals(rules, RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
            assertTrue(rules + " → " + ExceptionsHelper.detailedMessage(e), ExceptionsHelper.detailedMessage(e).contains(expected));
        });
    }

    public void testSeenItemsAndItemsShownTooOftenCanBeLeftOut() throws IOException {
        long now = System.currentTimeMillis();
        RecsysClient.ingest(client(), "shop", String.format(java.util.Locale.ROOT, """
            {"user_id": "alice", "item": "k3", "type": "click", "ts": %d}
            {"user_id": "alice", "item": "k4", "type": "cart", "ts": %d}
            {"user_id": "alice", "item": "g1", "type": "impression", "ts": %d}
            {"user_id": "alice", "item": "g1", "type": "impression", "ts": %d}
            {"user_id": "alice", "item": "g1", "type": "impression", "ts": %d}
            {"user_id": "alice", "item": "g2", "type": "impression", "ts": %d}
            {"user_id": "alice", "item": "g3", "type": "impression", "ts": %d}
            {"user_id": "alice", "item": "g3", "type": "impression", "ts": %d}
            {"user_id": "alice", "item": "g3", "type": "impression", "ts": %d}
            """, now - 60_000, now - 50_000, now - 3_000, now - 2_000, now - 1_000, now - 1_000,
            now - 10 * 24 * 3600_000L, now - 10 * 24 * 3600_000L + 1, now - 10 * 24 * 3600_000L + 2));
        client().admin().indices().prepareRefresh().get();
        assertEquals("without exclusions every item comes", 12, ids(searchWith("")).size());

        List<String> unseen = ids(searchWith(", \"exclude\": {\"seen\": \"1d\"}"));
        // k1, k2 (viewed in the fixture, now) and k3 (clicked) were seen; k4 was put in the cart, which is not "seen"
        assertFalse(unseen.toString(), unseen.contains("k1") || unseen.contains("k2") || unseen.contains("k3"));
        assertTrue(unseen.toString(), unseen.contains("k4"));

        List<String> capped = ids(searchWith(", \"exclude\": {\"impressed\": {\"max\": 3, \"within\": \"1d\"}}"));
        assertFalse("g1 was shown 3 times today: " + capped, capped.contains("g1"));
        assertTrue("g2 once, g3 three times but ten days ago: " + capped, capped.containsAll(List.of("g2", "g3")));
        assertEquals(11, capped.size());

        Exception e = expectThrows(Exception.class, () -> searchWith(", \"exclude\": {\"impressed\": {\"max\": 0, \"within\": \"1d\"}}"));
        assertTrue(ExceptionsHelper.detailedMessage(e), ExceptionsHelper.detailedMessage(e).contains("[recommend.exclude.impressed.max]"));
        Exception seen = expectThrows(Exception.class, () -> searchWith(", \"exclude\": {\"seen\": \"forever\"}"));
        assertEquals(RestStatus.BAD_REQUEST, ExceptionsHelper.status(seen));
        assertTrue(ExceptionsHelper.detailedMessage(seen), ExceptionsHelper.detailedMessage(seen).contains("[recommend.exclude.seen]"));
    }
}
