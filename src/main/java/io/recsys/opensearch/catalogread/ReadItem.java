package io.recsys.opensearch.catalogread;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;

/**
 * A catalog item as a read returns it.
 *
 * @param id        item id
 * @param score     the k-NN score (a k-NN read), else 0
 * @param vector    its vector, or null when it has none
 * @param category  its category, or null
 * @param price     its price, or null
 * @param diversity the value of the diversity field, or null
 * @param address   where the read found it, or null
 */
public record ReadItem(String id, float score, float[] vector, String category, Double price, String diversity, DocAddress address) implements Writeable {

    public ReadItem(StreamInput in) throws IOException {
        this(in.readString(), in.readFloat(), in.readBoolean() ? in.readFloatArray() : null, in.readOptionalString(), in.readOptionalDouble(),
            in.readOptionalString(), in.readOptionalWriteable(DocAddress::new));
    }

    /** The same item with the score another read gave it. */
    public ReadItem withScore(float otherScore) {
        return new ReadItem(id, otherScore, vector, category, price, diversity, address);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(id);
        out.writeFloat(score);
        out.writeBoolean(vector != null);
        if (vector != null) {
            out.writeFloatArray(vector);
        }
        out.writeOptionalString(category);
        out.writeOptionalDouble(price);
        out.writeOptionalString(diversity);
        out.writeOptionalWriteable(address);
    }
}
