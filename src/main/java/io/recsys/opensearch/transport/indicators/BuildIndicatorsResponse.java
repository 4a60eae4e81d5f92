package io.recsys.opensearch.transport.indicators;

import io.recsys.opensearch.indicators.BuildSummary;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;

/** The build's summary. */
public final class BuildIndicatorsResponse extends ActionResponse implements ToXContentObject {

    /** What the build did. */
    private final BuildSummary summary;

    public BuildIndicatorsResponse(BuildSummary summary) {
        this.summary = summary;
    }

    public BuildIndicatorsResponse(StreamInput in) throws IOException {
        super(in);
        this.summary = new BuildSummary(in);
    }

    public BuildSummary summary() {
        return summary;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        summary.writeTo(out);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return summary.toXContent(builder, params);
    }
}
