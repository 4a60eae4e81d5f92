package io.recsys.opensearch.transport.stats;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/** Every node's counters, keyed by node id under {@code nodes}, like the core {@code _nodes/stats}. */
public final class RecsysStatsResponse extends BaseNodesResponse<RecsysNodeStats> implements ToXContentFragment {

    public RecsysStatsResponse(ClusterName clusterName, List<RecsysNodeStats> nodes, List<FailedNodeException> failures) {
        super(clusterName, nodes, failures);
    }

    public RecsysStatsResponse(StreamInput in) throws IOException {
        super(in);
    }

    @Override
    protected List<RecsysNodeStats> readNodesFrom(StreamInput in) throws IOException {
        return in.readList(RecsysNodeStats::new);
    }

    @Override
    protected void writeNodesTo(StreamOutput out, List<RecsysNodeStats> nodes) throws IOException {
        out.writeList(nodes);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject("nodes");
        for (RecsysNodeStats node : getNodes()) {
            node.toXContent(builder, params);
        }
        return builder.endObject();
    }
}
