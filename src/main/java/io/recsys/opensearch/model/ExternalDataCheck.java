package io.recsys.opensearch.model;

import java.nio.charset.StandardCharsets;

/**
 * Refuses an ONNX model that keeps any tensor's data outside the model ("external data"). ONNX Runtime reads such a
 * tensor from the file its {@code location} names — {@code /etc/passwd}, {@code config/opensearch.yml} — so a model
 * upload could read the node's files, and its errors would tell whether a path exists. The check walks the protobuf
 * wire format of the schema's messages that can hold a tensor (the graph, its initializers, node attributes, every
 * subgraph, functions and training graphs) before ONNX Runtime ever sees the bytes.
 *
 * <p>Hand-written over the wire format instead of ONNX's generated protobuf classes: it needs five message types, and
 * protobuf-java in a plugin's class path would clash with the one OpenSearch's modules bring.
 */
final class ExternalDataCheck {

    /** Nesting limit of messages (subgraphs in subgraphs); protobuf's own default is 100. */
    static final int MAX_DEPTH = 100;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    /** TensorProto.DataLocation.EXTERNAL. */
    private static final long EXTERNAL = 1;

    /** The message types the walk descends into: only those that can hold a tensor. */
    private enum Type { MODEL, GRAPH, NODE, ATTRIBUTE, TENSOR, SPARSE_TENSOR, FUNCTION, TRAINING_INFO, STRING_ENTRY, OTHER }

    private final byte[] bytes;
    private final String field;

    private ExternalDataCheck(byte[] bytes, String field) {
        this.bytes = bytes;
        this.field = field;
    }

    /**
     * @throws IllegalArgumentException naming {@code field} and the tensor when any tensor has external data, or when
     *                                  the bytes are not a protobuf message
     */
    static void refuseExternalData(byte[] bytes, String field) {
        new ExternalDataCheck(bytes, field).walk(Type.MODEL, 0, bytes.length, 0);
    }

    /** The child message type of a length-delimited field of {@code type}, or null when the field is not a message that can hold a tensor. */
    private static Type child(Type type, int number) {
        return switch (type) {
            case MODEL -> switch (number) {
                case 7 -> Type.GRAPH;
                case 20 -> Type.TRAINING_INFO;
                case 25 -> Type.FUNCTION;
                default -> null;
            };
            case GRAPH -> switch (number) {
                case 1 -> Type.NODE;
                case 5 -> Type.TENSOR;
                case 15 -> Type.SPARSE_TENSOR;
                default -> null;
            };
            case NODE -> number == 5 ? Type.ATTRIBUTE : null;
            case ATTRIBUTE -> switch (number) {
                case 5, 10 -> Type.TENSOR;
                case 6, 11 -> Type.GRAPH;
                case 22, 23 -> Type.SPARSE_TENSOR;
                default -> null;
            };
            case SPARSE_TENSOR -> number == 1 || number == 2 ? Type.TENSOR : null;
            case FUNCTION -> switch (number) {
                case 7 -> Type.NODE;
                case 11 -> Type.ATTRIBUTE;
                default -> null;
            };
            case TRAINING_INFO -> number == 1 || number == 2 ? Type.GRAPH : null;
            case TENSOR -> number == 13 ? Type.STRING_ENTRY : null;
            default -> null;
        };
    }

    private void walk(Type type, int start, int end, int depth) {
        if (depth > MAX_DEPTH) {
            throw refused("its graphs are nested deeper than " + MAX_DEPTH + " levels");
        }
        int[] position = { start };
        String tensorName = null;
        boolean external = false;
        String location = null;
        while (position[0] < end) {
            long tag = varint(position, end);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (number <= 0) {
                throw malformed();
            }
            switch (wireType) {
                case VARINT -> {
                    long value = varint(position, end);
                    if (type == Type.TENSOR && number == 14 && value == EXTERNAL) {
                        external = true;
                    }
                }
                case FIXED64 -> skip(position, 8, end);
                case FIXED32 -> skip(position, 4, end);
                case LENGTH_DELIMITED -> {
                    long length = varint(position, end);
                    if (length < 0 || length > end - position[0]) {
                        throw malformed();
                    }
                    int from = position[0];
                    int to = from + (int) length;
                    if (type == Type.TENSOR && number == 8) {
                        tensorName = new String(bytes, from, to - from, StandardCharsets.UTF_8);
                    } else if (type == Type.TENSOR && number == 13) {
                        external = true;
                        location = location == null ? entryValue(from, to, "location") : location;
                    } else {
                        Type nested = child(type, number);
                        if (nested != null) {
                            walk(nested, from, to, depth + 1);
                        }
                    }
                    position[0] = to;
                }
                default -> throw malformed();
            }
        }
        if (position[0] != end) {
            throw malformed();
        }
        if (external) {
            throw refused("tensor [" + (tensorName == null ? "" : tensorName) + "] keeps its data outside the model (ONNX external data"
                + (location == null ? "" : ", location [" + location + "]")
                + "); store every tensor inside the model (for example onnx.save_model(model, path, save_as_external_data=False))");
        }
    }

    /** The value of a StringStringEntryProto (key 1, value 2) whose key is {@code key}, or null. */
    private String entryValue(int start, int end, String key) {
        int[] position = { start };
        String foundKey = null;
        String value = null;
        while (position[0] < end) {
            long tag = varint(position, end);
            if ((tag & 7) != LENGTH_DELIMITED) {
                return null;
            }
            long length = varint(position, end);
            if (length < 0 || length > end - position[0]) {
                throw malformed();
            }
            String text = new String(bytes, position[0], (int) length, StandardCharsets.UTF_8);
            if ((tag >>> 3) == 1) {
                foundKey = text;
            } else if ((tag >>> 3) == 2) {
                value = text;
            }
            position[0] += (int) length;
        }
        return key.equals(foundKey) ? value : null;
    }

    private long varint(int[] position, int end) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= end) {
                throw malformed();
            }
            byte b = bytes[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw malformed();
    }

    private void skip(int[] position, int count, int end) {
        if (end - position[0] < count) {
            throw malformed();
        }
        position[0] += count;
    }

    private IllegalArgumentException malformed() {
        return new IllegalArgumentException("[" + field + "] is not an ONNX model: its bytes are not a valid protobuf ModelProto");
    }

    private IllegalArgumentException refused(String why) {
        return new IllegalArgumentException("[" + field + "] the model is refused: " + why);
    }
}
