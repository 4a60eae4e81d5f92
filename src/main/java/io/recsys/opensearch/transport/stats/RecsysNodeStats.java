package io.recsys.opensearch.transport.stats;

import io.recsys.opensearch.stats.NodeStatsSnapshot;
import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;

/** One node's counters. */
public final class RecsysNodeStats extends BaseNodeResponse implements ToXContentFragment {

    /** Recommenders this node knows from the cluster state. */
    private final int recommenders;
    /** The node's counters. */
    private final NodeStatsSnapshot stats;

    public RecsysNodeStats(DiscoveryNode node, int recommenders, NodeStatsSnapshot stats) {
        super(node);
        this.recommenders = recommenders;
        this.stats = stats;
    }

    public RecsysNodeStats(StreamInput in) throws IOException {
        super(in);
        this.recommenders = in.readVInt();
        this.stats = new NodeStatsSnapshot(in);
    }

    public NodeStatsSnapshot stats() {
        return stats;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeVInt(recommenders);
        stats.writeTo(out);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(getNode().getId());
        builder.field("name", getNode().getName());
        builder.field("recommenders", recommenders);
        stats.toXContent(builder, params);
        return builder.endObject();
    }
}
