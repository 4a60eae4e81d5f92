package io.recsys.opensearch.transport.events;

import io.recsys.opensearch.transport.RecommenderScopedRequest;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** The raw body (JSON array or NDJSON), parsed where it is applied so one bad event refuses only itself. */
public final class IngestEventsRequest extends RecommenderScopedRequest {

    /** The events, as sent. */
    private final BytesReference body;

    public IngestEventsRequest(String recommender, BytesReference body) {
        super(recommender);
        this.body = body;
    }

    public IngestEventsRequest(StreamInput in) throws IOException {
        super(in);
        this.body = in.readBytesReference();
    }

    public BytesReference body() {
        return body;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeBytesReference(body);
    }
}
