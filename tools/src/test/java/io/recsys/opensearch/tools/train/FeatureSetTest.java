package io.recsys.opensearch.tools.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.opensearch.tools.rest.ClusterException;
import io.recsys.opensearch.tools.rest.Json;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --features}: which logged features a model is trained on, from old (v1) and new (v2) feature logs. */
class FeatureSetTest {

    /** A feature-log document as the plugin writes it: every feature it computed, by name. */
    private static JsonNode logged(List<String> names) throws Exception {
        Map<String, Object> features = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            features.put(names.get(i), i + 0.5);
        }
        return Json.MAPPER.readTree(Json.write(Map.of("request_id", "r1", "item", "sku-1", "features", features)));
    }

    @Test
    void contractVersionsAndNamesParse() {
        assertEquals(14, FeatureSet.parse("v1").size());
        assertEquals(27, FeatureSet.parse("v2").size());
        assertEquals(FeatureSet.V1, FeatureSet.V2.subList(0, 14), "v2 starts with v1, in place");
        assertEquals(List.of("item_recency", "knn_score"), FeatureSet.parse(" item_recency, knn_score "));
        assertThrows(IllegalArgumentException.class, () -> FeatureSet.parse("knn_score,knn_score"));
        assertThrows(IllegalArgumentException.class, () -> FeatureSet.parse("knn_score,,popularity"));
    }

    @Test
    void aV1LogTrainsAV1ModelAndAV2LogTrainsEither() throws Exception {
        JsonNode oldHit = logged(FeatureSet.V1);
        JsonNode newHit = logged(FeatureSet.V2);
        assertArrayEquals(new float[] { 0.5f, 1.5f }, FeatureLogData.vector(oldHit, List.of("knn_score", "session_knn_score")));
        assertEquals(14, FeatureLogData.vector(newHit, FeatureSet.V1).length, "a v2 log trains a v1 model");
        float[] v2 = FeatureLogData.vector(newHit, FeatureSet.V2);
        assertEquals(27, v2.length);
        assertEquals(26.5f, v2[26], "item_trend, last");
        // in the order asked for, not the log's
        assertArrayEquals(new float[] { 24.5f, 0.5f }, FeatureLogData.vector(newHit, List.of("item_recency", "knn_score")));
    }

    @Test
    void aV2ModelFromAV1LogSaysWhatToDo() throws Exception {
        ClusterException e = assertThrows(ClusterException.class, () -> FeatureLogData.vector(logged(FeatureSet.V1), FeatureSet.V2));
        assertTrue(e.getMessage().contains("has no feature [knn_reciprocal_rank]"), e.getMessage());
        assertTrue(e.getMessage().contains("--features v1"), e.getMessage());
    }
}
