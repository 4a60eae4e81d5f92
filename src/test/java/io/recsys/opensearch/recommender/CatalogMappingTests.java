package io.recsys.opensearch.recommender;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Looking a dotted field path up in a mapping, through objects and multi-fields. */
class CatalogMappingTests {

    private static final Map<String, Object> MAPPING = Map.of(
        "properties",
        Map.of(
            "title",
            Map.of("type", "text", "fields", Map.of("keyword", Map.of("type", "keyword"))),
            "item",
            Map.of("properties", Map.of("vec", Map.of("type", "knn_vector", "dimension", 8)))
        )
    );

    @Test
    void findsTopLevelNestedObjectAndMultiFields() {
        assertEquals("text", CatalogMapping.fieldMapping(MAPPING, "title").get("type"));
        assertEquals("keyword", CatalogMapping.fieldMapping(MAPPING, "title.keyword").get("type"));
        assertEquals(8, CatalogMapping.fieldMapping(MAPPING, "item.vec").get("dimension"));
    }

    @Test
    void unmappedPathsAreNull() {
        assertNull(CatalogMapping.fieldMapping(MAPPING, "price"));
        assertNull(CatalogMapping.fieldMapping(MAPPING, "item.other"));
        assertNull(CatalogMapping.fieldMapping(MAPPING, "title.keyword.deeper"));
    }
}
