package io.recsys.opensearch.transport.popularity;

import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.support.single.shard.SingleShardRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.List;

/** The events index and the items to count. */
public final class InteractionCountsRequest extends SingleShardRequest<InteractionCountsRequest> {

    private final List<String> items;

    public InteractionCountsRequest(String eventsIndex, List<String> items) {
        super(eventsIndex);
        this.items = List.copyOf(items);
    }

    public InteractionCountsRequest(StreamInput in) throws IOException {
        super(in);
        this.items = in.readStringList();
    }

    public List<String> items() {
        return items;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeStringCollection(items);
    }

    @Override
    public ActionRequestValidationException validate() {
        return validateNonNullIndex();
    }
}
