package io.recsys.opensearch.tools.train;

import ai.onnx.proto.OnnxMl;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

import java.util.List;
import java.util.Map;

/**
 * The trained model as an ONNX graph in the form the plugin requires: one float input {@code [N, features]}, one float
 * output {@code [N, 1]}. The standardisation is folded into the first layer ({@code w' = w / std},
 * {@code b' = b - Σ w·mean/std}), so the graph is just Gemm → Relu → Gemm and the node feeds raw features.
 */
public final class OnnxExport {

    static final int OPSET = 13;

    /** Relu from the standard domain: tribuo's operator list does not declare it. */
    private enum Relu implements ONNXOperator {
        INSTANCE;

        @Override
        public String getOpName() {
            return "Relu";
        }

        @Override
        public int getNumInputs() {
            return 1;
        }

        @Override
        public int getNumOptionalInputs() {
            return 0;
        }

        @Override
        public int getNumOutputs() {
            return 1;
        }

        @Override
        public Map<String, org.tribuo.util.onnx.ONNXAttribute> getAttributes() {
            return Map.of();
        }

        @Override
        public java.util.Set<String> getMandatoryAttributeNames() {
            return java.util.Set.of();
        }

        @Override
        public int getOpVersion() {
            return OPSET;
        }

        @Override
        public String getOpDomain() {
            return "";
        }
    }

    private OnnxExport() {}

    public static byte[] toOnnx(FusionMlp model, String producer) {
        int inputs = model.inputs(), hidden = model.hidden();
        float[] w1 = new float[inputs * hidden];
        float[] b1 = new float[hidden];
        for (int h = 0; h < hidden; h++) {
            double bias = model.b1[h];
            for (int i = 0; i < inputs; i++) {
                double w = model.constant[i] ? 0 : model.w1[i][h] / model.std[i];
                w1[i * hidden + h] = (float) w;
                bias -= w * model.mean[i];
            }
            b1[h] = (float) bias;
        }
        float[] w2 = new float[hidden];
        for (int h = 0; h < hidden; h++) {
            w2[h] = (float) model.w2[h];
        }
        ONNXContext context = new ONNXContext();
        ONNXPlaceholder input = context.floatInput("features", inputs);
        ONNXPlaceholder output = context.floatOutput("score", 1);
        ONNXNode hiddenLayer = dense(context, input, w1, inputs, hidden, b1, "hidden").apply(Relu.INSTANCE);
        dense(context, hiddenLayer, w2, hidden, 1, new float[] { (float) model.b2 }, "out").assignTo(output);
        return OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName(producer)
            .setGraph(context.buildGraph())
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .build()
            .toByteArray();
    }

    private static ONNXNode dense(ONNXContext context, org.tribuo.util.onnx.ONNXRef<?> input, float[] weights, int rows, int cols, float[] bias, String name) {
        ONNXInitializer w = context.floatTensor(name + "_w", List.of(rows, cols), buffer -> buffer.put(weights));
        ONNXInitializer b = context.floatTensor(name + "_b", List.of(cols), buffer -> buffer.put(bias));
        return input.apply(ONNXOperators.GEMM, List.of(w, b));
    }
}
