package io.recsys.opensearch.transport.profile;

import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Map;

/** A response whose body was rendered as JSON where it was computed (profiles, link and forget results). */
public final class ProfileJsonResponse extends ActionResponse implements ToXContentObject {

    /** The rendered JSON object. */
    private final BytesReference json;

    public ProfileJsonResponse(BytesReference json) {
        this.json = json;
    }

    public ProfileJsonResponse(StreamInput in) throws IOException {
        super(in);
        this.json = in.readBytesReference();
    }

    public Map<String, Object> asMap() {
        return XContentHelper.convertToMap(json, true, XContentType.JSON).v2();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeBytesReference(json);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.map(asMap());
    }
}
