package io.recsys.opensearch.model;

import io.recsys.opensearch.candidate.Feature;
import org.junit.jupiter.api.Test;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model shipped in config/: it loads in ONNX Runtime with its declared features and prefers what it was trained to prefer. */
class ShippedDefaultModelTests {

    private static final Path CONFIG = Path.of(System.getProperty("project.basedir", "."), "config");

    @Test
    @SuppressWarnings("unchecked")
    void theShippedModelLoadsWithTheContractFeaturesAndRanksARepurchaseAboveAStranger() throws Exception {
        Map<String, Object> meta;
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY, DeprecationHandler.THROW_UNSUPPORTED_OPERATION,
            Files.readString(CONFIG.resolve(DefaultModel.META_FILE)))) {
            meta = parser.map();
        }
        List<String> features = (List<String>) meta.get("features");
        assertEquals(Feature.contractNames("v1"), features, "the contract v1 features, in contract order");
        assertTrue(((String) meta.get("description")).contains("Online Retail"), "the description says how it was trained");
        try (OnnxModel model = OnnxGraphs.load(Files.readAllBytes(CONFIG.resolve(DefaultModel.MODEL_FILE)), features.size(), "fusion-default")) {
            FloatBuffer rows = ByteBuffer.allocateDirect(2 * features.size() * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            int k = features.size();
            // row 0: an item the user bought before, popular, co-occurring; row 1: an unknown item from the popular list only
            rows.put(Feature.ITEM_SEEN.ordinal(), 1).put(Feature.POPULARITY.ordinal(), 3).put(Feature.COOCCURRENCE_SCORE.ordinal(), 1)
                .put(Feature.FROM_COOCCURRENCE.ordinal(), 1).put(Feature.PRICE_RATIO.ordinal(), 1);
            rows.put(k + Feature.FROM_POPULAR.ordinal(), 1).put(k + Feature.PRICE_RATIO.ordinal(), 1);
            float[] scores = new float[2];
            model.score(rows, 2, scores);
            assertTrue(scores[0] > scores[1], "repurchase candidate " + scores[0] + " above stranger " + scores[1]);
        }
    }
}
