package io.recsys.opensearch.model;

import ai.onnx.proto.OnnxMl;
import io.recsys.opensearch.common.onnx.MlpOnnx;
import org.opensearch.common.unit.TimeValue;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * ONNX models for tests and the benchmark, built with tribuo's ONNXContext (opset 13): linear scorers, MLPs, and
 * deliberately broken graphs (wrong output shape, a custom operator, a graph that fails at run time).
 */
public final class OnnxGraphs {

    static final int OPSET = 13;
    static final String CUSTOM_DOMAIN = "com.example.recsys";

    /** The timer that stops test loads' probe runs; a daemon thread, so it never keeps a test JVM alive. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "onnx-graphs-timer");
        thread.setDaemon(true);
        return thread;
    });
    /** Generous probe limit for tests that are not about time: a slow CI machine must not fail them. */
    public static final TimeValue TEST_RUN_LIMIT = TimeValue.timeValueSeconds(30);

    private OnnxGraphs() {}

    /** {@link OnnxModel#load} with the tests' timer and {@link #TEST_RUN_LIMIT}. */
    public static OnnxModel load(byte[] bytes, int columns, String field) {
        return load(bytes, columns, field, TEST_RUN_LIMIT);
    }

    public static OnnxModel load(byte[] bytes, int columns, String field, TimeValue runLimit) {
        return OnnxModel.load(bytes, columns, field, TIMER, runLimit);
    }

    /** The tests' timer, to stop runs from another thread. */
    public static ScheduledExecutorService timer() {
        return TIMER;
    }

    /** An operator tribuo does not declare: a custom one (MLPs come from the shared {@link MlpOnnx}). */
    enum Op implements ONNXOperator {
        CUSTOM_SCALE("RecsysScale", 1, CUSTOM_DOMAIN);

        /** Operator name. */
        private final String name;
        /** Number of inputs. */
        private final int inputs;
        /** Operator domain ("" = ONNX). */
        private final String domain;

        Op(String name, int inputs, String domain) {
            this.name = name;
            this.inputs = inputs;
            this.domain = domain;
        }

        @Override
        public String getOpName() {
            return name;
        }

        @Override
        public int getNumInputs() {
            return inputs;
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
            return Collections.emptyMap();
        }

        @Override
        public Set<String> getMandatoryAttributeNames() {
            return Collections.emptySet();
        }

        @Override
        public int getOpVersion() {
            return domain.isEmpty() ? OPSET : 1;
        }

        @Override
        public String getOpDomain() {
            return domain;
        }
    }

    /** score = features · weights + bias, as a Gemm: input [N, k], output [N, 1]. */
    public static byte[] linear(float[] weights, float bias) {
        ONNXContext context = new ONNXContext();
        ONNXPlaceholder input = context.floatInput("features", weights.length);
        ONNXPlaceholder output = context.floatOutput("score", 1);
        gemm(context, input, weights, weights.length, 1, new float[] { bias }, "out").assignTo(output);
        return model(context, false);
    }

    /** A linear model whose output is declared [N, outputs] (wrong unless outputs = 1). */
    public static byte[] linearWithOutputs(int inputs, int outputs) {
        ONNXContext context = new ONNXContext();
        ONNXPlaceholder input = context.floatInput("features", inputs);
        ONNXPlaceholder output = context.floatOutput("score", outputs);
        gemm(context, input, new float[inputs * outputs], inputs, outputs, new float[outputs], "out").assignTo(output);
        return model(context, false);
    }

    /** A linear model followed by an operator of a custom domain that ONNX Runtime has no kernel for. */
    public static byte[] customOp(int inputs) {
        ONNXContext context = new ONNXContext();
        ONNXPlaceholder input = context.floatInput("features", inputs);
        ONNXPlaceholder output = context.floatOutput("score", 1);
        ONNXNode linear = gemm(context, input, new float[inputs], inputs, 1, new float[1], "linear");
        linear.apply(Op.CUSTOM_SCALE).assignTo(output);
        return model(context, true);
    }

    /**
     * A linear model plus a lookup into a one-entry table at index {@code (int) features[:, column]}: valid for the
     * all-zeros probe at upload, an out-of-bounds error in ONNX Runtime as soon as that column holds a value >= 1.
     */
    public static byte[] failsWhenColumnReachesOne(float[] weights, int column) {
        ONNXContext context = new ONNXContext();
        ONNXPlaceholder input = context.floatInput("features", weights.length);
        ONNXPlaceholder output = context.floatOutput("score", 1);
        ONNXNode linear = gemm(context, input, weights, weights.length, 1, new float[1], "linear");
        ONNXInitializer columnIndex = context.array("column", new long[] { column });
        ONNXNode picked = input.apply(ONNXOperators.GATHER, columnIndex, Map.of("axis", 1));
        ONNXNode index = picked.cast(long.class);
        ONNXInitializer table = context.array("table", new float[] { 0f });
        ONNXNode looked = context.operation(ONNXOperators.GATHER, List.of(table, index), "looked_up", Map.of("axis", 0));
        linear.apply(ONNXOperators.ADD, looked).assignTo(output);
        return model(context, false);
    }

