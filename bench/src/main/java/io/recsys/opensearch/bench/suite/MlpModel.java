package io.recsys.opensearch.bench.suite;

import ai.onnx.proto.OnnxMl;
import io.recsys.opensearch.rerank.Feature;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The re-ranking model of the suite: an MLP over the contract's 14 features, 14 → 256 → 128 → 1 with ReLU (the size issue
 * #6 names), as ONNX (opset 13, built with tribuo's ONNXContext). It costs what any such MLP costs, and its output is a
 * known, sensible score — {@link #WEIGHTS} · features — so that the re-ranked order can be checked: the first unit pair
 * of layer 1 carries +score and −score, the first unit of layer 2 rebuilds score + {@link #OFFSET}, the output removes the
 * offset; every other weight is small seeded noise that changes the score by about 10⁻³.
 */
public final class MlpModel {

    static final int[] HIDDEN = { 256, 128 };
    /** Keeps the rebuilt score positive through the second ReLU (scores stay well above −10). */
    static final float OFFSET = 10f;
    /** The score the model computes, in {@link Feature} order. */
    static final float[] WEIGHTS = { 4f, 2f, 2f, 1.5f, 0.15f, 1f, 0.2f, -0.5f, -0.1f, 0.3f, 0.3f, 0.3f, 0.1f, 0f };

    private MlpModel() {}

    /** The ONNX bytes; the same for a seed. */
    public static byte[] build(long seed) {
        int inputs = Feature.values().length;
        Random random = new Random(seed);
        float[] w1 = noise(random, inputs * HIDDEN[0], 0.1);
        for (int f = 0; f < inputs; f++) {
            w1[f * HIDDEN[0]] = WEIGHTS[f];
            w1[f * HIDDEN[0] + 1] = -WEIGHTS[f];
        }
        float[] w2 = noise(random, HIDDEN[0] * HIDDEN[1], 0.05);
        for (int i = 0; i < HIDDEN[0]; i++) {
            w2[i * HIDDEN[1]] = i == 0 ? 1f : i == 1 ? -1f : 0f;
        }
        float[] b2 = new float[HIDDEN[1]];
        b2[0] = OFFSET;
        float[] w3 = noise(random, HIDDEN[1], 0.001);
        w3[0] = 1f;

        ONNXContext context = new ONNXContext();
        ONNXPlaceholder input = context.floatInput("features", inputs);
        ONNXPlaceholder output = context.floatOutput("score", 1);
        ONNXRef<?> h1 = gemm(context, input, w1, inputs, HIDDEN[0], new float[HIDDEN[0]], "dense0").apply(Relu.RELU);
        ONNXRef<?> h2 = gemm(context, h1, w2, HIDDEN[0], HIDDEN[1], b2, "dense1").apply(Relu.RELU);
        gemm(context, h2, w3, HIDDEN[1], 1, new float[] { -OFFSET }, "dense2").assignTo(output);
        return OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName("opensearch-recsys bench")
            .setGraph(context.buildGraph())
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
            .build()
            .toByteArray();
    }

    /** The score the model approximates, for checks. */
    static double expected(float[] features) {
        double score = 0;
        for (int f = 0; f < features.length; f++) {
            score += WEIGHTS[f] * features[f];
        }
        return score;
    }

    private static float[] noise(Random random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    private static ONNXNode gemm(ONNXContext context, ONNXRef<?> input, float[] weights, int rows, int cols, float[] bias, String name) {
        ONNXInitializer w = context.floatTensor(name + "_w", List.of(rows, cols), buffer -> buffer.put(weights));
        ONNXInitializer b = context.floatTensor(name + "_b", List.of(cols), buffer -> buffer.put(bias));
        return input.apply(ONNXOperators.GEMM, List.of(w, b));
    }

    /** ONNX's Relu (opset 13), which tribuo does not declare. */
    private enum Relu implements ONNXOperator {
        RELU;

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
        public Map<String, ONNXAttribute> getAttributes() {
            return Map.of();
        }

        @Override
        public Set<String> getMandatoryAttributeNames() {
            return Set.of();
        }

        @Override
        public int getOpVersion() {
            return 13;
        }

        @Override
        public String getOpDomain() {
            return "";
        }
    }
}
