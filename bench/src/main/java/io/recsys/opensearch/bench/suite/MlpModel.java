package io.recsys.opensearch.bench.suite;

import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.common.onnx.MlpOnnx;

import java.util.List;
import java.util.Random;

/**
 * The re-ranking model of the suite: an MLP over the contract's 14 features, 14 → 256 → 128 → 1 with ReLU (the size issue
 * #6 names), as ONNX (opset 13, built by the shared MlpOnnx). It costs what any such MLP costs, and its output is a
 * known, sensible score — {@link #WEIGHTS} · features — so that the re-ranked order can be checked: the first unit pair
 * of layer 1 carries +score and −score, the first unit of layer 2 rebuilds score + {@link #OFFSET}, the output removes the
 * offset; every other weight is small seeded noise that changes the score by about 10⁻³.
 */
public final class MlpModel {

    static final int[] HIDDEN = { 256, 128 };
    /** Keeps the rebuilt score positive through the second ReLU (scores stay well above −10). */
    static final float OFFSET = 10f;
    /** The score the model computes, in {@link Feature} order (contract v1). */
    static final float[] WEIGHTS = { 4f, 2f, 2f, 1.5f, 0.15f, 1f, 0.2f, -0.5f, -0.1f, 0.3f, 0.3f, 0.3f, 0.1f, 0f };

    private MlpModel() {}

    /** The ONNX bytes; the same for a seed. */
    public static byte[] build(long seed) {
        int inputs = Feature.V1_SIZE; // the suite measures the 14-input MLP of issue #6: it reads contract v1
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

        return MlpOnnx.build(inputs, List.of(new MlpOnnx.Layer(w1, new float[HIDDEN[0]]), new MlpOnnx.Layer(w2, b2),
            new MlpOnnx.Layer(w3, new float[] { -OFFSET })), "opensearch-recsys bench");
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
}
