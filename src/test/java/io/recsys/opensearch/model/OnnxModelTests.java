package io.recsys.opensearch.model;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX Runtime itself, through {@link OnnxModel}: what loads, what is refused and why, what a run returns. */
class OnnxModelTests {

    @Test
    void linearModelScoresEachRowFromADirectBuffer() throws Exception {
        try (OnnxModel model = OnnxModel.load(OnnxGraphs.linear(new float[] { 1, -2, 0.5f }, 0.25f), 3, "model_base64")) {
            FloatBuffer rows = ByteBuffer.allocateDirect(2 * 3 * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            rows.put(new float[] { 1, 1, 1, 0, 2, 4 });
            float[] scores = new float[2];
            model.score(rows, 2, scores);
            assertArrayEquals(new float[] { 1 - 2 + 0.5f + 0.25f, -4 + 2 + 0.25f }, scores, 1e-6f);
        }
    }

    @Test
    void mlpLoadsAndRunsThreeHundredRows() throws Exception {
        try (OnnxModel model = OnnxModel.load(OnnxGraphs.mlp(14, new int[] { 256, 128 }, 7), 14, "m")) {
            FloatBuffer rows = ByteBuffer.allocateDirect(300 * 14 * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int i = 0; i < 300 * 14; i++) {
                rows.put(i, (i % 17) / 17f);
            }
            float[] scores = new float[300];
            model.score(rows, 300, scores);
            assertTrue(Arrays.stream(toDoubles(scores)).allMatch(Double::isFinite));
        }
    }

    @Test
    void refusesWhatIsNotAScorerOfTheGivenWidth() {
        assertRefused(new byte[] { 1, 2, 3, 4, 5 }, 3, "[model_base64] is not an ONNX model");
        assertRefused(OnnxGraphs.linear(new float[] { 1, 2, 3 }, 0), 4, "must be a float tensor [N, 4]");
        assertRefused(OnnxGraphs.linearWithOutputs(3, 2), 3, "must be a float tensor [N] or [N, 1], one score per row");
        assertRefused(OnnxGraphs.customOp(3), 3, "custom operator libraries are never loaded");
    }

    @Test
    void refusesTensorsWhoseDataLivesInAFileOfTheNode() throws Exception {
        // a real file with valid float data: without the check ONNX Runtime would read it and serve its bytes as weights
        java.nio.file.Path weights = java.nio.file.Files.createTempFile("weights", ".bin");
        try {
            java.nio.file.Files.write(weights, ByteBuffer.allocate(3 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putFloat(3).array());
            byte[] linear = OnnxGraphs.linear(new float[] { 1, 1, 1 }, 0);
            for (String location : new String[] { weights.toString(), "/etc/passwd", "config/opensearch.yml", "../../../etc/hostname", "missing.bin" }) {
                assertRefused(OnnxGraphs.withExternalData(linear, "out_w_0", location), 3, "tensor [out_w_0] keeps its data outside the model");
                assertRefused(OnnxGraphs.withExternalData(linear, "out_w_0", location), 3, "location [" + location + "]");
                assertRefused(OnnxGraphs.withExternalDataInSubgraph(linear, location), 3, "tensor [hidden] keeps its data outside the model");
            }
        } finally {
            java.nio.file.Files.delete(weights);
        }
    }

    @Test
    void aRefusalSaysTheSameWhetherTheNamedFileExistsOrNot() {
        byte[] linear = OnnxGraphs.linear(new float[] { 1, 1, 1 }, 0);
        IllegalArgumentException existing = assertThrows(IllegalArgumentException.class,
            () -> OnnxModel.load(OnnxGraphs.withExternalData(linear, "out_w_0", "/etc/hostname"), 3, "m"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> OnnxModel.load(OnnxGraphs.withExternalData(linear, "out_w_0", "/etc/no-such-file"), 3, "m"));
        assertEquals(existing.getMessage().replace("/etc/hostname", "X"), missing.getMessage().replace("/etc/no-such-file", "X"));
    }

    private static void assertRefused(byte[] bytes, int columns, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxModel.load(bytes, columns, "model_base64"));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("[model_base64]"), e.getMessage());
    }

    @Test
    void aGraphThatFailsOnSomeDataPassesTheUploadProbeAndFailsWhenServing() throws Exception {
        try (OnnxModel model = OnnxModel.load(OnnxGraphs.failsWhenColumnReachesOne(new float[] { 1, 1 }, 1), 2, "m")) {
            float[] scores = new float[5];
            FloatBuffer rows = ByteBuffer.allocateDirect(5 * 2 * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            model.score(rows, 5, scores);
            assertArrayEquals(new float[5], scores);
            rows.put(3, 1f);
            assertThrows(Exception.class, () -> model.score(rows, 5, scores));
            assertEquals(2, model.columns());
        }
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
