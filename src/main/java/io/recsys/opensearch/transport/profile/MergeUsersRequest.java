package io.recsys.opensearch.transport.profile;

import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** {@code {"from": "u1", "into": "u2"}}, validated by the REST layer. */
public final class MergeUsersRequest extends ActionRequest implements IndicesRequest {

    /** The recommender. */
    private final String recommender;
    /** The account that is merged away. */
    private final String from;
    /** The account that receives it. */
    private final String into;

    public MergeUsersRequest(String recommender, String from, String into) {
        this.recommender = recommender;
        this.from = from;
        this.into = into;
    }

    public MergeUsersRequest(StreamInput in) throws IOException {
        super(in);
        this.recommender = in.readString();
        this.from = in.readString();
        this.into = in.readString();
    }

    public String recommender() {
        return recommender;
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
        out.writeString(recommender);
        out.writeString(from);
        out.writeString(into);
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
