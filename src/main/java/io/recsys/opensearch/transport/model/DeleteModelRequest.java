package io.recsys.opensearch.transport.model;

import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.support.clustermanager.AcknowledgedRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.Objects;

/** The id of the model to delete. */
public final class DeleteModelRequest extends AcknowledgedRequest<DeleteModelRequest> {

    /** Model id. */
    private final String modelId;

    public DeleteModelRequest(String modelId) {
        this.modelId = Objects.requireNonNull(modelId);
    }

    public DeleteModelRequest(StreamInput in) throws IOException {
        super(in);
        this.modelId = in.readString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(modelId);
    }

    public String modelId() {
        return modelId;
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }
}
