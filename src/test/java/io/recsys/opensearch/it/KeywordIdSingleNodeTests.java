package io.recsys.opensearch.it;

import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A catalog whose item ids live in a keyword field ({@code catalog.id_field}), not in {@code _id}: events, profiles and
 * every recall source speak in those ids (the plugin reads them from doc values, with no stored field loaded).
 */
public class KeywordIdSingleNodeTests extends RecsysSingleNodeTestCase {

    @Override
    public void setUp() throws Exception {
        super.setUp();
        client().admin().indices().prepareCreate("shelf")
            .setSettings("{\"index\": {\"knn\": true, \"number_of_shards\": 2, \"number_of_replicas\": 0}}", XContentType.JSON)
            .setMapping("""
                {"properties": {"sku": {"type": "keyword"}, "title": {"type": "text"}, "category": {"type": "keyword"}, "price": {"type": "float"},
                 "embedding": {"type": "knn_vector", "dimension": 2, "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}}}}""")
            .get();
        var bulk = client().prepareBulk().setRefreshPolicy(org.opensearch.action.support.WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int i = 0; i < 10; i++) {
            // the document ids are unrelated to the skus
            bulk.add(client().prepareIndex("shelf").setId("doc-" + (100 - i)).setSource("""
                {"sku": "tea-%d", "title": "tea %d", "category": "tea", "price": %d, "embedding": [1, %s]}""".formatted(i, i, 3 + i, 0.01 * i), XContentType.JSON));
            bulk.add(client().prepareIndex("shelf").setId("doc-" + (200 - i)).setSource("""
                {"sku": "pan-%d", "title": "pan %d", "category": "pan", "price": %d, "embedding": [%s, 1]}""".formatted(i, i, 20 + i, 0.01 * i), XContentType.JSON));
        }
        assertFalse(bulk.get().hasFailures());
        RecsysClient.putRecommender(client(), "byid", "{\"catalog\": {\"index\": \"shelf\", \"id_field\": \"sku\"}}");
    }

    @Override
    public void tearDown() throws Exception {
        client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("byid")).actionGet();
        super.tearDown();
    }

    public void testEventsProfilesAndRecommendationsUseTheIdField() throws IOException {
        var results = RecsysClient.ingest(client(), "byid", """
            [{"user_id": "u1", "item": "tea-1", "type": "purchase", "price": 4}, {"user_id": "u1", "item": "tea-2", "type": "view"},
             {"user_id": "u1", "item": "doc-100", "type": "view"}]""");
        assertEquals(List.of(true, true, false), results.stream().map(r -> r.inCatalog()).toList());
        Map<String, Object> profile = RecsysClient.profileView(client(), "byid", "u1");
        assertEquals("the vector came from the skus' embeddings", 2, ((Map<?, ?>) profile.get("vector")).get("dimension"));
        client().admin().indices().prepareRefresh().get();

        SearchResponse response = search("""
            {"size": 5, "explain": true, "query": {"recommend": {"recommender": "byid", "user": {"id": "u1"}, "exclude": {"purchased": true},
             "sources": {"popular": {"size": 0}}}}}""");
        List<String> skus = Arrays.stream(response.getHits().getHits()).map(h -> (String) h.getSourceAsMap().get("sku")).toList();
        assertEquals(5, skus.size());
        assertTrue("recommendations come from the tea region: " + skus, skus.stream().allMatch(s -> s.startsWith("tea-")));
        assertFalse("the purchased sku is excluded: " + skus, skus.contains("tea-1"));
        SearchHit top = response.getHits().getHits()[0];
        String explanation = top.getExplanation().toString();
        assertTrue(explanation, explanation.contains("source [knn] rank [1]"));
        // category and price read from the catalog by sku: the top hit is tea-2 (price 5) for a user who paid 4 for tea
        assertEquals("tea-2", skus.get(0));
        assertTrue(explanation, explanation.contains("1.0 = feature [category_affinity]") && explanation.contains("1.25 = feature [price_ratio]"));
    }

    private SearchResponse search(String body) throws IOException {
        NamedXContentRegistry registry = getInstanceFromNode(NamedXContentRegistry.class);
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
            return client().search(new SearchRequest("shelf").source(SearchSourceBuilder.fromXContent(parser))).actionGet();
        }
    }
}
