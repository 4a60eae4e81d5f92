package io.recsys.opensearch.it;

import io.recsys.opensearch.vectorfetch.VectorBytes;
import io.recsys.opensearch.vectorfetch.VectorFetchExt;
import io.recsys.opensearch.vectorfetch.VectorFetchSubPhase;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.document.DocumentField;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ext.recsys_vectors} on a real node with real k-NN fields: every hit gets exactly the vector it was indexed with
 * (not normalized, whatever the space), across segments, and a document without a vector gets none.
 */
public class VectorFetchSingleNodeTests extends RecsysSingleNodeTestCase {

    public void testLuceneCosineVectorsComeBackAsIndexed() {
        checkVectorsComeBackAsIndexed("lucene", "cosinesimil");
    }

    public void testLuceneL2VectorsComeBackAsIndexed() {
        checkVectorsComeBackAsIndexed("lucene", "l2");
    }

    public void testAFieldThatIsNoVectorOrAnUnknownKeyIs400NamingTheField() throws Exception {
        checkVectorsComeBackAsIndexed("lucene", "l2");
        assertBadRequest("{\"size\": 1, \"ext\": {\"recsys_vectors\": {\"field\": \"embeding\"}}}",
            "[ext.recsys_vectors.field] field [embeding] is not mapped in index [items]");
        assertBadRequest("{\"size\": 1, \"ext\": {\"recsys_vectors\": {\"field\": \"title\"}}}",
            "[ext.recsys_vectors.field] field [title] in index [items] is of type [text], expected [knn_vector]");
        assertBadRequest("{\"size\": 1, \"ext\": {\"recsys_vectors\": {\"field\": \"embedding\", \"format\": \"float\"}}}",
            "[ext.recsys_vectors] unknown field [format]");
    }

    private void assertBadRequest(String body, String reason) throws Exception {
        Exception e = expectThrows(Exception.class, () -> {
            try (XContentParser parser = JsonXContent.jsonXContent.createParser(getInstanceFromNode(NamedXContentRegistry.class),
                DeprecationHandler.THROW_UNSUPPORTED_OPERATION, body)) {
                client().prepareSearch("items").setSource(SearchSourceBuilder.fromXContent(parser)).get();
            }
        });
        assertEquals(e.toString(), RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
        String all = ExceptionsHelper.stackTrace(e);
        assertTrue("expected [" + reason + "] in " + all, all.contains(reason));
    }

    private void checkVectorsComeBackAsIndexed(String engine, String space) {
        client().admin()
            .indices()
            .prepareCreate("items")
            .setSettings("{\"index\": {\"knn\": true, \"number_of_shards\": 1, \"number_of_replicas\": 0}}", XContentType.JSON)
            .setMapping("""
                {"properties": {"title": {"type": "text"},
                 "embedding": {"type": "knn_vector", "dimension": 3, "method": {"name": "hnsw", "engine": "%s", "space_type": "%s"}}}}"""
                .formatted(engine, space))
            .get();
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            float[] vector = { 3f + i, -4f * i, 0.125f * i + 1 };
            vectors.put("item-" + i, vector);
            client().prepareIndex("items").setId("item-" + i).setSource("{\"title\": \"item\", \"embedding\": [%s, %s, %s]}".formatted(vector[0], vector[1], vector[2]), XContentType.JSON).get();
            if (i % 10 == 9) {
                client().admin().indices().prepareRefresh("items").get(); // three segments
            }
        }
        client().prepareIndex("items").setId("no-vector").setSource("{\"title\": \"item\"}", XContentType.JSON).get();
        client().admin().indices().prepareRefresh("items").get();

        SearchResponse response = client().prepareSearch("items")
            .setSource(new SearchSourceBuilder().query(QueryBuilders.matchQuery("title", "item")).size(100).fetchSource(false).ext(List.of(new VectorFetchExt("embedding"))))
            .get();
        assertEquals(31, response.getHits().getHits().length);
        for (SearchHit hit : response.getHits().getHits()) {
            DocumentField field = hit.field(VectorFetchSubPhase.FIELD);
            if (hit.getId().equals("no-vector")) {
                assertNull("a document without a vector gets no field", field);
                continue;
            }
            assertNotNull(hit.getId(), field);
            assertArrayEquals(hit.getId(), vectors.get(hit.getId()), VectorBytes.decode(field.getValue()), 0f);
        }

        SearchResponse without = client().prepareSearch("items").setSource(new SearchSourceBuilder().size(5)).get();
        assertNull("only searches that ask get the field", without.getHits().getAt(0).field(VectorFetchSubPhase.FIELD));
    }
}
