package io.recsys.opensearch.transport.model;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** A model id or alias, or null for all models. */
public final class GetModelsRequest extends ActionRequest {

    /** Model id or alias; null lists all. */
    private final String name;

    public GetModelsRequest(String name) {
        this.name = name;
    }

    public GetModelsRequest(StreamInput in) throws IOException {
        super(in);
        this.name = in.readOptionalString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeOptionalString(name);
    }

    public String name() {
        return name;
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }
}
