package io.recsys.opensearch.events;

import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * What one retention run did for one recommender.
 *
 * @param recommender the recommender's name
 * @param retention   its {@code events.retention}, or null (nothing is ever dropped)
 * @param cutoff      epoch millis before which events are no longer kept (now minus the retention), or null
 * @param deleted     the partitions this run deleted, oldest first
 * @param partitions  the events indices left behind the alias, oldest first
 */
public record EventRetentionResult(String recommender, TimeValue retention, Long cutoff, List<String> deleted, List<String> partitions)
    implements
        Writeable,
        ToXContentObject {

    public EventRetentionResult {
        deleted = List.copyOf(deleted);
        partitions = List.copyOf(partitions);
    }

    public EventRetentionResult(StreamInput in) throws IOException {
        this(in.readString(), in.readOptionalTimeValue(), in.readOptionalLong(), in.readStringList(), in.readStringList());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(recommender);
        out.writeOptionalTimeValue(retention);
        out.writeOptionalLong(cutoff);
        out.writeStringCollection(deleted);
        out.writeStringCollection(partitions);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("recommender", recommender);
        builder.field("retention", retention == null ? null : retention.getStringRep());
        builder.field("cutoff", cutoff == null ? null : Instant.ofEpochMilli(cutoff).toString());
        builder.field("deleted", deleted);
        builder.field("partitions", partitions);
        return builder.endObject();
    }
}