    /**
     * A linear model whose score then goes {@code trips} times round an ONNX {@code Loop} that leaves it unchanged:
     * the right signature and the right scores, and a run time that grows with {@code trips} (about a microsecond each),
     * without bound for a large count. Built from the protobuf directly: tribuo has no graph-valued attributes.
     */
    public static byte[] looping(float[] weights, long trips) {
        int inputs = weights.length;
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("looping")
            .addInput(valueInfo("features", OnnxMl.TensorProto.DataType.FLOAT, dim("N"), dim(inputs)))
            .addOutput(valueInfo("score", OnnxMl.TensorProto.DataType.FLOAT, dim("N"), dim(1)))
            .addInitializer(floats("w", weights, inputs, 1))
            .addInitializer(floats("b", new float[] { 0f }, 1))
            .addInitializer(OnnxMl.TensorProto.newBuilder().setName("trips").setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addInt64Data(trips))
            .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gemm").addInput("features").addInput("w").addInput("b").addOutput("linear"));
        OnnxMl.GraphProto body = OnnxMl.GraphProto.newBuilder().setName("unchanged")
            .addInput(valueInfo("i", OnnxMl.TensorProto.DataType.INT64))
            .addInput(valueInfo("cond_in", OnnxMl.TensorProto.DataType.BOOL))
            .addInput(valueInfo("v_in", OnnxMl.TensorProto.DataType.FLOAT, dim("N"), dim(1)))
            .addOutput(valueInfo("cond_out", OnnxMl.TensorProto.DataType.BOOL))
            .addOutput(valueInfo("v_out", OnnxMl.TensorProto.DataType.FLOAT, dim("N"), dim(1)))
            .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").addInput("cond_in").addOutput("cond_out"))
            .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").addInput("v_in").addOutput("v_out"))
            .build();
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Loop").addInput("trips").addInput("").addInput("linear").addOutput("score")
            .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("body").setType(OnnxMl.AttributeProto.AttributeType.GRAPH).setG(body)));
        return OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName("opensearch-recsys tests")
            .setGraph(graph)
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .build()
            .toByteArray();
    }

    private static OnnxMl.TensorShapeProto.Dimension dim(String param) {
        return OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(param).build();
    }

    private static OnnxMl.TensorShapeProto.Dimension dim(long value) {
        return OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(value).build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, OnnxMl.TensorProto.DataType type, OnnxMl.TensorShapeProto.Dimension... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (OnnxMl.TensorShapeProto.Dimension d : dims) {
            shape.addDim(d);
        }
        OnnxMl.TypeProto.Tensor.Builder tensor = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape);
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    private static OnnxMl.TensorProto floats(String name, float[] values, long... dims) {
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            tensor.addDims(d);
        }
        for (float v : values) {
            tensor.addFloatData(v);
        }
        return tensor.build();
    }

    /** An MLP in → hidden... → 1 with Relu between layers and weights drawn from a seeded Random (He-like scale). */
    public static byte[] mlp(int inputs, int[] hidden, long seed) {
        Random random = new Random(seed);
        List<MlpOnnx.Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int layer = 0; layer <= hidden.length; layer++) {
            int next = layer < hidden.length ? hidden[layer] : 1;
            float[] w = new float[width * next];
            double scale = Math.sqrt(2.0 / width);
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextGaussian() * scale);
            }
            layers.add(new MlpOnnx.Layer(w, new float[next]));
            width = next;
        }
        return MlpOnnx.build(inputs, layers, "opensearch-recsys tests");
    }

    /**
     * The given model with its initializer {@code tensor} moved to ONNX external data at {@code location}: the way a
     * model could ask ONNX Runtime to read a file of the node.
     */
    public static byte[] withExternalData(byte[] model, String tensor, String location) {
        try {
            OnnxMl.ModelProto.Builder builder = OnnxMl.ModelProto.parseFrom(model).toBuilder();
            OnnxMl.GraphProto.Builder graph = builder.getGraphBuilder();
            OnnxMl.TensorProto.Builder initializer = graph.getInitializerBuilderList().stream()
                .filter(t -> t.getName().equals(tensor))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no initializer [" + tensor + "] in " + graph.getInitializerList().stream().map(OnnxMl.TensorProto::getName).toList()));
            externalize(initializer, location);
            return builder.build().toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * The given model plus an {@code If} node whose {@code then_branch} subgraph holds an initializer in external data
     * at {@code location}: external data hidden one graph down.
     */
    public static byte[] withExternalDataInSubgraph(byte[] model, String location) {
        try {
            OnnxMl.ModelProto.Builder builder = OnnxMl.ModelProto.parseFrom(model).toBuilder();
            OnnxMl.TensorProto.Builder hidden = OnnxMl.TensorProto.newBuilder().setName("hidden").setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).addDims(1);
            externalize(hidden, location);
            OnnxMl.GraphProto branch = OnnxMl.GraphProto.newBuilder().setName("then").addInitializer(hidden)
                .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("hidden")).build();
            OnnxMl.NodeProto node = OnnxMl.NodeProto.newBuilder().setOpType("If").setName("branch").addInput("cond").addOutput("unused")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("then_branch").setType(OnnxMl.AttributeProto.AttributeType.GRAPH).setG(branch))
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("else_branch").setType(OnnxMl.AttributeProto.AttributeType.GRAPH).setG(branch))
                .build();
            builder.getGraphBuilder().addNode(node);
            return builder.build().toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void externalize(OnnxMl.TensorProto.Builder tensor, String location) {
        tensor.clearRawData().clearFloatData()
            .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
            .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue(location))
            .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("offset").setValue("0"));
    }

    private static ONNXNode gemm(ONNXContext context, ONNXRef<?> input, float[] weights, int rows, int cols, float[] bias, String name) {
        ONNXInitializer w = context.floatTensor(name + "_w", List.of(rows, cols), buffer -> buffer.put(weights));
        ONNXInitializer b = context.floatTensor(name + "_b", List.of(cols), buffer -> buffer.put(bias));
        return input.apply(ONNXOperators.GEMM, List.of(w, b));
    }

    private static byte[] model(ONNXContext context, boolean customDomain) {
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName("opensearch-recsys tests")
            .setGraph(context.buildGraph())
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        if (customDomain) {
            model.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(CUSTOM_DOMAIN).setVersion(1));
        }
        return model.build().toByteArray();
    }
}
