package io.recsys.opensearch.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.recsys.opensearch.rerank.BatchScorer;
import io.recsys.opensearch.settings.RecsysSettings;
import org.opensearch.common.unit.TimeValue;

import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One ONNX model loaded in ONNX Runtime: a session whose single input is a float tensor {@code [N, columns]} and whose
 * single output holds one score per row ({@code [N]} or {@code [N, 1]}). Creating one checks exactly that, so the same
 * code validates an upload and loads a model for serving. Thread-safe: ONNX Runtime sessions allow concurrent runs.
 */
public final class OnnxModel implements BatchScorer, AutoCloseable {

    /** Rows of the probe run at load: the default {@code rerank.window}, so a model that passes can serve a default request. */
    public static final int PROBE_ROWS = 300;

    /** The process-wide ONNX Runtime environment (one per JVM, as ONNX Runtime requires). */
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    /** The loaded graph. */
    private final OrtSession session;
    /** Name of the single input. */
    private final String inputName;
    /** Input columns: the number of features. */
    private final int columns;
    /** Size of the serialized model, reported by the stats as the model's memory estimate. */
    private final long sizeInBytes;

    private OnnxModel(OrtSession session, String inputName, int columns, long sizeInBytes) {
        this.session = session;
        this.inputName = inputName;
        this.columns = columns;
        this.sizeInBytes = sizeInBytes;
    }

    /**
     * Loads a model, checks its signature against the expected feature count and runs it once on {@value #PROBE_ROWS}
     * rows, stopped by {@code timer} after {@code runLimit}; no custom operator library is ever registered, so a graph
     * that needs one does not load, and a model whose tensors live in external files is refused before ONNX Runtime
     * sees it, so no model ever reads a file of the node.
     *
     * @throws IllegalArgumentException naming {@code field} when ONNX Runtime refuses the bytes, the signature is wrong,
     *                                  or the probe run fails or takes longer than {@code runLimit}
     */
    public static OnnxModel load(byte[] bytes, int columns, String field, ScheduledExecutorService timer, TimeValue runLimit) {
        ExternalDataCheck.refuseExternalData(bytes, field); // before ONNX Runtime could read a file the model names
        OrtSession session;
        try (OrtSession.SessionOptions options = sessionOptions()) {
            session = ENV.createSession(bytes, options);
        } catch (OrtException | RuntimeException e) {
            throw new IllegalArgumentException("[" + field + "] ONNX Runtime cannot load the model: " + explain(e));
        }
        try {
            String input = checkSignature(session, columns, field);
            OnnxModel model = new OnnxModel(session, input, columns, bytes.length);
            model.checkRuns(field, timer, runLimit);
            return model;
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /** One intra-op thread: requests run concurrently on the inference pool, and one thread per run is fastest then. */
    private static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return options;
    }

    private static String explain(Exception e) {
        String message = OnnxMessages.clean(String.valueOf(e.getMessage()));
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("is not a registered function/op") || lower.contains("no opset import for domain") || lower.contains("custom")) {
            return "it uses an operator that is not part of ONNX or ONNX Runtime (custom operator libraries are never loaded): " + message;
        }
        return message;
    }

    private static String checkSignature(OrtSession session, int columns, String field) {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("[" + field + "] the model must have exactly one input, a float tensor [N, " + columns + "]; it has " + inputs.size() + ": " + inputs.keySet());
            }
            NodeInfo input = inputs.values().iterator().next();
            long[] inShape = input.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT ? t.getShape() : null;
            if (inShape == null || inShape.length != 2 || inShape[0] > 0 || inShape[1] != columns) {
                throw new IllegalArgumentException("[" + field + "] the model's input [" + input.getName() + "] must be a float tensor [N, " + columns
                    + "] (N dynamic, " + columns + " = the number of [features]); it is " + describe(input));
            }
            if (outputs.size() != 1) {
                throw new IllegalArgumentException("[" + field + "] the model must have exactly one output, one score per row; it has " + outputs.size() + ": " + outputs.keySet());
            }
            NodeInfo output = outputs.values().iterator().next();
            long[] outShape = output.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT ? t.getShape() : null;
            boolean perRow = outShape != null && outShape.length >= 1 && outShape.length <= 2 && outShape[0] <= 0 && (outShape.length == 1 || outShape[1] == 1);
            if (perRow == false) {
                throw new IllegalArgumentException("[" + field + "] the model's output [" + output.getName() + "] must be a float tensor [N] or [N, 1], one score per row; it is " + describe(output));
            }
            return input.getName();
        } catch (OrtException e) {
            throw new IllegalArgumentException("[" + field + "] ONNX Runtime cannot read the model's signature: " + OnnxMessages.clean(e.getMessage()));
        }
    }

    private static String describe(NodeInfo info) {
        if (info.getInfo() instanceof TensorInfo t) {
            StringBuilder shape = new StringBuilder();
            for (long d : t.getShape()) {
                shape.append(shape.isEmpty() ? "" : ", ").append(d < 0 ? "N" : Long.toString(d));
            }
            return t.type.name().toLowerCase(Locale.ROOT) + " [" + shape + "]";
        }
        return info.getInfo().toString();
    }

    /**
     * A graph can declare the right shapes and still fail, answer the wrong count, or run for minutes (a {@code Loop}
     * with a huge trip count): run it once on {@value #PROBE_ROWS} rows within the limit.
     */
    private void checkRuns(String field, ScheduledExecutorService timer, TimeValue limit) {
        int rows = PROBE_ROWS;
        FloatBuffer probe = FloatBuffer.allocate(rows * columns);
        float[] scores = new float[rows];
        StoppableRun run = null;
        try {
            run = StoppableRun.stoppedAfter(timer, limit.nanos());
            score(probe, rows, scores, run);
        } catch (Exception e) {
            if (run != null && run.stopped()) {
                throw new IllegalArgumentException("[" + field + "] the model takes longer than " + limit + " to score a [" + rows + ", " + columns
                    + "] batch (the limit of one run, setting " + RecsysSettings.MODEL_INFERENCE_TIMEOUT.getKey() + ")");
            }
            throw new IllegalArgumentException("[" + field + "] the model loads but does not run on a [" + rows + ", " + columns + "] batch of zeros: "
                + OnnxMessages.clean(e.getMessage()));
        } finally {
            if (run != null) {
                run.close();
            }
        }
    }

    @Override
    public int columns() {
        return columns;
    }

    public long sizeInBytes() {
        return sizeInBytes;
    }

    @Override
    public void score(FloatBuffer features, int rows, float[] scores) throws OrtException {
        score(features, rows, scores, null);
    }

    /** One run that {@code run} may stop from another thread (null: not stoppable). */
    public void score(FloatBuffer features, int rows, float[] scores, StoppableRun run) throws OrtException {
        FloatBuffer batch = features.duplicate();
        batch.position(0).limit(rows * columns);
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENV, batch, new long[] { rows, columns });
             OrtSession.Result result = run == null ? session.run(Map.of(inputName, tensor)) : session.run(Map.of(inputName, tensor), run.options())) {
            OnnxValue value = result.get(0);
            FloatBuffer out = ((OnnxTensor) value).getFloatBuffer();
            if (out.remaining() != rows) {
                throw new IllegalStateException("the model returned " + out.remaining() + " scores for " + rows + " rows");
            }
            out.get(scores, 0, rows);
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // closing frees native memory; nothing else to do if ONNX Runtime complains
        }
    }
}
