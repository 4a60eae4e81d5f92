package io.recsys.opensearch.it;

import io.recsys.opensearch.vectorfetch.VectorBytes;
import io.recsys.opensearch.vectorfetch.VectorFetchExt;
import io.recsys.opensearch.vectorfetch.VectorFetchSubPhase;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.document.DocumentField;
import org.opensearch.common.xcontent.XContentType;
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
