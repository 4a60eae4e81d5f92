package io.recsys.opensearch.transport.events;

import io.recsys.opensearch.events.EventRetentionResult;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;

/** What the retention run did: {@link EventRetentionResult}. */
public final class ApplyEventRetentionResponse extends ActionResponse implements ToXContentObject {

    private final EventRetentionResult result;

    public ApplyEventRetentionResponse(EventRetentionResult result) {
        this.result = result;
    }

    public ApplyEventRetentionResponse(StreamInput in) throws IOException {
        super(in);
        this.result = new EventRetentionResult(in);
    }

    public EventRetentionResult result() {
        return result;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        result.writeTo(out);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return result.toXContent(builder, params);
    }
}
