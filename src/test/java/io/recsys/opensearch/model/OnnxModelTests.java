package io.recsys.opensearch.model;

import org.junit.jupiter.api.Test;
import org.opensearch.common.unit.TimeValue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX Runtime itself, through {@link OnnxModel}: what loads, what is refused and why, what a run returns. */
class OnnxModelTests {

    @Test
    void linearModelScoresEachRowFromADirectBuffer() throws Exception {
        try (OnnxModel model = OnnxGraphs.load(OnnxGraphs.linear(new float[] { 1, -2, 0.5f }, 0.25f), 3, "model_base64")) {
            FloatBuffer rows = ByteBuffer.allocateDirect(2 * 3 * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            rows.put(new float[] { 1, 1, 1, 0, 2, 4 });
            float[] scores = new float[2];
            model.score(rows, 2, scores);
            assertArrayEquals(new float[] { 1 - 2 + 0.5f + 0.25f, -4 + 2 + 0.25f }, scores, 1e-6f);
        }
    }

    @Test
    void mlpLoadsAndRunsThreeHundredRows() throws Exception {
        try (OnnxModel model = OnnxGraphs.load(OnnxGraphs.mlp(14, new int[] { 256, 128 }, 7), 14, "m")) {
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
            () -> OnnxGraphs.load(OnnxGraphs.withExternalData(linear, "out_w_0", "/etc/hostname"), 3, "m"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> OnnxGraphs.load(OnnxGraphs.withExternalData(linear, "out_w_0", "/etc/no-such-file"), 3, "m"));
        assertEquals(existing.getMessage().replace("/etc/hostname", "X"), missing.getMessage().replace("/etc/no-such-file", "X"));
    }

    private static void assertRefused(byte[] bytes, int columns, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxGraphs.load(bytes, columns, "model_base64"));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("[model_base64]"), e.getMessage());
    }

    @Test
    void aGraphThatFailsOnSomeDataPassesTheUploadProbeAndFailsWhenServing() throws Exception {
        try (OnnxModel model = OnnxGraphs.load(OnnxGraphs.failsWhenColumnReachesOne(new float[] { 1, 1 }, 1), 2, "m")) {
            float[] scores = new float[5];
            FloatBuffer rows = ByteBuffer.allocateDirect(5 * 2 * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            model.score(rows, 5, scores);
            assertArrayEquals(new float[5], scores);
            rows.put(3, 1f);
            assertThrows(Exception.class, () -> model.score(rows, 5, scores));
            assertEquals(2, model.columns());
        }
    }

    @Test
    void aLoopingModelIsRefusedWithinTheRunLimit() {
        // a billion trips round a Loop: about a quarter of an hour of ONNX Runtime if nothing stopped it
        byte[] endless = OnnxGraphs.looping(new float[] { 1, 1 }, 1_000_000_000L);
        long start = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> OnnxGraphs.load(endless, 2, "model_base64", TimeValue.timeValueMillis(200)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().startsWith("[model_base64] the model takes longer than 200ms to score a [300, 2] batch"), e.getMessage());
        assertTrue(e.getMessage().contains("recsys.model.inference_timeout"), e.getMessage());
        assertTrue(millis < 5_000, "refused after " + millis + " ms");
    }

    @Test
    void aRunningModelStopsWhenAnotherThreadStopsIt() throws Exception {
        // few enough trips to pass a generous probe limit, enough that a 300-row run takes a good part of a second
        byte[] slow = OnnxGraphs.looping(new float[] { 1, 2 }, 300_000L);
        try (OnnxModel model = OnnxGraphs.load(slow, 2, "m")) {
            FloatBuffer rows = ByteBuffer.allocateDirect(300 * 2 * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            rows.put(0, 1f).put(1, 1f);
            float[] scores = new float[300];
            long start = System.nanoTime();
            model.score(rows, 300, scores);
            long fullMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(3f, scores[0], 1e-6f, "the loop leaves the linear score unchanged");
            try (StoppableRun run = StoppableRun.stoppedAfter(OnnxGraphs.timer(), TimeValue.timeValueMillis(20).nanos())) {
                long stopStart = System.nanoTime();
                Exception stopped = assertThrows(Exception.class, () -> model.score(rows, 300, scores, run));
                long stoppedMillis = (System.nanoTime() - stopStart) / 1_000_000;
                assertTrue(run.stopped());
                assertTrue(stoppedMillis < fullMillis / 2, "stopped after " + stoppedMillis + " ms; a whole run takes " + fullMillis + " ms; " + stopped);
            }
            // the session is still usable after a stopped run
            model.score(rows, 300, scores);
            assertEquals(3f, scores[0], 1e-6f);
        }
    }

    @Test
    void nativeSourcePathsAreLeftOutOfMessages() throws Exception {
        // an IR version from the future: ONNX Runtime's message names the C++ source file and function that refused it
        byte[] future = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(OnnxGraphs.linear(new float[] { 1, 2, 3 }, 0)).toBuilder().setIrVersion(99).build().toByteArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxGraphs.load(future, 3, "model_base64"));
        assertTrue(e.getCause() == null, "the cause would reach the client as caused_by: " + e.getCause());
        assertTrue(e.getMessage().contains("Unsupported model IR version: 99"), e.getMessage());
        assertFalse(e.getMessage().contains("onnxruntime_src"), e.getMessage());
        assertFalse(e.getMessage().contains(".cc:"), e.getMessage());
        String message = "[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Non-zero status code returned while running Gather node. Name:'g' "
            + "Status Message: /onnxruntime_src/onnxruntime/core/providers/cpu/tensor/gather.cc:113 "
            + "onnxruntime::common::Status onnxruntime::GatherCopyData(const Tensor*, const uint8_t*, uint8_t*, bool, size_t, size_t, size_t, size_t, size_t, concurrency::ThreadPool*) "
            + "indices element out of data bounds, idx=1 must be within the inclusive range [-1,0]";
        String cleaned = OnnxMessages.clean(message);
        assertFalse(cleaned.contains("/onnxruntime_src"), cleaned);
        assertTrue(cleaned.contains("indices element out of data bounds, idx=1 must be within the inclusive range [-1,0]"), cleaned);
        assertTrue(cleaned.contains("while running Gather node"), cleaned);
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
