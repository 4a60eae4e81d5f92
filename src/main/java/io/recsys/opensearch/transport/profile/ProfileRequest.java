package io.recsys.opensearch.transport.profile;

import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** Names one profile of one recommender (read or forget). */
public final class ProfileRequest extends ActionRequest implements IndicesRequest {

    /** The recommender. */
    private final String recommender;
    /** The user id, or an anonymous profile id {@code anon:<platform>:<id>}. */
    private final String userId;

    public ProfileRequest(String recommender, String userId) {
        this.recommender = recommender;
        this.userId = userId;
    }

    public ProfileRequest(StreamInput in) throws IOException {
        super(in);
        this.recommender = in.readString();
        this.userId = in.readString();
    }

    public String recommender() {
        return recommender;
    }

    public String userId() {
        return userId;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(recommender);
        out.writeString(userId);
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
