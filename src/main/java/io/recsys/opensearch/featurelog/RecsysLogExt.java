package io.recsys.opensearch.featurelog;

import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.search.SearchExtBuilder;

import java.io.IOException;
import java.util.Objects;

/**
 * {@code "ext": {"recsys_log": {"request_id": "r-1"}}}: log, for each hit the search returns, the features that were
 * scored, the model version, the position and the sources, under the client's request id (which later events of the
 * same page view carry, so that they join into training examples).
 */
public final class RecsysLogExt extends SearchExtBuilder {

    public static final String NAME = "recsys_log";
    /** Request ids become document ids of the feature log: bounded like them. */
    public static final int MAX_REQUEST_ID_LENGTH = 256;

    /** The client's id for this page view. */
    private final String requestId;

    public RecsysLogExt(String requestId) {
        this.requestId = Objects.requireNonNull(requestId);
    }

    public RecsysLogExt(StreamInput in) throws IOException {
        this.requestId = in.readString();
    }

    public String requestId() {
        return requestId;
    }

    public static RecsysLogExt fromXContent(XContentParser parser) throws IOException {
        if (parser.currentToken() != XContentParser.Token.START_OBJECT && parser.nextToken() != XContentParser.Token.START_OBJECT) {
            throw new ParsingException(parser.getTokenLocation(), "[ext.recsys_log] must be an object: {\"request_id\": \"...\"}");
        }
        String requestId = null;
        for (XContentParser.Token token = parser.nextToken(); token != XContentParser.Token.END_OBJECT; token = parser.nextToken()) {
            String field = parser.currentName();
            token = parser.nextToken();
            if ("request_id".equals(field) == false) {
                throw new ParsingException(parser.getTokenLocation(), "[ext.recsys_log] unknown field [" + field + "]; the only field is [request_id]");
            }
            if (token != XContentParser.Token.VALUE_STRING && token != XContentParser.Token.VALUE_NUMBER) {
                throw new ParsingException(parser.getTokenLocation(), "[ext.recsys_log.request_id] must be a string");
            }
            requestId = parser.text();
        }
        if (requestId == null || requestId.isBlank()) {
            throw new ParsingException(parser.getTokenLocation(), "[ext.recsys_log.request_id] is required: the client's id of this page view");
        }
        if (requestId.length() > MAX_REQUEST_ID_LENGTH) {
            throw new ParsingException(parser.getTokenLocation(), "[ext.recsys_log.request_id] is longer than " + MAX_REQUEST_ID_LENGTH + " characters");
        }
        return new RecsysLogExt(requestId);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(requestId);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject(NAME).field("request_id", requestId).endObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecsysLogExt other && requestId.equals(other.requestId);
    }

    @Override
    public int hashCode() {
        return requestId.hashCode();
    }

    @Override
    public String toString() {
        return NAME + "[" + requestId + "]";
    }
}
