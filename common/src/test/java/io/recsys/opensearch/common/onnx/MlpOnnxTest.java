package io.recsys.opensearch.common.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The graph run by the real ONNX Runtime gives what the layers compute by hand. */
class MlpOnnxTest {

    @Test
    void aTwoLayerPerceptronScoresAsComputedByHand() throws Exception {
        // 2 inputs → 2 hidden (ReLU) → 1: hidden = relu([x0 - x1 + 0.5, x1 - x0]), score = 2·h0 + 3·h1 - 1
        float[] w1 = { 1, -1, -1, 1 }; // row-major [inputs × outputs]: row x0 = (1, -1), row x1 = (-1, 1)
        byte[] model = MlpOnnx.build(2, List.of(new MlpOnnx.Layer(w1, new float[] { 0.5f, 0 }),
            new MlpOnnx.Layer(new float[] { 2, 3 }, new float[] { -1 })), "test");
        float[][] rows = { { 3, 1 }, { 1, 3 }, { 0, 0 } };
        // row 1: h = (2.5, 0) → 4; row 2: h = (0, 2) → 5; row 3: h = (0.5, 0) → 0
        float[] expected = { 4, 5, 0 };
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, rows);
             OrtSession.Result result = session.run(Map.of("features", input))) {
            float[][] scores = (float[][]) result.get("score").orElseThrow().getValue();
            for (int r = 0; r < rows.length; r++) {
                assertEquals(expected[r], scores[r][0], 1e-6, "row " + r);
            }
        }
    }

    @Test
    void aLayerOfTheWrongSizeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MlpOnnx.build(3, List.of(new MlpOnnx.Layer(new float[] { 1, 2 }, new float[] { 0 })), "test"));
        assertEquals("layer 0 has 2 weights, expected 3 × 1", e.getMessage());
    }
}
