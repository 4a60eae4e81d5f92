package io.recsys.opensearch.transport.recommender;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** The recommender to read; null reads all of them. */
public final class GetRecommenderRequest extends ActionRequest {

    /** Recommender name, or null for all. */
    private final String name;

    public GetRecommenderRequest(String name) {
        this.name = name;
    }

    /** Reads every recommender. */
    public static GetRecommenderRequest all() {
        return new GetRecommenderRequest((String) null);
    }

    public GetRecommenderRequest(StreamInput in) throws IOException {
        super(in);
        this.name = in.readOptionalString();
    }

    public String name() {
        return name;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeOptionalString(name);
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }
}
