package io.recsys.opensearch.transport.stats;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.transport.TransportRequest;

import java.io.IOException;

/** The per-node part of a stats request; it carries nothing, every node reports all its counters. */
public final class RecsysNodeStatsRequest extends TransportRequest {

    public RecsysNodeStatsRequest() {}

    public RecsysNodeStatsRequest(StreamInput in) throws IOException {
        super(in);
    }
}
