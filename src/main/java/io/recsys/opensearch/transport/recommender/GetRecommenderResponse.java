package io.recsys.opensearch.transport.recommender;

import io.recsys.opensearch.recommender.IndexKind;
import io.recsys.opensearch.recommender.IndexShape;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/** Recommenders as stored, with what their catalog resolves to now. */
public final class GetRecommenderResponse extends ActionResponse implements ToXContentObject {

    /**
     * One recommender.
     *
     * @param name         its name
     * @param config       its stored configuration
     * @param dimension    dimension of the catalog's vectors now, or -1 when the catalog no longer fits
     * @param catalogError why the catalog no longer fits (deleted, remapped), or null
     */
    public record Entry(String name, RecommenderConfig config, int dimension, String catalogError) implements Writeable {
        Entry(StreamInput in) throws IOException {
            this(in.readString(), new RecommenderConfig(in), in.readInt(), in.readOptionalString());
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            out.writeString(name);
            config.writeTo(out);
            out.writeInt(dimension);
            out.writeOptionalString(catalogError);
        }
    }

    /** In name order. */
    private final List<Entry> entries;

    public GetRecommenderResponse(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public GetRecommenderResponse(StreamInput in) throws IOException {
        super(in);
        this.entries = in.readList(Entry::new);
    }

    public List<Entry> entries() {
        return entries;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeList(entries);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        for (Entry entry : entries) {
            builder.startObject(entry.name());
            builder.startObject("catalog");
            entry.config().catalog().toXContentFields(builder);
            if (entry.catalogError() == null) {
                builder.field("dimension", entry.dimension());
            } else {
                builder.field("error", entry.catalogError());
            }
            builder.endObject();
            builder.field("events", entry.config().events(), params);
            builder.field("model", entry.config().model());
            builder.startObject("fusion").field("weights", entry.config().fusion(), params).endObject();
            // each own index: its name, and the shards and replicas the configuration asked for it (absent: template or default)
            RecommenderIndices indices = RecommenderIndices.of(entry.name());
            builder.startObject("indices");
            for (IndexKind kind : IndexKind.values()) {
                IndexShape shape = entry.config().indices().shape(kind);
                builder.startObject(kind.jsonName()).field("index", kind.indexOf(indices));
                if (shape.numberOfShards() != null) {
                    builder.field(IndexShape.NUMBER_OF_SHARDS, shape.numberOfShards().intValue());
                }
                if (shape.numberOfReplicas() != null) {
                    builder.field(IndexShape.NUMBER_OF_REPLICAS, shape.numberOfReplicas().intValue());
                }
                builder.endObject();
            }
            builder.endObject();
            builder.endObject();
        }
        return builder.endObject();
    }
}
