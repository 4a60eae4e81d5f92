package io.recsys.opensearch.transport.stats;

import io.recsys.opensearch.model.ModelCache;
import io.recsys.opensearch.model.ModelKey;
import io.recsys.opensearch.stats.NodeStatsSnapshot;
import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/** One node's counters. */
public final class RecsysNodeStats extends BaseNodeResponse implements ToXContentFragment {

    /** Recommenders this node knows from the cluster state. */
    private final int recommenders;
    /** The node's counters. */
    private final NodeStatsSnapshot stats;
    /** Models loaded in ONNX Runtime on this node, with their memory estimate. */
    private final List<ModelCache.LoadedModel> loadedModels;

    public RecsysNodeStats(DiscoveryNode node, int recommenders, NodeStatsSnapshot stats) {
        this(node, recommenders, stats, List.of());
    }

    public RecsysNodeStats(DiscoveryNode node, int recommenders, NodeStatsSnapshot stats, List<ModelCache.LoadedModel> loadedModels) {
        super(node);
        this.recommenders = recommenders;
        this.stats = stats;
        this.loadedModels = List.copyOf(loadedModels);
    }

    public RecsysNodeStats(StreamInput in) throws IOException {
        super(in);
        this.recommenders = in.readVInt();
        this.stats = new NodeStatsSnapshot(in);
        this.loadedModels = in.readList(i -> new ModelCache.LoadedModel(new ModelKey(i.readString(), i.readVLong()), i.readVLong(), i.readVInt(), i.readVLong()));
    }

    public List<ModelCache.LoadedModel> loadedModels() {
        return loadedModels;
    }

    public NodeStatsSnapshot stats() {
        return stats;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeVInt(recommenders);
        stats.writeTo(out);
        out.writeVInt(loadedModels.size());
        for (ModelCache.LoadedModel model : loadedModels) {
            out.writeString(model.key().id());
            out.writeVLong(model.key().version());
            out.writeVLong(model.sizeInBytes());
            out.writeVInt(model.leases());
            out.writeVLong(model.loadedAtMillis());
        }
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(getNode().getId());
        builder.field("name", getNode().getName());
        builder.field("recommenders", recommenders);
        stats.toXContent(builder, params);
        builder.startArray("loaded_models");
        for (ModelCache.LoadedModel model : loadedModels) {
            builder.startObject()
                .field("model_id", model.key().id())
                .field("version", model.key().version())
                .field("size_in_bytes", model.sizeInBytes())
                .field("in_use", model.leases())
                .field("loaded_at", java.time.Instant.ofEpochMilli(model.loadedAtMillis()).toString())
                .endObject();
        }
        builder.endArray();
        return builder.endObject();
    }
}
