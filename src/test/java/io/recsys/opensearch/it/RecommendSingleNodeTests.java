package io.recsys.opensearch.it;

import io.recsys.opensearch.candidate.Candidate;
import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.catalogread.DocAddress;
import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.indicators.IndicatorsBuildParser;
import io.recsys.opensearch.query.CandidatesQueryBuilder;
import io.recsys.opensearch.recommender.FusionWeights;
import io.recsys.opensearch.rerank.Fusion;
import io.recsys.opensearch.stats.Counter;
import io.recsys.opensearch.transport.indicators.BuildIndicatorsAction;
import io.recsys.opensearch.transport.indicators.BuildIndicatorsRequest;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import io.recsys.opensearch.transport.stats.RecsysStatsAction;
import io.recsys.opensearch.transport.stats.RecsysStatsRequest;
import io.recsys.opensearch.transport.stats.RecsysStatsResponse;
import org.apache.lucene.search.Explanation;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.CheckedRunnable;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.index.shard.ShardId;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.aggregations.bucket.terms.Terms;
import org.opensearch.search.builder.SearchSourceBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recommend query on one real node: a kitchen region and a garden region of the embedding space, shoppers with
 * histories in one of them, and every composition a user would try.
 */
public class RecommendSingleNodeTests extends RecsysSingleNodeTestCase {

    @Override
    public void setUp() throws Exception {
        super.setUp();
        TestCatalog.create(client(), "products", 4, 2, 0);
        Map<String, float[]> vectors = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        for (int i = 1; i <= 12; i++) {
            vectors.put("k" + i, new float[] { 1, 0.05f * i, 0, 0.01f });
            categories.put("k" + i, i % 2 == 0 ? "kitchen" : "tableware");
            vectors.put("g" + i, new float[] { 0, 0.01f, 1, 0.05f * i });
            categories.put("g" + i, "garden");
        }
        RecsysClient.indexItems(client(), "products", vectors, categories);
        // titles: every third item of both regions is a "mug"
        var bulk = client().prepareBulk().setRefreshPolicy(org.opensearch.action.support.WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int i = 3; i <= 12; i += 3) {
            bulk.add(client().prepareUpdate("products", "k" + i).setDoc(Map.of("title", "kitchen mug " + i)));
            bulk.add(client().prepareUpdate("products", "g" + i).setDoc(Map.of("title", "garden mug " + i)));
        }
        assertFalse(bulk.get().hasFailures());
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
        RecsysClient.ingest(client(), "shop", """
            {"user": {"platform": "app", "id": "dev-alice"}, "item": "k1", "type": "view"}
            {"user": {"platform": "app", "id": "dev-alice"}, "item": "k2", "type": "purchase"}
            {"user": {"platform": "app", "id": "dev-alice"}, "item": "k4", "type": "cart"}
            {"user_id": "bob", "item": "g1", "type": "view", "platform": "web"}
            {"user_id": "bob", "item": "g2", "type": "purchase", "platform": "web"}
            {"user_id": "carol", "item": "k1", "type": "purchase"}
            {"user_id": "carol", "item": "g5", "type": "purchase"}
            {"user_id": "dave", "item": "k1", "type": "purchase"}
            {"user_id": "dave", "item": "g5", "type": "purchase"}
            {"user_id": "erin", "item": "g7", "type": "view"}
            {"user_id": "erin", "item": "g7", "type": "view"}
            {"user_id": "erin", "item": "g7", "type": "view"}
            """);
        RecsysClient.link(client(), "shop", "alice", false, new Identity("app", "dev-alice"), new Identity("web", "ck-alice"));
        client().admin().indices().prepareRefresh().get();
    }

    @Override
    public void tearDown() throws Exception {
        client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        super.tearDown();
    }

