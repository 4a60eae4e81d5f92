package io.recsys.opensearch.it;

import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.search.SearchRequest;
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
import java.util.Locale;
import java.util.Map;

/**
 * The trending source on one real node: an item bought a lot two months ago against items looked at this week. The
 * popular source ranks all-time counts; trending ranks by counts that halve every half-life.
 */
public class TrendingSingleNodeTests extends RecsysSingleNodeTestCase {

    private static final long DAY = 24 * 3600 * 1000L;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        TestCatalog.create(client(), "products", 4, 1, 0);
        Map<String, float[]> vectors = new HashMap<>();
        for (String id : List.of("old-hit", "this-week", "last-week", "three-weeks-ago")) {
            vectors.put(id, new float[] { 1, id.length() / 10f, 0, 0 });
        }
        RecsysClient.indexItems(client(), "products", vectors, Map.of());
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
        long now = System.currentTimeMillis();
        StringBuilder events = new StringBuilder();
        interactions(events, "old-hit", 8, now - 60 * DAY); // all-time best seller, quiet since
        interactions(events, "three-weeks-ago", 4, now - 20 * DAY); // 4 × 2^(-20/7) ≈ 0.55
        interactions(events, "last-week", 3, now - 8 * DAY); // 3 × 2^(-8/7) ≈ 1.36
        interactions(events, "this-week", 3, now - 3600_000L); // ≈ 3.0
        // impressions are not interest: shown a hundred times, the old hit does not trend
        for (int i = 0; i < 100; i++) {
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"viewer\", \"item\": \"old-hit\", \"type\": \"impression\", \"ts\": %d}%n", now - i * 1000L));
        }
        RecsysClient.ingest(client(), "shop", events.toString());
        client().admin().indices().prepareRefresh().get();
    }

    private static void interactions(StringBuilder events, String item, int count, long at) {
        for (int i = 0; i < count; i++) {
            events.append(String.format(Locale.ROOT, "{\"user_id\": \"u-%s-%d\", \"item\": \"%s\", \"type\": \"purchase\", \"ts\": %d}%n", item, i, item, at + i * 1000L));
        }
    }

    @Override
    public void tearDown() throws Exception {
        client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        super.tearDown();
    }

    private List<String> recommend(String sources) throws IOException {
        String body = "{\"size\": 10, \"query\": {\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"a-new-visitor\"}, \"sources\": "
            + sources + "}}}";
        NamedXContentRegistry registry = getInstanceFromNode(NamedXContentRegistry.class);
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
            SearchHit[] hits = client().search(new SearchRequest("products").source(SearchSourceBuilder.fromXContent(parser))).actionGet().getHits().getHits();
            return Arrays.stream(hits).map(SearchHit::getId).toList();
        }
    }

    public void testTrendingRanksRecentInterestWherePopularRanksAllTime() throws IOException {
        List<String> popular = recommend("{\"popular\": {\"size\": 10}, \"trending\": {\"size\": 0}}");
        assertEquals("all-time counts: 8, then 4 (the last two tie at 3): " + popular, List.of("old-hit", "three-weeks-ago"), popular.subList(0, 2));
        assertEquals(4, popular.size());
        assertEquals("counts halving every 7 days (the default); two months is past four half-lives",
            List.of("this-week", "last-week", "three-weeks-ago"), recommend("{\"popular\": {\"size\": 0}, \"trending\": {\"size\": 10}}"));
        assertEquals("with a half-life of a day only this week's interactions are read",
            List.of("this-week"), recommend("{\"popular\": {\"size\": 0}, \"trending\": {\"size\": 10, \"half_life\": \"1d\"}}"));
    }

    public void testAHalfLifeThatIsNotATimeIsRefusedNamingTheField() {
        Exception e = expectThrows(Exception.class, () -> recommend("{\"trending\": {\"size\": 10, \"half_life\": \"soon\"}}"));
        assertEquals(RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
        assertTrue(e.getMessage(), ExceptionsHelper.detailedMessage(e).contains("[recommend.sources.trending.half_life]"));
        Exception tooShort = expectThrows(Exception.class, () -> recommend("{\"trending\": {\"size\": 10, \"half_life\": \"10s\"}}"));
        assertTrue(tooShort.getMessage(), ExceptionsHelper.detailedMessage(tooShort).contains("at least 1m"));
    }
}
