package io.recsys.opensearch.vectorfetch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** float32 vectors as little-endian bytes, the form {@link VectorFetchSubPhase} returns them in. */
public final class VectorBytes {

    private VectorBytes() {}

    public static byte[] encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    /**
     * Reads a hit field value back: {@code byte[]} on the node that fetched it, or the base64 text a JSON round trip
     * makes of it. Null for anything else.
     */
    public static float[] decode(Object value) {
        byte[] bytes;
        if (value instanceof byte[] raw) {
            bytes = raw;
        } else if (value instanceof org.opensearch.core.common.bytes.BytesReference reference) {
            bytes = org.opensearch.core.common.bytes.BytesReference.toBytes(reference);
        } else if (value instanceof String text) {
            bytes = Base64.getDecoder().decode(text);
        } else {
            return null;
        }
        if (bytes.length % Float.BYTES != 0 || bytes.length == 0) {
            return null;
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
