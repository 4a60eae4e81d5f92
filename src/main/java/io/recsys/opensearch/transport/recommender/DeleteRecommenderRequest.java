package io.recsys.opensearch.transport.recommender;

import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.support.clustermanager.AcknowledgedRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.Objects;

/** Names the recommender to delete. */
public final class DeleteRecommenderRequest extends AcknowledgedRequest<DeleteRecommenderRequest> {

    /** The recommender to delete. */
    private final String name;

    public DeleteRecommenderRequest(String name) {
        this.name = Objects.requireNonNull(name);
    }

    public DeleteRecommenderRequest(StreamInput in) throws IOException {
        super(in);
        this.name = in.readString();
    }

    public String name() {
        return name;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(name);
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }
}
