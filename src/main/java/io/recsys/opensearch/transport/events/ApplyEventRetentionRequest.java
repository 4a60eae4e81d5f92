package io.recsys.opensearch.transport.events;

import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.support.clustermanager.ClusterManagerNodeRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.Objects;

/** Names the recommender whose retention runs now. */
public final class ApplyEventRetentionRequest extends ClusterManagerNodeRequest<ApplyEventRetentionRequest> {

    /** The recommender whose old events partitions go. */
    private final String recommender;

    public ApplyEventRetentionRequest(String recommender) {
        this.recommender = Objects.requireNonNull(recommender);
    }

    public ApplyEventRetentionRequest(StreamInput in) throws IOException {
        super(in);
        this.recommender = in.readString();
    }

    public String recommender() {
        return recommender;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(recommender);
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }
}
