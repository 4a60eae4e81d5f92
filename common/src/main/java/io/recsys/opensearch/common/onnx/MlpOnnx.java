package io.recsys.opensearch.common.onnx;

import ai.onnx.proto.OnnxMl;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A multi-layer perceptron as an ONNX graph in the form the plugin's model registry accepts: one float input
 * {@code features [N, inputs]}, one float output {@code score [N, 1]}, layers {@code Gemm} with {@code Relu} between
 * them (none after the last), opset 13. Built with Tribuo's ONNX builder.
 */
public final class MlpOnnx {

    /** The opset the graphs declare. */
    public static final int OPSET = 13;

    /**
     * One dense layer.
     *
     * @param weights row-major {@code [inputs × outputs]}
     * @param bias    {@code [outputs]}
     */
    public record Layer(float[] weights, float[] bias) {
        public int outputs() {
            return bias.length;
        }
    }

    private MlpOnnx() {}

    /**
     * @param inputs   the number of features
     * @param layers   the layers in order; the last has one output
     * @param producer written in the model's {@code producer_name}
     */
    public static byte[] build(int inputs, List<Layer> layers, String producer) {
        if (layers.isEmpty() || layers.getLast().outputs() != 1) {
            throw new IllegalArgumentException("an MLP needs at least one layer and one output");
        }
        ONNXContext context = new ONNXContext();
        ONNXPlaceholder input = context.floatInput("features", inputs);
        ONNXPlaceholder output = context.floatOutput("score", 1);
        ONNXRef<?> current = input;
        int width = inputs;
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (layer.weights().length != width * layer.outputs()) {
                throw new IllegalArgumentException("layer " + l + " has " + layer.weights().length + " weights, expected " + width + " × " + layer.outputs());
            }
            ONNXRef<?> dense = gemm(context, current, layer, width, "dense" + l);
            boolean last = l == layers.size() - 1;
            current = last ? dense : dense.apply(Relu.INSTANCE);
            width = layer.outputs();
        }
        ((org.tribuo.util.onnx.ONNXNode) current).assignTo(output);
        return OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName(producer)
            .setGraph(context.buildGraph())
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .build()
            .toByteArray();
    }

    private static org.tribuo.util.onnx.ONNXNode gemm(ONNXContext context, ONNXRef<?> input, Layer layer, int rows, String name) {
        ONNXInitializer w = context.floatTensor(name + "_w", List.of(rows, layer.outputs()), buffer -> buffer.put(layer.weights()));
        ONNXInitializer b = context.floatTensor(name + "_b", List.of(layer.outputs()), buffer -> buffer.put(layer.bias()));
        return input.apply(ONNXOperators.GEMM, List.of(w, b));
    }

    /** ONNX's Relu from the standard domain, which Tribuo's operator list does not declare. */
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
        public Map<String, ONNXAttribute> getAttributes() {
            return Map.of();
        }

        @Override
        public Set<String> getMandatoryAttributeNames() {
            return Set.of();
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
}
