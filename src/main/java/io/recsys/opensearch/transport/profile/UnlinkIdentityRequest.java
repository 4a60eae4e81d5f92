package io.recsys.opensearch.transport.profile;

import io.recsys.opensearch.transport.RecommenderScopedRequest;
import io.recsys.opensearch.events.Identity;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** {@code {"identity": {"platform", "id"}, "user_id"}}, validated by the REST layer. */
public final class UnlinkIdentityRequest extends RecommenderScopedRequest {

    /** The identity to unlink. */
    private final Identity identity;
    /** The user the caller believes the identity belongs to (409 when it is another), or null: whoever it is. */
    private final String expectedUserId;

    public UnlinkIdentityRequest(String recommender, Identity identity, String expectedUserId) {
        super(recommender);
        this.identity = identity;
        this.expectedUserId = expectedUserId;
    }

    public UnlinkIdentityRequest(StreamInput in) throws IOException {
        super(in);
        this.identity = new Identity(in.readString(), in.readString());
        this.expectedUserId = in.readOptionalString();
    }

    public Identity identity() {
        return identity;
    }

    public String expectedUserId() {
        return expectedUserId;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(identity.platform());
        out.writeString(identity.id());
        out.writeOptionalString(expectedUserId);
    }
}
