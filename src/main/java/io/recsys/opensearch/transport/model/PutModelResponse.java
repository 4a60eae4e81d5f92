package io.recsys.opensearch.transport.model;

import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;

/** {@code {"acknowledged", "model_id", "version", "result": "created" | "updated" | "noop"}}. */
public final class PutModelResponse extends ActionResponse implements ToXContentObject {

    /** All nodes applied the registry change within the timeout. */
    private final boolean acknowledged;
    /** The model id. */
    private final String modelId;
    /** The version now registered. */
    private final long version;
    /** created, updated, or noop (create-only and the id existed). */
    private final String result;

    public PutModelResponse(boolean acknowledged, String modelId, long version, String result) {
        this.acknowledged = acknowledged;
        this.modelId = modelId;
        this.version = version;
        this.result = result;
    }

    public PutModelResponse(StreamInput in) throws IOException {
        super(in);
        this.acknowledged = in.readBoolean();
        this.modelId = in.readString();
        this.version = in.readVLong();
        this.result = in.readString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeBoolean(acknowledged);
        out.writeString(modelId);
        out.writeVLong(version);
        out.writeString(result);
    }

    public long version() {
        return version;
    }

    public String result() {
        return result;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject()
            .field("acknowledged", acknowledged)
            .field("model_id", modelId)
            .field("version", version)
            .field("result", result)
            .endObject();
    }
}
