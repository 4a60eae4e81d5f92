package io.recsys.opensearch.vectorfetch;

import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.search.SearchExtBuilder;

import java.io.IOException;
import java.util.Objects;

/**
 * {@code "ext": {"recsys_vectors": {"field": "embedding"}}}: return each hit's vector of that {@code knn_vector} field as
 * raw float32 bytes (little-endian) in the hit's fields, read from the segment's vector values.
 * <p>
 * Why: the plugin's own searches need the catalog vectors of a few hundred candidates per request and of every item an
 * event batch touches. Through {@code _source} each vector is rebuilt by k-NN's derived source, printed as decimal text
 * and parsed back: that was the largest cost of a {@code recommend} query and of event ingest. The bytes skip all of it.
 */
public final class VectorFetchExt extends SearchExtBuilder {

    public static final String NAME = "recsys_vectors";

    private final String field;

    public VectorFetchExt(String field) {
        this.field = Objects.requireNonNull(field);
    }

    public VectorFetchExt(StreamInput in) throws IOException {
        this.field = in.readString();
    }

    /** The {@code knn_vector} field whose vectors are returned. */
    public String field() {
        return field;
    }

    public static VectorFetchExt fromXContent(XContentParser parser) throws IOException {
        if (parser.currentToken() != XContentParser.Token.START_OBJECT && parser.nextToken() != XContentParser.Token.START_OBJECT) {
            throw new ParsingException(parser.getTokenLocation(), "[ext." + NAME + "] must be an object: {\"field\": \"...\"}");
        }
        String field = null;
        for (XContentParser.Token token = parser.nextToken(); token != XContentParser.Token.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            token = parser.nextToken();
            if ("field".equals(name) == false) {
                throw new ParsingException(parser.getTokenLocation(), "[ext." + NAME + "] unknown field [" + name + "]; the only field is [field]");
            }
            if (token != XContentParser.Token.VALUE_STRING) {
                throw new ParsingException(parser.getTokenLocation(), "[ext." + NAME + ".field] must be a string");
            }
            field = parser.text();
        }
        if (field == null || field.isBlank()) {
            throw new ParsingException(parser.getTokenLocation(), "[ext." + NAME + ".field] is required: the knn_vector field to return");
        }
        return new VectorFetchExt(field);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(field);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject(NAME).field("field", field).endObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorFetchExt other && field.equals(other.field);
    }

    @Override
    public int hashCode() {
        return field.hashCode();
    }

    @Override
    public String toString() {
        return NAME + "[" + field + "]";
    }
}
