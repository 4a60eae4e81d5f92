package io.recsys.opensearch.transport.events;

import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** The raw body (JSON array or NDJSON), parsed where it is applied so one bad event refuses only itself. */
public final class IngestEventsRequest extends ActionRequest implements IndicesRequest {

    /** Target recommender. */
    private final String recommender;
    /** The events, as sent. */
    private final BytesReference body;

    public IngestEventsRequest(String recommender, BytesReference body) {
        this.recommender = recommender;
        this.body = body;
    }

    public IngestEventsRequest(StreamInput in) throws IOException {
        super(in);
        this.recommender = in.readString();
        this.body = in.readBytesReference();
    }

    public String recommender() {
        return recommender;
    }

    public BytesReference body() {
        return body;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(recommender);
        out.writeBytesReference(body);
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
