package io.recsys.opensearch.transport.profile;

import io.recsys.opensearch.transport.RecommenderScopedRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** {@code {"from": "u1", "into": "u2"}}, validated by the REST layer. */
public final class MergeUsersRequest extends RecommenderScopedRequest {

    /** The account that is merged away. */
    private final String from;
    /** The account that receives it. */
    private final String into;

    public MergeUsersRequest(String recommender, String from, String into) {
        super(recommender);
        this.from = from;
        this.into = into;
    }

    public MergeUsersRequest(StreamInput in) throws IOException {
        super(in);
        this.from = in.readString();
        this.into = in.readString();
    }

    public String from() {
        return from;
    }

    public String into() {
        return into;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(from);
        out.writeString(into);
    }
}