    private SearchResponse search(String body) throws IOException {
        NamedXContentRegistry registry = getInstanceFromNode(NamedXContentRegistry.class);
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
            return client().search(new SearchRequest("products").source(SearchSourceBuilder.fromXContent(parser))).actionGet();
        }
    }

    private static List<String> ids(SearchResponse response) {
        return Arrays.stream(response.getHits().getHits()).map(SearchHit::getId).toList();
    }

    private static String recommend(String user, String extra) {
        return String.format(Locale.ROOT, "{\"recommender\": \"shop\", \"user\": %s%s}", user, extra.isEmpty() ? "" : ", " + extra);
    }

    /** Only the k-NN source: the property under test is where the user's vector points. */
    private static final String KNN_ONLY = "\"sources\": {\"cooccurrence\": {\"size\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}";

    public void testHistoryInOneRegionGetsRecommendationsFromThatRegion() throws IOException {
        List<String> alice = ids(search("{\"size\": 6, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", KNN_ONLY) + "}}"));
        assertEquals(6, alice.size());
        assertTrue("alice's history is in the kitchen: " + alice, alice.stream().allMatch(id -> id.startsWith("k")));
        List<String> bob = ids(search("{\"size\": 6, \"query\": {\"recommend\": " + recommend("{\"id\": \"bob\"}", KNN_ONLY) + "}}"));
        assertTrue("bob's history is in the garden: " + bob, bob.stream().allMatch(id -> id.startsWith("g")));
    }

    public void testAReturningShoppersLastSessionIsNotSearchedApart() throws IOException {
        // Six kitchen items in the morning, one garden item in a session of its own at noon: the long-term vector points
        // to the kitchen, the last session's to the garden. At noon the shopper is in that session, and its neighbours
        // come first; weeks later the shopper is back and only the long-term vector is searched.
        StringBuilder events = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            events.append(String.format(Locale.ROOT,
                "{\"user_id\": \"returner\", \"item\": \"k%d\", \"type\": \"view\", \"ts\": \"2026-11-01T08:0%d:00Z\"}%n", i, i));
        }
        events.append("{\"user_id\": \"returner\", \"item\": \"g9\", \"type\": \"view\", \"ts\": \"2026-11-01T12:00:00Z\"}\n");
        RecsysClient.ingest(client(), "shop", events.toString());
        client().admin().indices().prepareRefresh().get();
        String at = "{\"size\": 4, \"query\": {\"recommend\": " + recommend("{\"id\": \"returner\"}",
            "\"sources\": {\"knn\": {\"k\": 4}, \"cooccurrence\": {\"size\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}, "
                + "\"context\": {\"time\": \"%s\"}") + "}}";
        List<String> inSession = ids(search(String.format(Locale.ROOT, at, "2026-11-01T12:10:00Z")));
        assertEquals("in the session its neighbours come first: " + inSession, List.of(true, true, false, false),
            inSession.stream().map(id -> id.startsWith("g")).toList());
        List<String> returning = ids(search(String.format(Locale.ROOT, at, "2026-11-20T09:00:00Z")));
        assertEquals(4, returning.size());
        assertTrue("weeks later, the long-term vector's kitchen alone: " + returning, returning.stream().allMatch(id -> id.startsWith("k")));
    }

    public void testCrossPlatformHistoryCounts() throws IOException {
        // alice shopped on the app; she now browses the web with a cookie linked to her
        List<String> web = ids(search("{\"size\": 5, \"query\": {\"recommend\": " + recommend("{\"platform\": \"web\", \"id\": \"ck-alice\"}", "\"context\": {\"platform\": \"web\"}, " + KNN_ONLY) + "}}"));
        assertTrue(web.toString(), web.stream().allMatch(id -> id.startsWith("k")));
    }

    public void testTheSameTextQueryIsPersonalizedAndKeepsItsMatchingSemantics() throws IOException {
        String mug = "\"query\": {\"match\": {\"title\": \"mug\"}}";
        List<String> alice = ids(search("{\"size\": 8, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", mug) + "}}"));
        List<String> bob = ids(search("{\"size\": 8, \"query\": {\"recommend\": " + recommend("{\"id\": \"bob\"}", mug) + "}}"));
        Set<String> mugs = Set.of("k3", "k6", "k9", "k12", "g3", "g6", "g9", "g12");
        assertEquals("only items matching the text come back", mugs, new HashSet<>(alice));
        assertEquals(mugs, new HashSet<>(bob));
        assertTrue("alice sees kitchen mugs first: " + alice, alice.get(0).startsWith("k"));
        assertTrue("bob sees garden mugs first: " + bob, bob.get(0).startsWith("g"));
    }

    public void testUnknownUserGetsThePopularFallbackAndExplainSaysSo() throws IOException {
        SearchResponse response = search("{\"size\": 3, \"explain\": true, \"query\": {\"recommend\": " + recommend("{\"id\": \"nobody\"}", "") + "}}");
        assertEquals("g7 has the most interactions", "g7", response.getHits().getHits()[0].getId());
        String explanation = response.getHits().getHits()[0].getExplanation().toString();
        assertTrue(explanation, explanation.contains("fallback [no_profile"));
        assertTrue(explanation, explanation.contains("source [popular] rank [1]"));
        assertTrue("no user features, no model: " + explanation, explanation.contains("rerank: skipped for the fallback"));
    }

    public void testPopularItemsAreAggregatedOnceForUsersWithDifferentExclusions() throws IOException {
        String popularOnly = "\"sources\": {\"knn\": {\"k\": 0}, \"cooccurrence\": {\"size\": 0}, \"neighbors\": {\"k\": 0}, \"trending\": {\"size\": 0}}";
        withTransientSetting("recsys.recommend.popular_cache_ttl", "1m", () -> {
            long before = eventSearches();
            search("{\"query\": {\"recommend\": " + recommend("{\"id\": \"nobody\"}", popularOnly) + "}}");
            search("{\"query\": {\"recommend\": " + recommend("{\"id\": \"bob\"}", popularOnly + ", \"exclude\": {\"purchased\": true}") + "}}");
            List<String> ids = ids(search("{\"query\": {\"recommend\": " + recommend("{\"id\": \"carol\"}",
                popularOnly + ", \"exclude\": {\"items\": [\"g7\", \"k1\", \"g5\"]}") + "}}"));
            assertFalse("carol's exclusions still apply: " + ids, ids.contains("g7") || ids.contains("k1") || ids.contains("g5"));
            assertEquals("one ranking of the popular items serves all three users", 1, eventSearches() - before);
        });
    }

    public void testThePopularRankingIsRememberedForItsTimeToLive() throws IOException {
        String body = topPopularItemQuery();
        withTransientSetting("recsys.recommend.popular_cache_ttl", "1h", () -> {
            assertEquals("g7", ids(search(body)).get(0));
            giveK9FourInteractions();
            assertEquals("within its time to live the node answers from the ranking it has", "g7", ids(search(body)).get(0));
        });
        withTransientSetting("recsys.recommend.popular_cache_ttl", "0s", () ->
            assertEquals("a time to live of 0 asks the events index: k9 now has 4 interactions", "k9", ids(search(body)).get(0)));
        withTransientSetting("recsys.recommend.popular_cache_ttl", "1h", () -> {
            // a recommender created again has a new events index: the old ranking is not its
            client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
            RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
            RecsysClient.ingest(client(), "shop", "{\"user_id\": \"kim\", \"item\": \"g3\", \"type\": \"view\"}\n");
            client().admin().indices().prepareRefresh().get();
            assertEquals("g3", ids(search(body)).get(0));
        });
    }

    public void testAnExpiredPopularRankingAnswersWhileOneSearchRefreshesIt() throws Exception {
        String body = topPopularItemQuery();
        withTransientSetting("recsys.recommend.popular_cache_ttl", "200ms", () -> {
            assertEquals("g7", ids(search(body)).get(0));
            giveK9FourInteractions();
            try {
                Thread.sleep(300); // past the time to live
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            long before = eventSearches();
            assertEquals("past its time to live the ranking still answers, at once", "g7", ids(search(body)).get(0));
            try {
                assertBusy(() -> assertEquals("the background search brought k9's 4 interactions", "k9", ids(search(body)).get(0)));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertTrue("the events index was searched again", eventSearches() > before);
        });
    }

    /** The most interacted-with item, from the popular source alone (g7 in the test data). */
    private String topPopularItemQuery() {
        String popularOnly = "\"sources\": {\"knn\": {\"k\": 0}, \"cooccurrence\": {\"size\": 0}, \"neighbors\": {\"k\": 0}, \"trending\": {\"size\": 0}}";
        return "{\"size\": 1, \"query\": {\"recommend\": " + recommend("{\"id\": \"nobody\"}", popularOnly) + "}}";
    }

    /** Makes k9 the most interacted-with item, visible to searches. */
    private void giveK9FourInteractions() {
        RecsysClient.ingest(client(), "shop", """
            {"user_id": "ivy", "item": "k9", "type": "view"}
            {"user_id": "ivy", "item": "k9", "type": "view"}
            {"user_id": "ivy", "item": "k9", "type": "view"}
            {"user_id": "jo", "item": "k9", "type": "view"}
            """);
        client().admin().indices().prepareRefresh().get();
    }

    private long eventSearches() {
        return client().admin().indices().prepareStats("recsys-shop-events").setSearch(true).get().getTotal().getSearch().getTotal().getQueryCount();
    }

    private void withTransientSetting(String key, String value, CheckedRunnable<IOException> body) throws IOException {
        client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().put(key, value)).get();
        try {
            body.run();
        } finally {
            client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().putNull(key)).get();
        }
    }

    public void testFilterIsAppliedInsideEverySource() throws IOException {
        SearchResponse response = search("{\"size\": 20, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}",
            "\"filter\": {\"term\": {\"category\": \"garden\"}}, \"sources\": {\"knn\": {\"k\": 5}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}, \"cooccurrence\": {\"size\": 0}}") + "}}");
        List<String> ids = ids(response);
        assertEquals("k-NN filters inside the search: 5 garden items despite alice's kitchen vector", 5, ids.size());
        assertTrue(ids.toString(), ids.stream().allMatch(id -> id.startsWith("g")));
    }

    public void testExclusions() throws IOException {
        List<String> ids = ids(search("{\"size\": 30, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}",
            "\"exclude\": {\"purchased\": true, \"items\": [\"k5\"]}") + "}}"));
        assertFalse("alice bought k2", ids.contains("k2"));
        assertFalse(ids.contains("k5"));
        assertTrue(ids.contains("k1"));
    }

    public void testOutOfStockItemsAreNeverRecommendedUnlessAsked() throws IOException {
        // k1 (alice's own view: k-NN), g5 (bought with k1 by carol and dave: co-occurrence), g7 (the popular fallback)
        String alice = "{\"size\": 30, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", "") + "}}";
        String stranger = "{\"size\": 30, \"query\": {\"recommend\": " + recommend("{\"id\": \"nobody-yet\"}", "") + "}}";
        assertTrue(ids(search(alice)).containsAll(List.of("k1", "g5")));
        assertTrue(ids(search(stranger)).contains("g7"));
        var bulk = client().prepareBulk().setRefreshPolicy(org.opensearch.action.support.WriteRequest.RefreshPolicy.IMMEDIATE);
        for (String id : List.of("k1", "g5", "g7", "k6")) {
            bulk.add(client().prepareUpdate("products", id).setDoc(Map.of("in_stock", false)));
        }
        assertFalse(bulk.get().hasFailures());
        List<String> mugs = ids(search("{\"size\": 30, \"query\": {\"recommend\": "
            + recommend("{\"id\": \"alice\"}", "\"query\": {\"match\": {\"title\": \"mug\"}}") + "}}"));
        assertFalse("nor as a text match (k6 is a mug): " + mugs, mugs.contains("k6"));
        assertTrue("the mugs in stock still come: " + mugs, mugs.containsAll(List.of("k3", "k9")));

        List<String> ids = ids(search(alice));
        assertFalse("out of stock (the recommender's catalog.stock_field in_stock is false): " + ids, ids.contains("k1") || ids.contains("g5"));
        assertTrue("the rest still comes: " + ids, ids.contains("k3"));
        List<String> fallback = ids(search(stranger));
        assertFalse("not even as the popular fallback: " + fallback, fallback.contains("g7"));
        List<String> asked = ids(search("{\"size\": 30, \"query\": {\"recommend\": "
            + recommend("{\"id\": \"alice\"}", "\"exclude\": {\"out_of_stock\": false}") + "}}"));
        assertTrue("asked for: " + asked, asked.containsAll(List.of("k1", "g5")));
    }

    public void testAStockCountAtZeroOrBelowIsOutOfStockAndAnItemWithoutOneIsNot() throws IOException {
        client().admin().indices().prepareCreate("counted").setSettings("{\"index\": {\"knn\": true, \"number_of_shards\": 1}}", XContentType.JSON)
            .setMapping("""
                {"properties": {"stock": {"type": "integer"},
                 "embedding": {"type": "knn_vector", "dimension": 4, "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}}}}""")
            .get();
        var bulk = client().prepareBulk().setRefreshPolicy(org.opensearch.action.support.WriteRequest.RefreshPolicy.IMMEDIATE);
        bulk.add(client().prepareIndex("counted").setId("seen").setSource("{\"stock\": 3, \"embedding\": [1, 0, 0, 0]}", XContentType.JSON));
        bulk.add(client().prepareIndex("counted").setId("plenty").setSource("{\"stock\": 12, \"embedding\": [1, 0.1, 0, 0]}", XContentType.JSON));
        bulk.add(client().prepareIndex("counted").setId("none-left").setSource("{\"stock\": 0, \"embedding\": [1, 0.2, 0, 0]}", XContentType.JSON));
        bulk.add(client().prepareIndex("counted").setId("backordered").setSource("{\"stock\": -2, \"embedding\": [1, 0.3, 0, 0]}", XContentType.JSON));
        bulk.add(client().prepareIndex("counted").setId("not-counted").setSource("{\"embedding\": [1, 0.4, 0, 0]}", XContentType.JSON));
        assertFalse(bulk.get().hasFailures());
        RecsysClient.putRecommender(client(), "counts", "{\"catalog\": {\"index\": \"counted\", \"stock_field\": \"stock\"}}");
        try {
            RecsysClient.ingest(client(), "counts", "{\"user_id\": \"ann\", \"item\": \"seen\", \"type\": \"view\"}\n");
            client().admin().indices().prepareRefresh().get();
            NamedXContentRegistry registry = getInstanceFromNode(NamedXContentRegistry.class);
            String body = "{\"size\": 10, \"query\": {\"recommend\": {\"recommender\": \"counts\", \"user\": {\"id\": \"ann\"}}}}";
            try (XContentParser parser = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
                List<String> ids = ids(client().search(new SearchRequest("counted").source(SearchSourceBuilder.fromXContent(parser))).actionGet());
                assertEquals(java.util.Set.of("seen", "plenty", "not-counted"), java.util.Set.copyOf(ids));
            }
        } finally {
            client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("counts")).actionGet();
        }
    }

    public void testDiversityCapsHitsPerValueAndRefillsFromLowerRanks() throws IOException {
        List<String> plain = ids(search("{\"size\": 4, \"query\": {\"recommend\": " + recommend("{\"id\": \"bob\"}", "") + "}}"));
        assertTrue(plain.toString(), plain.stream().allMatch(id -> id.startsWith("g")));
        SearchResponse diverse = search("{\"size\": 4, \"query\": {\"recommend\": " + recommend("{\"id\": \"bob\"}", "\"diversity\": {\"field\": \"category\", \"max_per_value\": 2}") + "}}");
        List<String> ids = ids(diverse);
        assertEquals(4, ids.size());
        assertEquals("two garden items, then other categories move up: " + ids, 2, ids.stream().filter(id -> id.startsWith("g")).count());
        SearchHit[] hits = diverse.getHits().getHits();
        for (int i = 1; i < hits.length; i++) {
            assertTrue("scores decrease down the diversified ranking", hits[i - 1].getScore() >= hits[i].getScore());
        }
    }

    public void testPagesAreStableAndDoNotOverlap() throws IOException {
        String query = recommend("{\"id\": \"alice\"}", "");
        List<String> all = ids(search("{\"size\": 10, \"query\": {\"recommend\": " + query + "}}"));
        List<String> first = ids(search("{\"from\": 0, \"size\": 5, \"query\": {\"recommend\": " + query + "}}"));
        List<String> second = ids(search("{\"from\": 5, \"size\": 5, \"query\": {\"recommend\": " + query + "}}"));
        assertEquals(all.subList(0, 5), first);
        assertEquals(all.subList(5, 10), second);
    }

    public void testNestsInBoolWithSortAggsAndSourceFiltering() throws IOException {
        SearchResponse response = search("""
            {"size": 5, "_source": ["category"], "track_total_hits": true,
             "query": {"bool": {"must": {"recommend": %s}, "filter": {"term": {"category": "kitchen"}}}},
             "aggs": {"categories": {"terms": {"field": "category"}}}}""".formatted(recommend("{\"id\": \"alice\"}", "")));
        List<String> ids = ids(response);
        assertFalse(ids.isEmpty());
        for (SearchHit hit : response.getHits().getHits()) {
            assertEquals(Map.of("category", "kitchen"), hit.getSourceAsMap());
        }
        Terms categories = response.getAggregations().get("categories");
        assertEquals(1, categories.getBuckets().size());
        assertEquals(response.getHits().getTotalHits().value(), categories.getBuckets().get(0).getDocCount());

        SearchResponse sorted = search("{\"size\": 5, \"sort\": [{\"_id\": \"asc\"}], \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", "") + "}}");
        List<String> sortedIds = ids(sorted);
        assertEquals(sortedIds.stream().sorted().toList(), sortedIds);
    }

    public void testCooccurrenceRecallsWhatOthersBoughtTogether() throws IOException {
        // carol and dave both bought k1 and g5; alice touched k1: g5 comes from co-occurrence, far from her vector
        SearchResponse response = search("{\"size\": 3, \"explain\": true, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}",
            "\"sources\": {\"knn\": {\"k\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}") + "}}");
        assertEquals("g5", response.getHits().getHits()[0].getId());
        String explanation = response.getHits().getHits()[0].getExplanation().toString();
        assertTrue(explanation, explanation.contains("source [cooccurrence] rank [1]"));
    }

    public void testAReturningShoppersAnchorsCountAlikeWhicheverCameLast() throws IOException {
        // g3 was bought with k5 by two shoppers, g4 with k6 by three: g4 -> k6 is the stronger pair (LLR about 1.3 times
        // g3 -> k5). Weeks later neither shopper is in a session, and the order they saw g3 and g4 in no longer matters:
        // both are shown k6 first, online and from the indicators (each anchor weighed by its rarity)
        buyTogether("g3", "k5", 2);
        buyTogether("g4", "k6", 3);
        RecsysClient.ingest(client(), "shop", """
            {"user_id": "g3-last", "item": "g4", "type": "view", "ts": "2026-11-21T09:00:00Z"}
            {"user_id": "g3-last", "item": "g3", "type": "view", "ts": "2026-11-21T09:05:00Z"}
            {"user_id": "g4-last", "item": "g3", "type": "view", "ts": "2026-11-21T09:00:00Z"}
            {"user_id": "g4-last", "item": "g4", "type": "view", "ts": "2026-11-21T09:05:00Z"}
            """);
        client().admin().indices().prepareRefresh().get();
        String cooccurrenceOnly = "\"sources\": {\"knn\": {\"k\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}";
        String g3Last = "{\"size\": 2, \"query\": {\"recommend\": " + recommend("{\"id\": \"g3-last\"}", cooccurrenceOnly) + "}}";
        String g4Last = "{\"size\": 2, \"query\": {\"recommend\": " + recommend("{\"id\": \"g4-last\"}", cooccurrenceOnly) + "}}";
        assertEquals("online, the anchors alike", List.of("k6", "k5"), ids(search(g3Last)));
        assertEquals(List.of("k6", "k5"), ids(search(g4Last)));

        buildIndicators("shop-indicators");
        assertEquals("from the indicators, the anchors alike", List.of("k6", "k5"), ids(search(g3Last)));
        assertEquals(List.of("k6", "k5"), ids(search(g4Last)));
        // what the inverse frequency reads: each anchor's baskets and the baskets the build counted
        Map<String, Object> g3 = client().prepareGet("shop-indicators", "g3").get().getSourceAsMap();
        long profiles = client().prepareSearch("recsys-shop-profiles").setSize(0).setTrackTotalHits(true)
            .get().getHits().getTotalHits().value();
        assertEquals("g3's two buyers and the two shoppers who saw it: " + g3, 4, ((Number) g3.get("doc_count")).intValue());
        assertEquals("every profile is a basket: " + g3, profiles, ((Number) g3.get("baskets")).longValue());
    }

    public void testAnAnchorsBestCompanionOutranksAnotherAnchorsThirdHoweverStrongItsPairs() throws IOException {
        // from the indicators, each anchor's list votes by rank: g8's best companion k11 outranks g6's third, k10 (by their
        // LLR alone k10 would rank above k11)
        shopperSawG6AndG8();
        buildIndicators("shop-indicators");
        assertEachAnchorsListVotesByRank();
    }

    public void testWithoutIndicatorsEachAnchorsListVotesByRankAsItsIndicatorsWould() throws IOException {
        // No indicators: the online aggregation gives each anchor a list of its own, voting by rank as the indicators do.
        // Counted as one foreground of g6 or g8 (k11's two pairs against k10's seven), k11 would come last.
        shopperSawG6AndG8();
        assertEachAnchorsListVotesByRank();
    }

    /**
     * Seven shoppers bought g6 with k7, k8 and k10 (k8 and k10 also alone, by one and two others): g6's three pairs are
     * all strong. Two bought g8 with k11, a weaker pair than even g6's third. Sixty other shoppers, one unrelated item
     * each, make g6 and g8 the rarer items. A returning shopper saw g6 and g8.
     */
    private void shopperSawG6AndG8() throws IOException {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            for (String item : List.of("g6", "k7", "k8", "k10")) {
                events.append(String.format(Locale.ROOT, "{\"user_id\": \"g6-buyer-%d\", \"item\": \"%s\", \"type\": \"purchase\"}%n", i, item));
            }
        }
        List<String> boughtAlone = List.of("k8", "k10", "k10");
        for (int i = 0; i < boughtAlone.size(); i++) {
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"alone-%d\", \"item\": \"%s\", \"type\": \"purchase\"}%n", i, boughtAlone.get(i)));
        }
        for (int i = 0; i < 60; i++) {
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"other-%d\", \"item\": \"other-item-%d\", \"type\": \"purchase\"}%n", i, i));
        }
        RecsysClient.ingest(client(), "shop", events.toString());
        buyTogether("g8", "k11", 2);
        RecsysClient.ingest(client(), "shop", """
            {"user_id": "returning", "item": "g6", "type": "view", "ts": "2026-11-02T09:00:00Z"}
            {"user_id": "returning", "item": "g8", "type": "view", "ts": "2026-11-02T09:05:00Z"}
            """);
        client().admin().indices().prepareRefresh().get();
    }

    /** g6's best companion first, and g8's best above g6's third. */
    private void assertEachAnchorsListVotesByRank() throws IOException {
        SearchResponse response = search("{\"size\": 4, \"explain\": true, \"query\": {\"recommend\": " + recommend("{\"id\": \"returning\"}",
            "\"sources\": {\"knn\": {\"k\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}, \"context\": {\"time\": \"2026-11-20T09:00:00Z\"}") + "}}");
        List<String> ids = ids(response);
        assertEquals(explained(response), Set.of("k7", "k8", "k10", "k11"), Set.copyOf(ids));
        assertEquals("g6's best companion first: " + explained(response), "k7", ids.get(0));
        assertTrue("g8's best companion above g6's third: " + explained(response), ids.indexOf("k11") < ids.indexOf("k10"));
    }

    public void testWithoutIndicatorsASessionsNewestAnchorStillWeighsMost() throws IOException {
        // No indicators: co-occurrence aggregates online. g4 -> k6 (twelve shoppers) is the far stronger pair, g3 -> k5
        // (two) the pair of the item just seen. Each of the newest anchors gets a list of its own, weighed and scaled as
        // the indicators are: in a session the item just seen leads; a returning shopper's anchors count alike, each by
        // its rarity, and g3, held by two profiles of fourteen, outweighs g4, held by twelve, as from the indicators.
        shopperSawG4ThenG3(false);
        String cooccurrenceOnly = "\"sources\": {\"knn\": {\"k\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}";
        String at = browsingAt(cooccurrenceOnly);
        SearchResponse inSession = search(String.format(Locale.ROOT, at, "2026-11-21T09:15:00Z"));
        assertEquals(explained(inSession), List.of("k5", "k6"), ids(inSession));
        SearchResponse returning = search(String.format(Locale.ROOT, at, "2026-11-23T09:00:00Z"));
        assertEquals("a returning shopper's anchors alike, by rarity: " + explained(returning), List.of("k5", "k6"), ids(returning));

        buildIndicators("shop-indicators");
        SearchResponse fromIndicators = search(String.format(Locale.ROOT, at, "2026-11-23T09:00:00Z"));
        assertEquals("online and from the indicators alike: " + explained(fromIndicators), ids(returning), ids(fromIndicators));
    }

    public void testWithoutIndicatorsAPopularAnchorsSampleIsItsMostRecentShoppers() throws IOException {
        // No indicators: in a session of five items each anchor's list counts 1,000 of the profiles holding it (5,000 a
        // shard, shared). g9 has 1,040 shoppers: 1,000 bought it with k9 in January, 40 with k12 in November. The January
        // profiles were written first, so a sample in index order would hold them alone and never see k12; the sample
        // prefers the profiles most recently active at the request's time, so November's shoppers are in it.
        g9BoughtInJanuaryAndNovember(1_000, 0);
        StringBuilder events = new StringBuilder();
        // the session: g9 and four items nobody else holds, so that g9's list counts 5,000 / 5 profiles
        List<String> session = List.of("g10", "g11", "g12", "k3", "g9");
        for (int i = 0; i < session.size(); i++) {
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"session\", \"item\": \"%s\", \"type\": \"view\", \"ts\": \"2026-11-21T09:0%d:00Z\"}%n", session.get(i), i));
        }
        RecsysClient.ingest(client(), "shop", events.toString());
        client().admin().indices().prepareRefresh().get();
        SearchResponse response = search("{\"size\": 5, \"explain\": true, \"query\": {\"recommend\": " + recommend("{\"id\": \"session\"}",
            "\"sources\": {\"knn\": {\"k\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}, \"context\": {\"time\": \"2026-11-21T09:10:00Z\"}") + "}}");
        List<String> ids = ids(response);
        assertTrue("November's companion of g9 is counted: " + explained(response), ids.contains("k12"));
        assertEquals("January's, 960 of the 1,000 sampled, still leads: " + explained(response), "k9", ids.get(0));
    }

    public void testAnIndicatorsSampleMostRecentFirstHoldsWhatAPopularItemsRecentShoppersBought() throws IOException {
        // g9 has 340 shoppers: 300 bought it with k9 in January, 40 with k12 in November; 500 other shoppers bought one
        // unrelated item each. A build that reads 100 of each item's profiles takes the first a shard holds (January's,
        // written first) unless it reads the most recent first.
        g9BoughtInJanuaryAndNovember(300, 500);

        buildIndicators("shop-indicators", ", \"sample_size\": 100");
        assertEquals("the first 100 profiles: January's alone", List.of("k9"), indicatorsOf("g9"));
        buildIndicators("shop-indicators", ", \"sample_size\": 100, \"most_recent_by\": \"updated_at\"");
        assertEquals("the 100 most recent: November's 40 and 60 of January's", Set.of("k9", "k12"), Set.copyOf(indicatorsOf("g9")));
    }

    /**
     * {@code january} shoppers buy g9 with k9 in January, after {@code others} shoppers who buy one unrelated item each;
     * then 40 shoppers buy g9 with k12 in November. Each group is written (and refreshed) after the one before, so the
     * January profiles come first in index order.
     */
    private void g9BoughtInJanuaryAndNovember(int january, int others) {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < others; i++) {
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"other-%d\", \"item\": \"other-item-%d\", \"type\": \"purchase\", \"ts\": \"2026-01-01T10:00:00Z\"}%n", i, i));
        }
        for (int i = 0; i < january; i++) {
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"january-%d\", \"item\": \"g9\", \"type\": \"purchase\", \"ts\": \"2026-01-10T10:00:00Z\"}%n", i));
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"january-%d\", \"item\": \"k9\", \"type\": \"purchase\", \"ts\": \"2026-01-10T10:01:00Z\"}%n", i));
        }
        RecsysClient.ingest(client(), "shop", events.toString());
        client().admin().indices().prepareRefresh().get();
        events.setLength(0);
        for (int i = 0; i < 40; i++) {
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"november-%d\", \"item\": \"g9\", \"type\": \"purchase\", \"ts\": \"2026-11-10T10:00:00Z\"}%n", i));
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"november-%d\", \"item\": \"k12\", \"type\": \"purchase\", \"ts\": \"2026-11-10T10:01:00Z\"}%n", i));
        }
        RecsysClient.ingest(client(), "shop", events.toString());
        client().admin().indices().prepareRefresh().get();
    }

    @SuppressWarnings("unchecked")
    private List<String> indicatorsOf(String item) {
        return (List<String>) client().prepareGet("shop-indicators", item).get().getSourceAsMap().get("indicators");
    }

    public void testInASessionTheItemJustSeenLeadsWhateverItsPairsEvidence() throws IOException {
        // g3 was bought with k5 by two shoppers, g4 with k6 by twelve: g4 -> k6 is the far stronger pair (its LLR more
        // than twice g3 -> k5's), by more than a session's weights set the newest anchor above the one before it
        // (1 / 0.5): in a session each anchor's list counts on its own scale, so the pair's strength does not outvote
        // the item on the screen. The shopper saw g4, then g3, five minutes apart.
        shopperSawG4ThenG3(true);
        String cooccurrenceOnly = "\"sources\": {\"knn\": {\"k\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}";
        String at = browsingAt(cooccurrenceOnly);
        // ten minutes after g3, within the recommender's session gap (30m): what goes with g3 comes first
        SearchResponse inSession = search(String.format(Locale.ROOT, at, "2026-11-21T09:15:00Z"));
        assertEquals(explained(inSession), List.of("k5", "k6"), ids(inSession));
        // two days later the shopper is back: both items they looked at count alike (each by its rarity)
        SearchResponse returning = search(String.format(Locale.ROOT, at, "2026-11-23T09:00:00Z"));
        assertEquals(explained(returning), Set.of("k5", "k6"), Set.copyOf(ids(returning)));
        // no context.time: the node's clock, weeks after these views
        assertEquals(Set.of("k5", "k6"), Set.copyOf(ids(search("{\"size\": 2, \"query\": {\"recommend\": "
            + recommend("{\"id\": \"browsing\"}", cooccurrenceOnly) + "}}"))));
        // the items on the page now are a session of their own, whatever the time of the shopper's last event: two days
        // after the views, the page's g3 is the only anchor, and g4's k6 is no candidate
        assertEquals(List.of("k5"), ids(search("{\"size\": 2, \"query\": {\"recommend\": " + recommend("{\"id\": \"browsing\"}",
            cooccurrenceOnly + ", \"context\": {\"items\": [\"g3\"], \"time\": \"2026-11-23T09:00:00Z\"}") + "}}")));
    }

    public void testInASessionCooccurrenceAnchorsOnTheSessionAlone() throws IOException {
        // The shopper saw g4 a day ago and g3 now. In the session only g3 anchors co-occurrence: g4's far stronger pair
        // (k6) is history, not what the shopper is doing. Two days later, back as a returning shopper, both count again.
        shopperSawG4ThenG3("2026-11-20T09:00:00Z", true);
        String at = browsingAt("\"sources\": {\"knn\": {\"k\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}");
        SearchResponse inSession = search(String.format(Locale.ROOT, at, "2026-11-21T09:15:00Z"));
        assertEquals("the session's g3 alone: " + explained(inSession), List.of("k5"), ids(inSession));
        SearchResponse returning = search(String.format(Locale.ROOT, at, "2026-11-23T09:00:00Z"));
        assertEquals("both anchors count again: " + explained(returning), Set.of("k5", "k6"), Set.copyOf(ids(returning)));
    }

    public void testInASessionTheSourcesScoresKeepTheCompanionOfTheItemJustSeenFirst() throws IOException {
        // The shopper saw g4, then g3. In a session co-occurrence gives g3's companion k5 its full weight and g4's k6
        // half. k6, bought by twelve shoppers, is also among the most popular items; k5 is far below. By ranks alone (reciprocal-rank fusion with co-occurrence at 3,
        // its weight before 6) the popular list's vote lifts k6 over k5; by the sources' scores (weighted mean of each score over
        // the source's best) co-occurrence's clear preference stands.
        buyTogether("k1", "k2", 3); // items more popular than k5, unrelated to what the shopper saw
        buyTogether("k3", "k4", 3);
        shopperSawG4ThenG3(true);
        String at = browsingAt("\"sources\": {\"knn\": {\"k\": 0}, \"neighbors\": {\"k\": 0}}");
        SearchResponse inSession = search(String.format(Locale.ROOT, at, "2026-11-21T09:15:00Z"));
        assertEquals(explained(inSession), List.of("k5", "k6"), ids(inSession));
        assertTrue(explained(inSession), inSession.getHits().getHits()[0].getExplanation().toString().contains("fused score: score fusion"));
        Map<String, int[]> ranks = new HashMap<>();
        for (SearchHit hit : inSession.getHits().getHits()) {
            int[] byRank = new int[Source.values().length];
            Matcher source = Pattern.compile("source \\[(\\w+)\\] rank \\[(\\d+)\\]").matcher(hit.getExplanation().toString());
            while (source.find()) {
                byRank[Source.valueOf(source.group(1).toUpperCase(Locale.ROOT)).ordinal()] = Integer.parseInt(source.group(2));
            }
            ranks.put(hit.getId(), byRank);
        }
        // with co-occurrence at 3 (the default before it weighed 6), ranks alone would put k6 first
        FusionWeights cooccurrenceAtThree = new FusionWeights(1, 3, 1, 1, 0.5f, 0.5f);
        assertTrue("by ranks alone k6 would lead: " + explained(inSession),
            Fusion.score(ranks.get("k6"), cooccurrenceAtThree) > Fusion.score(ranks.get("k5"), cooccurrenceAtThree));
        // two days later the shopper is back: ranks are fused, and both companions are shown
        SearchResponse returning = search(String.format(Locale.ROOT, at, "2026-11-23T09:00:00Z"));
        assertEquals(explained(returning), Set.of("k5", "k6"), Set.copyOf(ids(returning)));
        assertTrue(explained(returning), returning.getHits().getHits()[0].getExplanation().toString().contains("reciprocal-rank fusion"));
    }

    /**
     * Two shoppers bought g3 with k5, twelve bought g4 with k6 (the far stronger pair); the shopper "browsing" viewed g4,
     * then g3 five minutes later (2026-11-21 09:00 and 09:05). With {@code indicators}, the recommender's are built.
     */
    private void shopperSawG4ThenG3(boolean indicators) throws IOException {
        shopperSawG4ThenG3("2026-11-21T09:00:00Z", indicators);
    }

    /** As {@link #shopperSawG4ThenG3(boolean)}, g4 viewed at {@code g4At} (g3 still at 2026-11-21 09:05). */
    private void shopperSawG4ThenG3(String g4At, boolean indicators) throws IOException {
        buyTogether("g3", "k5", 2);
        buyTogether("g4", "k6", 12);
        RecsysClient.ingest(client(), "shop", """
            {"user_id": "browsing", "item": "g4", "type": "view", "ts": "%s"}
            {"user_id": "browsing", "item": "g3", "type": "view", "ts": "2026-11-21T09:05:00Z"}
            """.formatted(g4At));
        client().admin().indices().prepareRefresh().get();
        if (indicators) {
            buildIndicators("shop-indicators");
        }
    }

    /** The explained top 2 for "browsing" with {@code sources}, a format string whose {@code %s} is the request's time. */
    private static String browsingAt(String sources) {
        return "{\"size\": 2, \"explain\": true, \"query\": {\"recommend\": " + recommend("{\"id\": \"browsing\"}", sources
            + ", \"context\": {\"time\": \"%s\"}") + "}}";
    }

    /** {@code shoppers} new shoppers each buy {@code a} and {@code b}: a pair of that strength in the indicators. */
    private void buyTogether(String a, String b, int shoppers) {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < shoppers; i++) {
            String user = a + "+" + b + "-" + i;
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"%s\", \"item\": \"%s\", \"type\": \"purchase\"}%n", user, a));
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"%s\", \"item\": \"%s\", \"type\": \"purchase\"}%n", user, b));
        }
        RecsysClient.ingest(client(), "shop", events.toString());
    }

    private static String explained(SearchResponse response) {
        StringBuilder out = new StringBuilder();
        for (SearchHit hit : response.getHits().getHits()) {
            out.append(hit.getId()).append(": ").append(hit.getExplanation()).append('\n');
        }
        return out.toString();
    }

    public void testTheRecommendersFusionWeightsOrderTheSources() throws IOException {
        String body = "{\"size\": 3, \"explain\": true, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", "") + "}}";
        SearchHit before = search(body).getHits().getHits()[0];
        assertEquals("g5", before.getId());
        String defaults = before.getExplanation().toString();
        assertTrue(defaults, defaults.contains("source [cooccurrence] rank [1], weight [3.0]"));
        assertTrue("g5 is recalled by other sources too: " + defaults, before.getScore() > 3f / 61 + 1e-6);

        // a shop that trusts "bought together" over everything else: co-occurrence at 5, k-NN and popular items at 0
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}, \"fusion\": {\"weights\": {\"knn\": 0, \"cooccurrence\": 5, \"popular\": 0}}}");
        SearchHit after = search(body).getHits().getHits()[0];
        assertEquals("co-occurrence's first item leads (carol and dave bought k1 with g5)", "g5", after.getId());
        // alice's events were sent just now, so she is in a session: the sources' scores are fused
        assertEquals("5 × 1 (co-occurrence's best) over the weights' sum 0 + 5 + 1 + 1 + 0 + 0.5, the other sources counting for nothing now",
            5f / 7.5f, after.getScore(), 1e-6);
        String explanation = after.getExplanation().toString();
        assertTrue(explanation, explanation.contains("source [cooccurrence] rank [1], weight [5.0]"));
        // asked as she comes back two days later: a returning shopper, whose sources are fused by rank
        String later = "{\"size\": 3, \"explain\": true, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}",
            "\"context\": {\"time\": \"" + java.time.Instant.now().plus(java.time.Duration.ofDays(2)) + "\"}") + "}}";
        SearchHit returning = search(later).getHits().getHits()[0];
        assertEquals("g5", returning.getId());
        assertEquals("5 / (60 + 1), the other sources counting for nothing now", 5f / 61, returning.getScore(), 1e-6);
    }

    /** Only the neighbours: which profiles are alike is under test. */
    private static final String NEIGHBORS_ONLY = "\"sources\": {\"knn\": {\"k\": 0}, \"cooccurrence\": {\"size\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 10}}";

    public void testNeighborsVoteForWhatShoppersWithTheSameRecentItemsTook() throws IOException {
        // three shoppers whose histories overlap a three-click anonymous session: two share its newest item, one only
        // its oldest; an unrelated shopper shares nothing
        RecsysClient.ingest(client(), "shop", """
            {"user_id": "nina", "item": "g9", "type": "view", "ts": "2026-11-20T10:00:00Z"}
            {"user_id": "nina", "item": "k9", "type": "purchase", "ts": "2026-11-20T10:01:00Z"}
            {"user_id": "omar", "item": "g9", "type": "view", "ts": "2026-11-20T10:00:00Z"}
            {"user_id": "omar", "item": "k9", "type": "view", "ts": "2026-11-20T10:01:00Z"}
            {"user_id": "omar", "item": "k10", "type": "view", "ts": "2026-11-20T10:02:00Z"}
            {"user_id": "pia", "item": "g11", "type": "view", "ts": "2026-11-20T10:00:00Z"}
            {"user_id": "pia", "item": "k11", "type": "view", "ts": "2026-11-20T10:01:00Z"}
            {"user_id": "quinn", "item": "k12", "type": "view", "ts": "2026-11-20T10:00:00Z"}
            {"user": {"platform": "web", "id": "visitor"}, "item": "g11", "type": "click", "ts": "2026-11-21T09:00:00Z"}
            {"user": {"platform": "web", "id": "visitor"}, "item": "g10", "type": "click", "ts": "2026-11-21T09:01:00Z"}
            {"user": {"platform": "web", "id": "visitor"}, "item": "g9", "type": "click", "ts": "2026-11-21T09:02:00Z"}
            """);
        client().admin().indices().prepareRefresh().get();
        SearchResponse response = search("{\"size\": 10, \"explain\": true, \"query\": {\"recommend\": "
            + recommend("{\"platform\": \"web\", \"id\": \"visitor\"}", NEIGHBORS_ONLY + ", \"exclude\": {\"items\": [\"k10\"]}") + "}}");
        List<String> ids = ids(response);
        assertEquals("k9 (two neighbours share the newest click), then k11 (one shares the oldest); k10 excluded, "
            + "the session's own items and quinn's k12 not candidates", List.of("k9", "k11"), ids);
        String explanation = response.getHits().getHits()[0].getExplanation().toString();
        assertTrue(explanation, explanation.contains("source [neighbors] rank [1]"));

        // with the filter of the request, a neighbour's item outside it is not returned
        List<String> filtered = ids(search("{\"size\": 10, \"query\": {\"recommend\": " + recommend("{\"platform\": \"web\", \"id\": \"visitor\"}",
            NEIGHBORS_ONLY + ", \"filter\": {\"term\": {\"category\": \"tableware\"}}") + "}}"));
        assertEquals("k9 and k11 are tableware, k10 kitchen", List.of("k9", "k11"), filtered);
    }

    public void testAProductPageAsksWithItsItemsAndNoUser() throws IOException {
        // "bought together" on k1's page for a shopper the shop does not know: carol and dave bought k1 with g5
        String page = "{\"recommender\": \"shop\", \"context\": {\"items\": [\"k1\"]}, "
            + "\"sources\": {\"knn\": {\"k\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}}";
        SearchResponse together = search("{\"size\": 3, \"explain\": true, \"query\": {\"recommend\": " + page + "}}");
        assertEquals("g5", together.getHits().getHits()[0].getId());
        assertFalse("the page's own item is not recommended on it", ids(together).contains("k1"));
        assertFalse("no fallback: the page is the context", together.getHits().getHits()[0].getExplanation().toString().contains("fallback"));

        // "similar items": the k-NN source anchored on the page's vector, here a garden item for alice whose history is kitchen
        List<String> similar = ids(search("{\"size\": 3, \"query\": {\"recommend\": "
            + recommend("{\"id\": \"alice\"}", KNN_ONLY + ", \"context\": {\"items\": [\"g6\", \"g7\", \"g8\"]}") + "}}"));
        // the page is a session now: the session read's items come first, before those of her kitchen history
        assertTrue("the session vector follows the page and leads: " + similar, similar.stream().allMatch(id -> id.startsWith("g")));
        assertFalse(similar.contains("g6") || similar.contains("g7") || similar.contains("g8"));

        List<String> kept = ids(search("{\"size\": 30, \"query\": {\"recommend\": "
            + recommend("{\"id\": \"alice\"}", KNN_ONLY + ", \"context\": {\"items\": [\"g6\"]}, \"exclude\": {\"context_items\": false}") + "}}"));
        assertTrue("exclude.context_items false: the page's item may be returned", kept.contains("g6"));

        assertStatus(RestStatus.BAD_REQUEST, "[recommend.user] is required unless [recommend.context.items] is given",
            "{\"query\": {\"recommend\": {\"recommender\": \"shop\"}}}");
        assertEquals("the stored profile is untouched", 3, RecsysClient.profileView(client(), "shop", "alice").get("event_count"));
    }

    public void testFreshIndicatorsReplaceTheOnlineAggregationAndStaleOnesDoNot() throws IOException {
        String cooccurrenceOnly = "\"sources\": {\"knn\": {\"k\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}";
        buildIndicators("shop-indicators");
        // after the build, frank and gina buy k1 with g9 twice over: the online aggregation sees it, the indicators do not
        threeUsersBuyK1WithG9();

        SearchResponse fresh = search("{\"size\": 5, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", cooccurrenceOnly) + "}}");
        assertEquals("from the indicators: what carol and dave bought with k1", "g5", ids(fresh).get(0));
        assertFalse("the indicators predate g9's purchases", ids(fresh).contains("g9"));

        client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().put("recsys.recommend.indicators_max_age", "1ms")).get();
        try {
            SearchResponse stale = search("{\"size\": 5, \"explain\": true, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", cooccurrenceOnly) + "}}");
            assertEquals("online: three users bought g9 with k1, two g5", "g9", ids(stale).get(0));
            String explanation = stale.getHits().getHits()[0].getExplanation().toString();
            assertTrue(explanation, explanation.contains("indicators [shop-indicators]") && explanation.contains("recsys.recommend.indicators_max_age"));
        } finally {
            client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().putNull("recsys.recommend.indicators_max_age")).get();
        }
    }

    public void testANewBuildOfTheIndicatorsIsReadAtOnce() throws Exception {
        String cooccurrenceOnly = "\"sources\": {\"knn\": {\"k\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}";
        String body = "{\"size\": 5, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", cooccurrenceOnly) + "}}";
        buildIndicators("shop-indicators");
        assertEquals("what carol and dave bought with k1", "g5", ids(search(body)).get(0));
        assertEquals("read again from what the node remembers", "g5", ids(search(body)).get(0));
        threeUsersBuyK1WithG9();
        Thread.sleep(5); // the next build's index is named after its start time, in milliseconds
        buildIndicators("shop-indicators");
        assertEquals("the new build's lists, not the remembered ones: three users bought g9 with k1", "g9", ids(search(body)).get(0));
    }

    private void threeUsersBuyK1WithG9() {
        RecsysClient.ingest(client(), "shop", """
            {"user_id": "frank", "item": "k1", "type": "purchase"}
            {"user_id": "frank", "item": "g9", "type": "purchase"}
            {"user_id": "gina", "item": "k1", "type": "purchase"}
            {"user_id": "gina", "item": "g9", "type": "purchase"}
            {"user_id": "hank", "item": "k1", "type": "purchase"}
            {"user_id": "hank", "item": "g9", "type": "purchase"}
            """);
        client().admin().indices().prepareRefresh().get();
    }

    private void buildIndicators(String dest) throws IOException {
        buildIndicators(dest, "");
    }

    /** Builds the recommender's indicators over its profiles; {@code extra} adds settings to the request's body. */
    private void buildIndicators(String dest, String extra) throws IOException {
        String body = """
            {"source": {"index": "recsys-shop-profiles", "field": "history"}, "dest": {"index": "%s"}, "min_doc_count": 1%s}""".formatted(dest, extra);
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
            client().execute(BuildIndicatorsAction.INSTANCE, new BuildIndicatorsRequest(IndicatorsBuildParser.parse(parser))).actionGet();
        }
    }

    /** The search profile's description of the candidates query on each shard: candidates, found by the reads, looked up. */
    private static List<int[]> candidateQueryProfiles(SearchResponse response) {
        Pattern description = Pattern.compile("(\\d+) candidates: (\\d+) found by the recall's reads, (\\d+) looked up");
        List<int[]> shards = new ArrayList<>();
        for (var shard : response.getProfileResults().values()) {
            for (var search : shard.getQueryProfileResults()) {
                for (var query : search.getQueryResults()) {
                    Matcher matcher = description.matcher(query.getLuceneDescription());
                    if (matcher.find()) {
                        shards.add(new int[] { Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)) });
                    }
                }
            }
        }
        return shards;
    }

    public void testTheShardsTakeTheCandidatesWhereTheRecallReadThem() throws IOException {
        SearchResponse response = search("{\"size\": 5, \"profile\": true, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", "") + "}}");
        List<int[]> shards = candidateQueryProfiles(response);
        assertEquals("one candidates query per shard", 2, shards.size());
        int found = 0;
        for (int[] shard : shards) {
            assertEquals("no refresh came between the reads and the search: nothing to look up again", 0, shard[2]);
            found += shard[1];
        }
        assertEquals("each candidate is taken on the one shard it was read on", shards.get(0)[0], found);
        assertEquals(found, response.getHits().getTotalHits().value());
        assertEquals(5, response.getHits().getHits().length);
    }

    public void testCandidatesReadInAnotherReaderAreLookedUpById() {
        // where k1 and g2 live; a reader that is not the shard's current one (as after a refresh), and no address at all
        SearchResponse located = client().prepareSearch("products").setQuery(QueryBuilders.idsQuery().addIds("k1")).get();
        ShardId k1Shard = located.getHits().getHits()[0].getShard().getShardId();
        int[] ranks = new int[Source.values().length];
        List<Candidate> candidates = List.of(
            new Candidate("k1", 2f, 2f, ranks, Candidate.NO_FEATURES, Float.NaN, new DocAddress(k1Shard, 42L, 0)),
            new Candidate("g2", 1f, 1f, ranks, Candidate.NO_FEATURES, Float.NaN, null)
        );
        SearchResponse response = client().prepareSearch("products")
            .setQuery(new CandidatesQueryBuilder("_id", candidates, null, List.of(), null))
            .setProfile(true)
            .get();
        assertEquals(List.of("k1", "g2"), ids(response));
        assertEquals(2f, response.getHits().getHits()[0].getScore(), 0f);
        for (int[] shard : candidateQueryProfiles(response)) {
            assertEquals("nothing is taken from a reader the shard no longer has", 0, shard[1]);
        }
    }

    public void testExplainShowsSourcesAndFeatures() throws IOException {
        SearchResponse response = search("{\"size\": 1, \"explain\": true, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", KNN_ONLY) + "}}");
        SearchHit hit = response.getHits().getHits()[0];
        Explanation explanation = hit.getExplanation();
        assertEquals(hit.getScore(), explanation.getValue().floatValue(), 1e-6f);
        String text = explanation.toString();
        assertTrue(text, text.contains("source [knn] rank [1]"));
        for (String feature : List.of("knn_score", "session_knn_score", "cooccurrence_score", "text_score", "popularity", "category_affinity",
            "category_seen", "item_seen", "price_ratio", "from_knn", "from_cooccurrence", "from_text", "from_popular", "platform_match")) {
            assertTrue(feature, text.contains("feature [" + feature + "]"));
        }
    }

    public void testExplainShowsTheFeaturesWhenNoModelReRanks() throws IOException {
        String text = search("{\"size\": 1, \"explain\": true, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}",
            "\"rerank\": {\"window\": 0}") + "}}").getHits().getHits()[0].getExplanation().toString();
        assertTrue(text, text.contains("feature [popularity]") && text.contains("feature [knn_score]"));
        assertFalse(text, text.contains("not computed"));
    }

    public void testDiversityByAFieldWithoutDocValuesReadsTheSource() throws IOException {
        // a text field has no doc values: its values come from _source; k1 and k2 now share a title
        client().prepareBulk().setRefreshPolicy(org.opensearch.action.support.WriteRequest.RefreshPolicy.IMMEDIATE)
            .add(client().prepareUpdate("products", "k1").setDoc(Map.of("title", "kitchen set")))
            .add(client().prepareUpdate("products", "k2").setDoc(Map.of("title", "kitchen set")))
            .get();
        List<String> plain = ids(search("{\"size\": 5, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", KNN_ONLY) + "}}"));
        assertTrue("alice's nearest items: " + plain, plain.contains("k1") && plain.contains("k2"));
        List<String> diverse = ids(search("{\"size\": 5, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}",
            KNN_ONLY + ", \"diversity\": {\"field\": \"title\", \"max_per_value\": 1}") + "}}"));
        assertEquals(5, diverse.size());
        assertFalse("one item per title: " + diverse, diverse.contains("k1") && diverse.contains("k2"));
    }

    public void testASourceOverItsTimeBudgetIsLeftOutAndCounted() throws IOException {
        long before = timeouts();
        // a budget of 0 cuts every source asked for before it reads (deterministic, unlike a race with a short timer)
        client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().put("recsys.recommend.source_timeout", "0ms")).get();
        try {
            SearchResponse response = search("{\"size\": 5, \"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", "") + "}}");
            assertEquals("the query answers with what it has", 0, response.getFailedShards());
            assertEquals("nothing is left to answer with", 0, response.getHits().getTotalHits().value());
        } finally {
            client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().putNull("recsys.recommend.source_timeout")).get();
        }
        assertEquals("k-NN, co-occurrence and popular (no text query, neighbors off by default: neither is asked) are counted in _stats", before + 3, timeouts());
        RecsysStatsResponse stats = client().execute(RecsysStatsAction.INSTANCE, new RecsysStatsRequest()).actionGet();
        assertTrue(stats.getNodes().get(0).stats().count(Counter.QUERIES) > 0);
    }

    private long timeouts() {
        return client().execute(RecsysStatsAction.INSTANCE, new RecsysStatsRequest()).actionGet().getNodes().get(0).stats().count(Counter.QUERY_TIMEOUTS);
    }

    public void testBadInputNamesTheField() throws IOException {
        assertStatus(RestStatus.NOT_FOUND, "recommender [ghost] not found", "{\"query\": {\"recommend\": {\"recommender\": \"ghost\", \"user\": {\"id\": \"u\"}}}}");
        assertStatus(RestStatus.BAD_REQUEST, "[recommend] unknown field [colour]", "{\"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", "\"colour\": 1") + "}}");
        assertStatus(RestStatus.BAD_REQUEST, "[recommend.sources.knn.k] must be in the range [0, 10000], got [20000]",
            "{\"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", "\"sources\": {\"knn\": {\"k\": 20000}}") + "}}");
        assertStatus(RestStatus.BAD_REQUEST, "[recommend.sources.popular.size] must be in the range",
            "{\"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", "\"sources\": {\"popular\": {\"size\": -1}}") + "}}");
        assertStatus(RestStatus.BAD_REQUEST, "[recommend.user] is required", "{\"query\": {\"recommend\": {\"recommender\": \"shop\"}}}");
        assertStatus(RestStatus.BAD_REQUEST, "[knn] unknown field [kk]", "{\"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", "\"sources\": {\"knn\": {\"kk\": 3}}") + "}}");
        assertStatus(RestStatus.BAD_REQUEST, "[recommend.diversity.field] field [colour] is not mapped",
            "{\"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", "\"diversity\": {\"field\": \"colour\"}") + "}}");
        // a vector (or object) has no single value to group by: a 400 naming the field, not the shards' 500
        assertStatus(RestStatus.BAD_REQUEST, "[recommend.diversity.field] field [embedding] in the catalog [products] is of type [knn_vector]",
            "{\"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", "\"diversity\": {\"field\": \"embedding\"}") + "}}");
        // a filter the catalog's shards refuse: the k-NN recall runs it first, and its error stays the user's 400
        assertStatus(RestStatus.BAD_REQUEST, "embedding",
            "{\"query\": {\"recommend\": " + recommend("{\"id\": \"alice\"}", "\"filter\": {\"term\": {\"embedding\": 1}}") + "}}");
    }

    private void assertStatus(RestStatus status, String message, String body) {
        Exception e = expectThrows(Exception.class, () -> search(body));
        assertEquals(e.toString(), status, ExceptionsHelper.status(e));
        String all = ExceptionsHelper.stackTrace(e);
        assertTrue("expected [" + message + "] in " + all, all.contains(message));
    }
}
