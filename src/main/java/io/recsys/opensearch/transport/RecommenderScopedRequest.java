package io.recsys.opensearch.transport;

import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/**
 * A request about one recommender's own data (events, profiles, identities): it names the recommender first on the
 * wire, and names the recommender's own indices to a security plugin, so a role scoped to {@code recsys-{name}-*}
 * decides whether it runs. Its body is validated where it is parsed (REST), with errors naming the field.
 */
public abstract class RecommenderScopedRequest extends ActionRequest implements IndicesRequest {

    private final String recommender;

    protected RecommenderScopedRequest(String recommender) {
        this.recommender = recommender;
    }

    protected RecommenderScopedRequest(StreamInput in) throws IOException {
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
