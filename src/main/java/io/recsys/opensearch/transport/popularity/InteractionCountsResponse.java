package io.recsys.opensearch.transport.popularity;

import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** One count per requested item, in the request's order. */
public final class InteractionCountsResponse extends ActionResponse {

    private final long[] counts;

    public InteractionCountsResponse(long[] counts) {
        this.counts = counts;
    }

    public InteractionCountsResponse(StreamInput in) throws IOException {
        super(in);
        this.counts = in.readVLongArray();
    }

    public long[] counts() {
        return counts;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVLongArray(counts);
    }
}
