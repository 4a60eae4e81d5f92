package io.recsys.opensearch.transport.recommender;

import io.recsys.opensearch.recommender.RecommenderConfig;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.support.clustermanager.AcknowledgedRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.Objects;

/** A recommender's name and its parsed, validated configuration. */
public final class PutRecommenderRequest extends AcknowledgedRequest<PutRecommenderRequest> {

    /** Recommender name, already checked by the REST layer. */
    private final String name;
    /** The new configuration (replaces the old one entirely). */
    private final RecommenderConfig config;

    public PutRecommenderRequest(String name, RecommenderConfig config) {
        this.name = Objects.requireNonNull(name);
        this.config = Objects.requireNonNull(config);
    }

    public PutRecommenderRequest(StreamInput in) throws IOException {
        super(in);
        this.name = in.readString();
        this.config = new RecommenderConfig(in);
    }

    public String name() {
        return name;
    }

    public RecommenderConfig config() {
        return config;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(name);
        config.writeTo(out);
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }
}
