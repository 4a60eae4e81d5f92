package io.recsys.opensearch.transport.events;

import io.recsys.opensearch.events.EventResult;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/** Bulk-style: {@code took}, {@code errors}, and one item per event in request order. */
public final class IngestEventsResponse extends ActionResponse implements ToXContentObject {

    /** Milliseconds spent. */
    private final long tookMillis;
    /** One per event, in order. */
    private final List<EventResult> items;

    public IngestEventsResponse(long tookMillis, List<EventResult> items) {
        this.tookMillis = tookMillis;
        this.items = List.copyOf(items);
    }

    public IngestEventsResponse(StreamInput in) throws IOException {
        super(in);
        this.tookMillis = in.readVLong();
        this.items = in.readList(EventResult::new);
    }

    public List<EventResult> items() {
        return items;
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(EventResult::failed);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVLong(tookMillis);
        out.writeList(items);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("took", tookMillis);
        builder.field("errors", hasErrors());
        builder.startArray("items");
        for (EventResult item : items) {
            item.toXContent(builder, params);
        }
        builder.endArray();
        return builder.endObject();
    }
}
