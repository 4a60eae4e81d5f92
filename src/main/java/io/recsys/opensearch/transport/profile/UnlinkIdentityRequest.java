package io.recsys.opensearch.transport.profile;

import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** {@code {"identity": {"platform", "id"}, "user_id"}}, validated by the REST layer. */
public final class UnlinkIdentityRequest extends ActionRequest implements IndicesRequest {

    /** The recommender. */
    private final String recommender;
    /** The identity to unlink. */
    private final Identity identity;
    /** The user the caller believes the identity belongs to (409 when it is another), or null: whoever it is. */
    private final String expectedUserId;

    public UnlinkIdentityRequest(String recommender, Identity identity, String expectedUserId) {
        this.recommender = recommender;
        this.identity = identity;
        this.expectedUserId = expectedUserId;
    }

    public UnlinkIdentityRequest(StreamInput in) throws IOException {
        super(in);
        this.recommender = in.readString();
        this.identity = new Identity(in.readString(), in.readString());
        this.expectedUserId = in.readOptionalString();
    }

    public String recommender() {
        return recommender;
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
        out.writeString(recommender);
        out.writeString(identity.platform());
        out.writeString(identity.id());
        out.writeOptionalString(expectedUserId);
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }

    /** The recommender's own indices: what a security plugin checks this action against (a role scoped to recsys-{name}-*). */
    @Override
    public String[] indices() {
        return RecommenderIndices.of(recommender).all().toArray(String[]::new);
    }

    @Override
    public IndicesOptions indicesOptions() {
        return IndicesOptions.lenientExpandOpen();
    }
}
