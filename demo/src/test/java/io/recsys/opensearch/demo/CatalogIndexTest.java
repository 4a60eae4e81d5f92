package io.recsys.opensearch.demo;

import io.recsys.opensearch.common.retail.Product;

import org.junit.jupiter.api.Test;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CatalogIndexTest {

    private static Map<String, Object> parse(String json) {
        return XContentHelper.convertToMap(JsonXContent.jsonXContent, json, false);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEmbeddingIsALuceneHnswCosineVector() {
        Map<String, Object> index = parse(CatalogIndex.definition(64, Map.of("items", 1)));
        Map<String, Object> mappings = (Map<String, Object>) index.get("mappings");
        Map<String, Object> embedding = (Map<String, Object>) ((Map<String, Object>) mappings.get("properties")).get("embedding");
        assertEquals("knn_vector", embedding.get("type"));
        assertEquals(64, embedding.get("dimension"));
        assertEquals(Map.of("name", "hnsw", "engine", "lucene", "space_type", "cosinesimil"), embedding.get("method"));
        assertEquals(true, ((Map<String, Object>) index.get("settings")).get("index.knn"));
        assertEquals(Map.of(CatalogIndex.META_KEY, Map.of("items", 1)), mappings.get("_meta"));
    }

    @Test
    void aDocumentHasTheCatalogFields() {
        Product product = new Product("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "candle holder", 2.95f, 856);
        Map<String, Object> source = parse(CatalogIndex.document(product, new float[] { 0.5f, -0.5f }));
        assertEquals(Map.of(
            "title", "WHITE HANGING HEART T-LIGHT HOLDER",
            "category", "candle holder",
            "price", 2.95,
            "in_stock", true,
            "popularity", 856,
            "embedding", List.of(0.5, -0.5)
        ), source);
    }

    @Test
    void bulkLinesPairAnActionWithItsDocument() {
        List<Product> products = List.of(new Product("1", "A MUG", "mug", 1f, 1), new Product("2", "A BAG", "bag", 2f, 2));
        String[] lines = CatalogIndex.bulk(products, new float[][] { { 1f }, { -1f } }, 1, 2).split("\n");
        assertEquals(2, lines.length);
        assertEquals(Map.of("index", Map.of("_index", "products", "_id", "2")), parse(lines[0]));
        assertEquals("A BAG", parse(lines[1]).get("title"));
    }
}
