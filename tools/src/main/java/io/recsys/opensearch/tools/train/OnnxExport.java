package io.recsys.opensearch.tools.train;

import io.recsys.opensearch.common.onnx.MlpOnnx;

import java.util.List;

/**
 * The trained model as an ONNX graph in the form the plugin requires: one float input {@code [N, features]}, one float
 * output {@code [N, 1]}. The standardisation is folded into the first layer ({@code w' = w / std},
 * {@code b' = b - Σ w·mean/std}), so the graph is just Gemm → Relu → Gemm and the node feeds raw features.
 */
public final class OnnxExport {

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
        return MlpOnnx.build(inputs, List.of(new MlpOnnx.Layer(w1, b1), new MlpOnnx.Layer(w2, new float[] { (float) model.b2 })), producer);
    }
}
