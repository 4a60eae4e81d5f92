package io.recsys.opensearch.bench.suite;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * The re-ranking model run by the client-side pipeline: the same ONNX bytes the node serves, in ONNX Runtime in this
 * process, set up the way the plugin sets up its sessions (one intra-op thread; features written to a reused direct
 * buffer; one {@code run()} per request).
 */
final class ClientModel implements AutoCloseable {

    /** Rows a request may score. */
    static final int MAX_ROWS = 1_000;

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int columns;
    /** One input buffer per client thread. */
    private final ThreadLocal<FloatBuffer> buffers;

    ClientModel(byte[] onnx, int columns) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            this.session = environment.createSession(onnx, options);
        }
        this.columns = columns;
        this.buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_ROWS * columns * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer());
    }

    /** One score per row. */
    float[] score(List<float[]> rows) throws OrtException {
        int n = Math.min(rows.size(), MAX_ROWS);
        FloatBuffer input = buffers.get();
        input.clear();
        for (int i = 0; i < n; i++) {
            input.put(rows.get(i), 0, columns);
        }
        input.flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, new long[] { n, columns });
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
            FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] scores = new float[n];
            output.get(scores);
            return scores;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
