package io.recsys.opensearch.transport.stats;

import org.opensearch.action.support.nodes.BaseNodesRequest;
import org.opensearch.core.common.io.stream.StreamInput;

import java.io.IOException;

/** Asks the given nodes (all when none) for their counters. */
public final class RecsysStatsRequest extends BaseNodesRequest<RecsysStatsRequest> {

    public RecsysStatsRequest(String... nodeIds) {
        super(nodeIds);
    }

    public RecsysStatsRequest(StreamInput in) throws IOException {
        super(in);
    }
}
