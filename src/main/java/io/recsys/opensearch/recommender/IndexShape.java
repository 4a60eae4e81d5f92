package io.recsys.opensearch.recommender;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;

/**
 * Shards and replicas asked for one of a recommender's own indices; each null when not asked (a matching index template,
 * else the plugin's default, decides).
 *
 * @param numberOfShards   primary shards, at least 1
 * @param numberOfReplicas replicas per primary, at least 0
 */
public record IndexShape(Integer numberOfShards, Integer numberOfReplicas) implements Writeable, ToXContentObject {

    public static final String NUMBER_OF_SHARDS = "number_of_shards";
    public static final String NUMBER_OF_REPLICAS = "number_of_replicas";
    /** OpenSearch's own bound (es.index.max_number_of_shards); a larger value could never create the index. */
    public static final int MAX_SHARDS = 1024;
    public static final IndexShape UNSET = new IndexShape(null, null);

    public IndexShape(StreamInput in) throws IOException {
        this(in.readOptionalVInt(), in.readOptionalVInt());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeOptionalVInt(numberOfShards);
        out.writeOptionalVInt(numberOfReplicas);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        if (numberOfShards != null) {
            builder.field(NUMBER_OF_SHARDS, numberOfShards.intValue());
        }
        if (numberOfReplicas != null) {
            builder.field(NUMBER_OF_REPLICAS, numberOfReplicas.intValue());
        }
        return builder.endObject();
    }
}
