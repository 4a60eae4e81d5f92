package io.recsys.opensearch.transport.profile;

import io.recsys.opensearch.transport.RecommenderScopedRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** Names one profile of one recommender (read or forget). */
public final class ProfileRequest extends RecommenderScopedRequest {

    /** The user id, or an anonymous profile id {@code anon:<platform>:<id>}. */
    private final String userId;

    public ProfileRequest(String recommender, String userId) {
        super(recommender);
        this.userId = userId;
    }

    public ProfileRequest(StreamInput in) throws IOException {
        super(in);
        this.userId = in.readString();
    }

    public String userId() {
        return userId;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(userId);
    }
}
